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
    assert cql(plan_model_sync(Product.__schema__, None, {})) == snapshot


def test_user_type_with_a_nested_type(snapshot: Any) -> None:
    plan = plan_user_type_sync(Variant.__type_schema__, {}, keyspace="catalog")
    assert cql(plan) == snapshot


def test_materialized_view(snapshot: Any) -> None:
    plan = plan_view_sync(ProductByBrand.__view_schema__, None)
    assert cql(plan) == snapshot


def test_existing_view_that_matches_plans_nothing() -> None:
    view = ProductByBrand.__view_schema__
    live = live_view(
        "catalog",
        "product_by_brand",
        view_rows=[{"view_name": "product_by_brand", "base_table_name": "product"}],
        column_rows=column_rows(view.table),
    )
    assert plan_view_sync(view, live) == SyncPlan()


def test_changed_view_is_a_mismatch(snapshot: Any) -> None:
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
    assert list(plan.mismatches) == snapshot


def test_keyspace_statements(snapshot: Any) -> None:
    simple = create_keyspace_statement("a", replication(replication_factor=3))
    nts = create_keyspace_statement(
        "b", replication(dc_replication_map={"dc1": 3, "dc2": 2}), durable_writes=False
    )
    assert [compile(simple).cql, compile(nts).cql] == snapshot


def test_drop_truncate_and_keyspace_statements(snapshot: Any) -> None:
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
    assert [next(op)[0].cql for op in operations] == snapshot
