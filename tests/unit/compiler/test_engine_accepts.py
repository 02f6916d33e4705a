"""The embedded engine (which parses CQL like Cassandra 4.0) accepts what the compiler emits.

Every statement of the example catalog is compiled, then prepared (parsed and
checked against the schema) and run. Left out: ``ANN OF`` (Cassandra 5) and
``LIKE`` (SASI is disabled by default on Cassandra 4.0).
"""

from __future__ import annotations

from typing import Any

import pytest

from coodie import ddl
from coodie import functions as fn
from coodie.ast.enums import BatchType
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.embedded import EmbeddedDriver
from coodie.embedded.engine import Engine, Session
from coodie.functions import token, ttl, writetime
from coodie.model.polymorphism import shared_table_schema
from coodie.query.queryset import QuerySetCore
from coodie.query.writes import (
    batch,
    counter_statement,
    delete_statement,
    insert_statement,
    update_statement,
)

from ..catalog import (
    PID,
    WHEN,
    Address,
    Cat,
    Dog,
    Event,
    PageViews,
    Pet,
    Product,
    ProductByBrand,
    Review,
)

OPTIONS = ExecutionOptions()


@pytest.fixture(scope="module")
def driver() -> EmbeddedDriver:
    engine = Engine()
    drv = EmbeddedDriver(Session(engine), engine=engine)
    tables = [Product.__schema__, Review.__schema__, Event.__schema__, PageViews.__schema__]
    tables.append(shared_table_schema(Pet))
    nodes: list[Any] = [
        ddl.create_keyspace("shop"),
        ddl.create_type(Address.__type_schema__, "shop"),
        *(ddl.create_table(t) for t in tables),
        *(i for t in tables for i in ddl.create_indexes(t) if "SASI" not in str(i.custom_class)),
        ddl.create_view(ProductByBrand.__view_schema__),
    ]
    for node in nodes:
        drv.execute(compile(node), OPTIONS)
    return drv


def _product() -> Product:
    return Product(
        id=PID,
        name="Anvil",
        brand="acme",
        price=9.5,
        tags={"tools"},
        images=["a.png"],
        attrs={"color": "red"},
        warehouse=Address(street="1 Main", city="Oslo"),
    )


def _review() -> Review:
    return Review(product_id=PID, created_at=WHEN, author="bo", rating=3, product_name="Anvil")


WRITES: dict[str, Any] = {
    "insert": lambda: insert_statement(_product(), ttl=60),
    "insert_if_not_exists": lambda: insert_statement(_product(), if_not_exists=True),
    "insert_review": lambda: insert_statement(_review(), timestamp=WHEN),
    "update_collections": lambda: update_statement(
        Product,
        {"id": PID},
        tags__add={"sale"},
        images__append=["b.png"],
        attrs__update={"size": "L"},
        description=None,
    ),
    "update_removals": lambda: update_statement(
        Product, {"id": PID}, tags__remove={"old"}, images__prepend=["z.png"], attrs__remove={"x"}
    ),
    "update_setitem": lambda: update_statement(
        Product, {"id": PID}, images__setitem=(0, "c.png"), attrs__setitem=("w", "1kg")
    ),
    "update_if": lambda: update_statement(_review(), if_conditions={"rating": 3}, rating=4),
    "update_static": lambda: update_statement(Review, {"product_id": PID}, product_name="X"),
    "counter": lambda: counter_statement(PageViews, {"page": "/"}, views=2, clicks=-1),
    "delete_columns": lambda: delete_statement(_review(), columns=("body",), if_exists=True),
    "delete_range": lambda: delete_statement(Review, {"product_id": PID, "created_at__lt": WHEN}),
    "pet": lambda: insert_statement(Cat(id=PID, name="tom", lives=7)),
}

READS: dict[str, Any] = {
    "get": lambda: QuerySetCore(Product).filter(id=PID).limit(2),
    "in": lambda: QuerySetCore(Product).filter(id__in=[PID]),
    "filtering": lambda: (
        QuerySetCore(Product).filter(Product.price > 1, tags__contains="sale").allow_filtering()
    ),
    "contains_key": lambda: QuerySetCore(Product).filter(attrs__contains_key="color"),
    "token": lambda: QuerySetCore(Product).filter(id__token__gt=PID).limit(10),
    "functions": lambda: QuerySetCore(Product).values_list(
        "id", writetime(Product.price), ttl(Product.name)
    ),
    "range_order": lambda: (
        QuerySetCore(Review)
        .filter(product_id=PID, created_at__gte=WHEN)
        .order_by("created_at", "-author")
    ),
    "distinct_static": lambda: QuerySetCore(Review).distinct("product_id", "product_name"),
    "composite_token": lambda: (
        QuerySetCore(Event)
        .filter(token(Event.tenant, Event.day) >= -(2**63))
        .per_partition_limit(1)
    ),
    "view": lambda: QuerySetCore(ProductByBrand).filter(brand="acme"),
    "subclass": lambda: QuerySetCore(Dog).filter(id=PID),
    "root": lambda: QuerySetCore(Pet),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_writes_are_accepted(driver: EmbeddedDriver, name: str) -> None:
    driver.execute(compile(WRITES[name]()), OPTIONS)


@pytest.mark.parametrize("name", list(READS))
def test_reads_are_accepted(driver: EmbeddedDriver, name: str) -> None:
    stmt: CompiledStatement = READS[name]().compile()
    page = driver.execute(stmt, OPTIONS)
    assert page.columns == stmt.result_columns


def test_derived_statements_and_batches_are_accepted(driver: EmbeddedDriver) -> None:
    reviews = QuerySetCore(Review).filter(product_id=PID)
    count = driver.execute(compile(reviews.count_statement()), OPTIONS)
    assert count.columns == ("count",)
    agg = reviews.aggregate_statement(avg=fn.avg(Review.rating), top=fn.max(Review.rating))
    assert driver.execute(compile(agg), OPTIONS).columns == ("avg", "top")
    logged = batch(insert_statement(_product()), delete_statement(Review, {"product_id": PID}))
    driver.execute(logged, OPTIONS)
    counters = batch(
        counter_statement(PageViews, {"page": "/"}, views=1), batch_type=BatchType.COUNTER
    )
    driver.execute(counters, OPTIONS)


def test_read_back_values(driver: EmbeddedDriver) -> None:
    driver.execute(compile(insert_statement(_product())), OPTIONS)
    stmt = QuerySetCore(Product).filter(id=PID).values_list("name", "tags").compile()
    page = driver.execute(stmt, OPTIONS)
    assert page.rows[0][0] == "Anvil"
