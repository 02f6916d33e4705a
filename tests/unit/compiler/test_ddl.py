"""Every DDL node form, and the escaping of literal option values."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from coodie.ast import Column, IsNotNull
from coodie.ast.ddl import (
    AlterKeyspace,
    AlterTableAdd,
    AlterTableDrop,
    AlterTableWith,
    AlterTypeAdd,
    ColumnDef,
    CreateIndex,
    CreateKeyspace,
    CreateMaterializedView,
    CreateTable,
    CreateType,
    DropIndex,
    DropKeyspace,
    DropMaterializedView,
    DropTable,
    DropType,
    NetworkTopologyStrategy,
    SimpleStrategy,
    Truncate,
)
from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.compiler import compile, literal
from coodie.compiler.compiled import StatementKind
from coodie.cql.types import NATIVE, ListType, MapType, SetType, UserDefinedType
from coodie.exceptions import QueryError

TEXT, INT = NATIVE["text"], NATIVE["int"]
ADDRESS = UserDefinedType("address", (("city", TEXT),))

NODES: dict[str, Any] = {
    "keyspace_simple": CreateKeyspace("shop", SimpleStrategy(3), if_not_exists=True),
    "keyspace_nts_durable": CreateKeyspace(
        "shop", NetworkTopologyStrategy((("dc1", 3), ("dc2", 2))), durable_writes=False
    ),
    "alter_keyspace": AlterKeyspace("shop", SimpleStrategy(2), durable_writes=True),
    "drop_keyspace": DropKeyspace("shop", if_exists=True),
    "table_full": CreateTable(
        "shop",
        "review",
        (
            ColumnDef("product_id", NATIVE["uuid"]),
            ColumnDef("created_at", NATIVE["timestamp"]),
            ColumnDef("author", TEXT),
            ColumnDef("product_name", TEXT, static=True),
            ColumnDef("tags", SetType(TEXT)),
            ColumnDef("where", ADDRESS),
        ),
        ("product_id",),
        (("created_at", ClusteringOrder.DESC), ("author", ClusteringOrder.ASC)),
        (
            ("default_time_to_live", 3600),
            ("comment", "it's a table"),
            ("compaction", (("class", "LeveledCompactionStrategy"), ("sstable_size_in_mb", 160))),
            ("bloom_filter_fp_chance", 0.01),
            ("cdc", False),
        ),
        if_not_exists=True,
    ),
    "table_composite_key": CreateTable(
        None,
        "event",
        (ColumnDef("tenant", TEXT), ColumnDef("day", NATIVE["date"]), ColumnDef("n", INT)),
        ("tenant", "day"),
    ),
    "alter_table_add": AlterTableAdd(
        "shop", "product", (ColumnDef("rating", INT), ColumnDef("l", ListType(INT)))
    ),
    "alter_table_drop": AlterTableDrop("shop", "product", ("rating", "old")),
    "alter_table_with": AlterTableWith("shop", "product", (("gc_grace_seconds", 10),)),
    "truncate": Truncate("shop", "product"),
    "drop_table": DropTable("shop", "product", if_exists=True),
    "index_values": CreateIndex("shop", "product", "by_name", "name", if_not_exists=True),
    "index_unnamed": CreateIndex("shop", "product", None, "brand"),
    "index_keys": CreateIndex("shop", "product", "by_key", "attrs", IndexKind.KEYS),
    "index_entries": CreateIndex("shop", "product", "by_entry", "attrs", IndexKind.ENTRIES),
    "index_full": CreateIndex("shop", "product", "by_frozen", "frozen_list", IndexKind.FULL),
    "index_custom_sasi": CreateIndex(
        "shop",
        "product",
        "by_desc",
        "description",
        custom_class="org.apache.cassandra.index.sasi.SASIIndex",
        options=(("mode", "CONTAINS"), ("analyzed", "true")),
    ),
    "index_sai": CreateIndex(
        "shop",
        "product",
        "by_sai",
        "description",
        custom_class="StorageAttachedIndex",
        if_not_exists=True,
    ),
    "drop_index": DropIndex("shop", "by_name", if_exists=True),
    "type_create": CreateType(
        "shop",
        "address",
        (("street", TEXT), ("zip", INT), ("tags", MapType(TEXT, INT))),
        if_not_exists=True,
    ),
    "type_alter_add": AlterTypeAdd("shop", "address", "country", TEXT),
    "type_drop": DropType("shop", "address", if_exists=True),
    "view_create": CreateMaterializedView(
        "shop",
        "product_by_brand",
        "shop",
        "product",
        ("brand", "id", "name"),
        (IsNotNull(Column("brand")), IsNotNull(Column("id"))),
        ("brand",),
        (("id", ClusteringOrder.DESC),),
        (("comment", "by brand"),),
        if_not_exists=True,
    ),
    "view_star": CreateMaterializedView(
        None, "v", None, "t", (), (IsNotNull(Column("a")),), ("a",)
    ),
    "view_drop": DropMaterializedView("shop", "product_by_brand", if_exists=True),
}


@pytest.mark.parametrize("name", list(NODES))
def test_ddl_forms(name: str, snapshot: SnapshotAssertion) -> None:
    stmt = compile(NODES[name])
    assert stmt.kind is StatementKind.DDL
    assert stmt.params == ()
    assert stmt.cql == snapshot


def test_literals_are_escaped() -> None:
    assert literal("it's") == "'it''s'"
    assert literal("'); DROP TABLE x; --") == "'''); DROP TABLE x; --'"
    assert literal(True) == "true"
    assert literal(3) == "3"
    assert literal(0.5) == "0.5"
    assert literal((("a", (("b", 1),)),)) == "{'a': {'b': 1}}"


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (AlterTableWith("ks", "t", (("comment = 'x' AND x", 1),)), "invalid table option name"),
        (AlterTableWith("ks", "t", (("Comment", 1),)), "invalid table option name"),
        (AlterTableWith("ks", "t", (("gc", float("nan")),)), "not a finite number"),
        (AlterTableWith("ks", "t", (("comment", "a\x00b"),)), "NUL"),
        (AlterTableWith("ks", "t", (("comment", None),)), "invalid option value"),
        (AlterTableWith("ks", "t", ()), "at least one option"),
        (CreateKeyspace("ks", SimpleStrategy(0)), "replication_factor"),
        (CreateKeyspace("ks", NetworkTopologyStrategy(())), "NetworkTopologyStrategy"),
        (AlterKeyspace("ks"), "needs replication or durable_writes"),
        (CreateTable("ks", "t", (ColumnDef("a", INT),), ()), "needs a partition key"),
        (CreateTable("ks", "t", (), ("a",)), "has no columns"),
        (CreateIndex("ks", "t", "i", "c", options=(("a", "b"),)), "need a custom index class"),
        (CreateType("ks", "t", ()), "has no fields"),
        (AlterTableAdd("ks", "t", ()), "at least one column"),
        (AlterTableDrop("ks", "t", ()), "at least one column"),
    ],
)
def test_invalid_ddl_is_refused(node: Any, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        compile(node)


def test_view_filters_other_than_not_null_are_refused() -> None:
    from coodie.ast import Bind, Comparison, Operator

    node = CreateMaterializedView(
        "ks", "v", "ks", "t", (), (Comparison(Column("a"), Operator.EQ, Bind(1)),), ("a",)
    )
    with pytest.raises(QueryError, match="IS NOT NULL"):
        compile(node)
