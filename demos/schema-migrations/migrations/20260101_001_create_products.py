"""The first table: products with a price stored as text (the mistake to fix later)."""

from coodie.management.migrations import Migration


class ForwardMigration(Migration):
    def upgrade(self, ctx):
        ctx.execute(
            f"CREATE TABLE IF NOT EXISTS {ctx.keyspace}.products "
            "(id int PRIMARY KEY, name text, category text, price text)"
        )

    def downgrade(self, ctx):
        ctx.drop_table("products", destructive=True)
