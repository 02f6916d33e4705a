"""A denormalised copy keyed by category, filled from products page by page (async)."""

from coodie.management.migrations import Migration


class ForwardMigration(Migration):
    async def upgrade(self, ctx):
        await ctx.execute(
            f"CREATE TABLE IF NOT EXISTS {ctx.keyspace}.products_by_category "
            "(category text, id int, name text, cents int, PRIMARY KEY (category, id))"
        )
        async for page in ctx.scan_table(
            "products", columns=["category", "name", "cents"], page_size=200
        ):
            await ctx.update_rows("products_by_category", page)

    async def downgrade(self, ctx):
        await ctx.drop_table("products_by_category", destructive=True)
