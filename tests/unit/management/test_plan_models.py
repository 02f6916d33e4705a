"""Planned DDL for real model classes: documents, user types, views and keyspaces."""

from typing import Annotated, Any
from uuid import UUID

import attrs

from coodie.compiler import compile
from coodie.fields import ClusteringKey, Indexed, PrimaryKey
from coodie.management import SyncPlan, plan_model_sync, plan_user_type_sync, plan_view_sync
from coodie.management.introspect import live_view
from coodie.management.keyspaces import create_keyspace_statement, replication
from coodie.model.usertype import UserType
from coodie.sync import Document, MaterializedView

from .schemas import column_rows


class Dimensions(UserType):
    width: float
    height: float


class Variant(UserType):
    sku: str
    size: Dimensions | None = None


class Product(Document):
    id: Annotated[UUID, PrimaryKey()]
    brand: Annotated[str, Indexed()] = ""
    name: Annotated[str, Indexed(sai=True, options={"case_sensitive": "false"})] = ""
    labels: Annotated[dict[str, str], Indexed(kind="entries", index_name="product_labels")] = {}
    variants: list[Variant] = []
    by_color: dict[str, Variant] = {}

    class Settings:
        keyspace = "catalog"
        __default_ttl__ = 600
        __options__ = {"compaction": {"class": "LeveledCompactionStrategy"}}


class ProductByBrand(MaterializedView):
    brand: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey(order="DESC")]
    name: str = ""

    class Settings:
        __base_table__ = Product
        name = "product_by_brand"


def cql(plan: SyncPlan) -> list[str]:
    return [compile(s).cql for s in plan.statements]


def test_document_with_user_types_indexes_and_options(snapshot: Any) -> None:
    statements = cql(plan_model_sync(Product.__schema__, None, {}))
    # the types (innermost first), the table with its options, then its three indexes
    assert [s.split(" (")[0].split()[-1] for s in statements[:3]] == [
        "catalog.dimensions",
        "catalog.variant",
        "catalog.product",
    ]
    assert "default_time_to_live = 600" in statements[2]
    assert [s.split(" ON ")[0].split()[-1] for s in statements[3:]] == [
        "product_brand_idx",
        "product_name_idx",
        "product_labels",
    ]
    assert statements == snapshot


def test_user_type_with_a_nested_type() -> None:
    plan = plan_user_type_sync(Variant.__type_schema__, {}, keyspace="catalog")
    assert cql(plan) == [
        "CREATE TYPE IF NOT EXISTS catalog.dimensions (width float, height float)",
        "CREATE TYPE IF NOT EXISTS catalog.variant (sku text, size frozen<dimensions>)",
    ]


def test_materialized_view(snapshot: Any) -> None:
    plan = plan_view_sync(ProductByBrand.__view_schema__, None)
    (create,) = cql(plan)
    assert create.startswith("CREATE MATERIALIZED VIEW IF NOT EXISTS catalog.product_by_brand AS")
    assert "PRIMARY KEY (brand, id) WITH CLUSTERING ORDER BY (id DESC)" in create
    assert [create] == snapshot


def test_existing_view_that_matches_plans_nothing() -> None:
    view = ProductByBrand.__view_schema__
    live = live_view(
        "catalog",
        "product_by_brand",
        view_rows=[{"view_name": "product_by_brand", "base_table_name": "product"}],
        column_rows=column_rows(view.table),
    )
    assert plan_view_sync(view, live) == SyncPlan()


def test_changed_view_is_a_mismatch() -> None:
    view = ProductByBrand.__view_schema__
    changed = attrs.evolve(view.table, columns={k: v for k, v in view.table.columns.items()
                                                 if k != "name"})  # fmt: skip
    live = live_view(
        "catalog",
        "product_by_brand",
        view_rows=[{"keyspace_name": "catalog", "view_name": "product_by_brand",
                    "base_table_name": "other", "comment": "x"}],
        column_rows=column_rows(changed),
    )  # fmt: skip
    plan = plan_view_sync(view, live)
    assert plan.statements == ()
    assert list(plan.mismatches) == [
        "catalog.product_by_brand: column name: the model selects it, the view does not have it",
        "catalog.product_by_brand: base table: the model has product, the view has other",
    ]


def test_keyspace_statements() -> None:
    simple = create_keyspace_statement("a", replication(replication_factor=3))
    nts = create_keyspace_statement(
        "b", replication(dc_replication_map={"dc1": 3, "dc2": 2}), durable_writes=False
    )
    assert compile(simple).cql == (
        "CREATE KEYSPACE IF NOT EXISTS a WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 3}"
    )
    assert compile(nts).cql == (
        "CREATE KEYSPACE IF NOT EXISTS b WITH replication = "
        "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2} AND durable_writes = false"
    )


def test_drop_truncate_and_keyspace_statements() -> None:
    from coodie.ast.ddl import SimpleStrategy
    from coodie.management import operations as ops

    operations = [
        ops.drop_table_operation("catalog", "product"),
        ops.truncate_operation("catalog", "product"),
        ops.drop_type_operation("catalog", "variant"),
        ops.drop_view_operation("catalog", "product_by_brand"),
        ops.alter_keyspace_operation("catalog", SimpleStrategy(2), durable_writes=True),
        ops.alter_keyspace_operation("catalog", None, durable_writes=False),
        ops.drop_keyspace_operation("catalog"),
    ]
    assert [next(op)[0].cql for op in operations] == [
        "DROP TABLE IF EXISTS catalog.product",
        "TRUNCATE TABLE catalog.product",
        "DROP TYPE IF EXISTS catalog.variant",
        "DROP MATERIALIZED VIEW IF EXISTS catalog.product_by_brand",
        "ALTER KEYSPACE catalog WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 2} AND durable_writes = true",
        "ALTER KEYSPACE catalog WITH durable_writes = false",
        "DROP KEYSPACE IF EXISTS catalog",
    ]
