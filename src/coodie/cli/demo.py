"""``coodie demo``: a product-catalog story on the embedded engine.

It needs no server: everything runs in this process. Run it with::

    coodie demo

or from Python::

    from coodie.cli.demo import run_demo

    run_demo(color=False)
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID, uuid4

from coodie import ClusteringKey, Counter, Indexed, PrimaryKey, UserType
from coodie.sync import (
    BatchQuery,
    CounterDocument,
    Document,
    create_keyspace,
    init_coodie,
    shutdown,
)

KEYSPACE = "catalog"


class Dimensions(UserType):
    """Package size in centimetres: a user-defined type."""

    width: float
    height: float
    depth: float

    class Settings:
        keyspace = KEYSPACE


class Product(Document):
    """A catalog entry with a UDT, a set, a map and an indexed column."""

    id: Annotated[UUID, PrimaryKey()]
    name: str
    brand: Annotated[str, Indexed()]
    price: Decimal
    tags: set[str] = set()
    attributes: dict[str, str] = {}
    size: Dimensions | None = None

    class Settings:
        keyspace = KEYSPACE


class Review(Document):
    """Reviews of one product, newest first."""

    product_id: Annotated[UUID, PrimaryKey()]
    created_at: Annotated[datetime, ClusteringKey(order="DESC")]
    stars: int
    text: str = ""

    class Settings:
        keyspace = KEYSPACE


class ProductViews(CounterDocument):
    """A counter table: page views per product."""

    product_id: Annotated[UUID, PrimaryKey()]
    views: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = KEYSPACE


NEXT_STEPS = (
    ("Tutorial", "docs/getting-started.md (the docs site: mkdocs serve)"),
    ("Every query and write", "docs/queries.md, docs/writes.md"),
    ("Coming from cqlengine", "docs/migrating-from-cqlengine.md, demos/migration-guide/"),
    ("Apps to copy", "demos/README.md: fastapi-catalog, flask-blog, django-taskboard, ..."),
    ("A real driver", "coodie serve, then init_coodie(hosts=['127.0.0.1'])"),
)
"""Where to go after the demo: (what, where)."""


class _Printer:
    """Each step: the Python call, the CQL it produced (values bound, never in the text)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def step(self, title: str) -> None:
        print()
        print(self._paint("1;36", f"== {title}"))

    def call(self, python: str, *statements: Any) -> None:
        """``python  <call>``, then ``cql  <text>`` and the bound values of each statement."""
        print("   " + self._paint("1;35", "python ") + " " + python)
        for statement in statements:
            lines = statement.cql.splitlines()
            print("   " + self._paint("1;33", "cql    ") + " " + self._paint("33", lines[0]))
            for line in lines[1:]:
                print("           " + self._paint("33", line))
            if statement.params:
                params = repr(tuple(statement.params))
                if len(params) > 90:
                    params = params[:87] + "..."
                print("   " + self._paint("2", "values ") + " " + self._paint("2", params))

    def ok(self, text: str) -> None:
        print("   " + self._paint("32", "-> " + text))

    def next_steps(self) -> None:
        self.step("Where to go next")
        for what, where in NEXT_STEPS:
            label = f"{what}:"
            print(f"   {self._paint('1', f'{label:<24}')} {where}")


def run_demo(color: bool = True) -> int:
    """Run the whole story; returns 0 (the process exit status)."""
    out = _Printer(color)
    init_coodie(driver_type="embedded")
    try:
        _story(out)
    finally:
        shutdown()
    out.next_steps()
    return 0


def _story(out: _Printer) -> None:
    out.step("Schema: a keyspace, a user type, three tables")
    create_keyspace(KEYSPACE, replication_factor=1)
    for model in (Product, Review, ProductViews):
        out.call(f"{model.__name__}.sync_table()", *model.sync_table())

    out.step("Writes: save() binds every value as a parameter")
    lamp = Product(
        id=uuid4(),
        name="Desk lamp",
        brand="Lumen",
        price=Decimal("39.90"),
        tags={"home", "light"},
        attributes={"colour": "black"},
        size=Dimensions(width=20, height=45, depth=20),
    )
    out.call(
        'lamp = Product(name="Desk lamp", brand="Lumen", ...); lamp.save()', lamp.save_statement()
    )
    lamp.save()
    chair = Product.create(id=uuid4(), name="Chair", brand="Sitwell", price=Decimal("120.00"))
    Product.create(id=uuid4(), name="Floor lamp", brand="Lumen", price=Decimal("89.00"))
    out.call('Product.create(name="Chair", ...)  # and a "Floor lamp"')
    out.ok(f"saved {lamp.name!r}, {chair.name!r} and one more")

    out.step("Queries: an expression and the equivalent lookup compile to the same CQL")
    by_expression = Product.find(Product.brand == "Lumen")
    by_lookup = Product.find(brand="Lumen")
    out.call('Product.find(Product.brand == "Lumen")', by_expression.compile())
    out.call('Product.find(brand="Lumen")', by_lookup.compile())
    out.ok(f"same CQL: {by_expression.compile().cql == by_lookup.compile().cql}")
    for product in by_lookup.all():
        out.ok(f"{product.name}: {product.price} ({sorted(product.tags) or 'no tags'})")
    out.call("Product.get(id=lamp.id)", Product.find(id=lamp.id).compile())
    loaded = Product.get(id=lamp.id)
    out.ok(f"round trip of the UDT: {loaded.size!r}")

    out.step("Collections: add to a set, put into a map")
    out.call(
        'loaded.update(tags__add={"sale"}, attributes__update={"bulb": "E27"})',
        loaded.update_statement(tags__add={"sale"}, attributes__update={"bulb": "E27"}),
    )
    loaded.update(tags__add={"sale"}, attributes__update={"bulb": "E27"})
    loaded = Product.get(id=lamp.id)
    out.ok(f"tags={sorted(loaded.tags)} attributes={loaded.attributes}")

    out.step("Lightweight transaction: INSERT ... IF NOT EXISTS")
    twin = Product(id=lamp.id, name="Impostor", brand="Nobody", price=Decimal("1"))
    out.call('Product(id=lamp.id, name="Impostor", ...).insert()', twin.insert_statement())
    result = twin.insert()
    out.ok(
        f"applied={result.applied}; the row that exists: {getattr(result.existing, 'name', None)!r}"
    )

    out.step("Batch: three reviews, applied together")
    now = datetime.now(timezone.utc)
    with BatchQuery() as batch:
        for stars, text in ((5, "bright"), (4, "solid"), (2, "wobbly")):
            created = now.replace(microsecond=(now.microsecond + stars * 1000) % 1_000_000)
            Review(product_id=lamp.id, created_at=created, stars=stars, text=text).save(batch=batch)
    out.call("with BatchQuery() as batch: Review(...).save(batch=batch)  # x3", batch.compile())
    out.ok(f"{Review.find(product_id=lamp.id).count()} reviews stored")

    out.step("Paging: 25 more reviews read 10 at a time")
    for n in range(25):
        Review(
            product_id=chair.id, created_at=datetime.fromtimestamp(n, timezone.utc), stars=3
        ).save()
    query = Review.find(product_id=chair.id).fetch_size(10)
    out.call("Review.find(product_id=chair.id).fetch_size(10).page(state)", query.compile())
    page = query.paged_all()
    pages = [len(page)]
    while page.paging_state is not None:
        page = query.page(page.paging_state).paged_all()
        pages.append(len(page))
    out.ok(f"page sizes: {pages}; all() still reads every page: {len(query.all())} rows")

    out.step("Counters: increment page views")
    views = ProductViews(product_id=lamp.id)
    out.call(
        "ProductViews(product_id=lamp.id).increment(views=3)", views.increment_statement(views=3)
    )
    views.increment(views=3)
    views.increment(views=2)
    out.ok(f"views after +3 and +2 = {ProductViews.get(product_id=lamp.id).views}")


if __name__ == "__main__":
    sys.exit(run_demo(color=sys.stdout.isatty()))
