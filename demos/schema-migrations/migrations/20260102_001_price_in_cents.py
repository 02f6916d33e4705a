"""A new int column, backfilled from the text price by token ranges (resumable)."""

from coodie.management.migrations import Migration


class ForwardMigration(Migration):
    def upgrade(self, ctx):
        ctx.add_column("products", "cents", "int")
        ctx.backfill(
            "products",
            lambda row: {"cents": round(float(row["price"]) * 100)} if row["price"] else None,
            columns=["price"],
            page_size=200,
        )

    def downgrade(self, ctx):
        ctx.drop_column("products", "cents", destructive=True)
