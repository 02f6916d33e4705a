"""The example catalog end to end: DDL for every model, then typical reads and writes."""

from __future__ import annotations

from syrupy.assertion import SnapshotAssertion

from coodie import ddl
from coodie.compiler import compile
from coodie.functions import token, ttl, writetime
from coodie.query.queryset import QuerySetCore
from coodie.query.writes import (
    counter_statement,
    delete_statement,
    insert_statement,
    update_statement,
)

from ..catalog import PID, WHEN, Address, Event, PageViews, Product, ProductByBrand, Review
from ..helpers import markers, show

TABLES = [Product, Review, Event, PageViews]


def test_schema_ddl(snapshot: SnapshotAssertion) -> None:
    nodes = [
        ddl.create_keyspace("shop", ddl.network_topology(dc1=3), durable_writes=True),
        ddl.create_type(Address.__type_schema__, "shop"),
        *(ddl.create_table(m.__schema__) for m in TABLES),
        *(i for m in TABLES for i in ddl.create_indexes(m.__schema__)),
        ddl.create_view(ProductByBrand.__view_schema__),
        ddl.alter_table_add(Product.__schema__, ["stock", "embedding"]),
        ddl.alter_table_drop(Product.__schema__, ["legacy"]),
        ddl.alter_table_with(Review.__schema__),
        ddl.alter_table_with(
            Product.__schema__, {"compaction": {"class": "LeveledCompactionStrategy"}}
        ),
        ddl.alter_type_add(Address.__type_schema__, "zipcode", "shop"),
        ddl.alter_keyspace("shop", ddl.simple_strategy(2)),
        ddl.drop_index("product_name_idx", "shop"),
        ddl.drop_view(ProductByBrand.__view_schema__),
        ddl.truncate(Review.__schema__),
        *(ddl.drop_table(m.__schema__) for m in TABLES),
        ddl.drop_type(Address.__type_schema__, "shop"),
        ddl.drop_keyspace("shop"),
    ]
    statements = [compile(n).cql for n in nodes]
    # one statement per node, each starting with the verb its builder names
    verbs = [" ".join(c.split()[:2]) for c in statements]
    assert verbs[:2] == ["CREATE KEYSPACE", "CREATE TYPE"]
    assert verbs[-2:] == ["DROP TYPE", "DROP KEYSPACE"]
    assert verbs.count("CREATE TABLE") == verbs.count("DROP TABLE") == len(TABLES)
    assert "\n".join(statements) == snapshot


def test_typical_statements(snapshot: SnapshotAssertion) -> None:
    review = Review(product_id=PID, created_at=WHEN, author="bo", rating=3, product_name="Anvil")
    nodes = [
        QuerySetCore(Product).filter(id=PID).select,
        QuerySetCore(Product).filter(Product.brand == "acme").allow_filtering().limit(20).select,
        QuerySetCore(Product).filter(description__like="%steel%").select,
        QuerySetCore(Product).filter(attrs__contains_key="color").select,
        QuerySetCore(Product).filter(id__token__gt=PID).limit(100).select,
        QuerySetCore(Product).values_list("id", writetime(Product.price), ttl(Product.name)).select,
        QuerySetCore(Review)
        .filter(product_id=PID, created_at__gte=WHEN)
        .order_by("-created_at")
        .select,
        QuerySetCore(Event)
        .filter(token(Event.tenant, Event.day) >= -(2**63))
        .per_partition_limit(1)
        .select,
        QuerySetCore(ProductByBrand).filter(brand="acme").select,
        insert_statement(review, ttl=60),
        update_statement(Product, {"id": PID}, warehouse={"street": "1 Main", "city": "Oslo"}),
        update_statement(Review, {"product_id": PID}, product_name="X"),  # static column
        delete_statement(Review, {"product_id": PID, "created_at__lt": WHEN}),
        counter_statement(PageViews, {"page": "/home"}, views=1),
    ]
    compiled = [compile(n) for n in nodes]
    # every value is bound: one marker per parameter, in every statement
    assert all(markers(c) == len(c.params) for c in compiled)
    assert [c.cql.split()[0] for c in compiled] == ["SELECT"] * 9 + [
        "INSERT",
        "UPDATE",
        "UPDATE",
        "DELETE",
        "UPDATE",
    ]
    assert "\n\n".join(show(c) for c in compiled) == snapshot
