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

FORMS: dict[str, tuple[Any, str]] = {
    "keyspace_simple": (
        CreateKeyspace("shop", SimpleStrategy(3), if_not_exists=True),
        (
            "CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy', "
            "'replication_factor': 3}"
        ),
    ),
    "keyspace_nts_durable": (
        CreateKeyspace(
            "shop", NetworkTopologyStrategy((("dc1", 3), ("dc2", 2))), durable_writes=False
        ),
        (
            "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': "
            "3, 'dc2': 2} AND durable_writes = false"
        ),
    ),
    "alter_keyspace": (
        AlterKeyspace("shop", SimpleStrategy(2), durable_writes=True),
        (
            "ALTER KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', "
            "'replication_factor': 2} AND durable_writes = true"
        ),
    ),
    "drop_keyspace": (
        DropKeyspace("shop", if_exists=True),
        "DROP KEYSPACE IF EXISTS shop",
    ),
    "table_composite_key": (
        CreateTable(
            None,
            "event",
            (ColumnDef("tenant", TEXT), ColumnDef("day", NATIVE["date"]), ColumnDef("n", INT)),
            ("tenant", "day"),
        ),
        "CREATE TABLE event (tenant text, day date, n int, PRIMARY KEY ((tenant, day)))",
    ),
    "alter_table_add": (
        AlterTableAdd("shop", "product", (ColumnDef("rating", INT), ColumnDef("l", ListType(INT)))),
        "ALTER TABLE shop.product ADD (rating int, l list<int>)",
    ),
    "alter_table_drop": (
        AlterTableDrop("shop", "product", ("rating", "old")),
        "ALTER TABLE shop.product DROP (rating, old)",
    ),
    "alter_table_with": (
        AlterTableWith("shop", "product", (("gc_grace_seconds", 10),)),
        "ALTER TABLE shop.product WITH gc_grace_seconds = 10",
    ),
    "truncate": (
        Truncate("shop", "product"),
        "TRUNCATE TABLE shop.product",
    ),
    "drop_table": (
        DropTable("shop", "product", if_exists=True),
        "DROP TABLE IF EXISTS shop.product",
    ),
    "index_values": (
        CreateIndex("shop", "product", "by_name", "name", if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS by_name ON shop.product (name)",
    ),
    "index_unnamed": (
        CreateIndex("shop", "product", None, "brand"),
        "CREATE INDEX ON shop.product (brand)",
    ),
    "index_keys": (
        CreateIndex("shop", "product", "by_key", "attrs", IndexKind.KEYS),
        "CREATE INDEX by_key ON shop.product (keys(attrs))",
    ),
    "index_entries": (
        CreateIndex("shop", "product", "by_entry", "attrs", IndexKind.ENTRIES),
        "CREATE INDEX by_entry ON shop.product (entries(attrs))",
    ),
    "index_full": (
        CreateIndex("shop", "product", "by_frozen", "frozen_list", IndexKind.FULL),
        "CREATE INDEX by_frozen ON shop.product (full(frozen_list))",
    ),
    "index_custom_sasi": (
        CreateIndex(
            "shop",
            "product",
            "by_desc",
            "description",
            custom_class="org.apache.cassandra.index.sasi.SASIIndex",
            options=(("mode", "CONTAINS"), ("analyzed", "true")),
        ),
        (
            "CREATE CUSTOM INDEX by_desc ON shop.product (description) USING "
            "'org.apache.cassandra.index.sasi.SASIIndex' WITH OPTIONS = {'mode': 'CONTAINS', "
            "'analyzed': 'true'}"
        ),
    ),
    "index_sai": (
        CreateIndex(
            "shop",
            "product",
            "by_sai",
            "description",
            custom_class="StorageAttachedIndex",
            if_not_exists=True,
        ),
        (
            "CREATE CUSTOM INDEX IF NOT EXISTS by_sai ON shop.product (description) USING "
            "'StorageAttachedIndex'"
        ),
    ),
    "drop_index": (
        DropIndex("shop", "by_name", if_exists=True),
        "DROP INDEX IF EXISTS shop.by_name",
    ),
    "type_create": (
        CreateType(
            "shop",
            "address",
            (("street", TEXT), ("zip", INT), ("tags", MapType(TEXT, INT))),
            if_not_exists=True,
        ),
        "CREATE TYPE IF NOT EXISTS shop.address (street text, zip int, tags map<text, int>)",
    ),
    "type_alter_add": (
        AlterTypeAdd("shop", "address", "country", TEXT),
        "ALTER TYPE shop.address ADD country text",
    ),
    "type_drop": (
        DropType("shop", "address", if_exists=True),
        "DROP TYPE IF EXISTS shop.address",
    ),
    "view_star": (
        CreateMaterializedView(None, "v", None, "t", (), (IsNotNull(Column("a")),), ("a",)),
        "CREATE MATERIALIZED VIEW v AS SELECT * FROM t WHERE a IS NOT NULL PRIMARY KEY (a)",
    ),
    "view_drop": (
        DropMaterializedView("shop", "product_by_brand", if_exists=True),
        "DROP MATERIALIZED VIEW IF EXISTS shop.product_by_brand",
    ),
}
"""Each DDL form and its CQL (short enough to read here)."""

LONG: dict[str, Any] = {
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
}
"""The forms whose CQL is long: snapshots, each test naming what its snapshot shows."""


@pytest.mark.parametrize("name", list(FORMS))
def test_ddl_forms(name: str) -> None:
    node, cql = FORMS[name]
    stmt = compile(node)
    assert stmt.kind is StatementKind.DDL
    assert stmt.params == ()
    assert stmt.cql == cql


def test_a_table_with_every_part(snapshot: SnapshotAssertion) -> None:
    cql = compile(LONG["table_full"]).cql
    # static column, collection, quoted reserved name, frozen UDT, compound key, clustering
    # order, then every option, literals escaped ('it''s'), in declaration order
    assert cql.startswith("CREATE TABLE IF NOT EXISTS shop.review (product_id uuid, ")
    assert 'product_name text STATIC, tags set<text>, "where" frozen<address>, ' in cql
    assert "PRIMARY KEY (product_id, created_at, author)) WITH CLUSTERING ORDER BY " in cql
    assert "(created_at DESC, author ASC) AND default_time_to_live = 3600 AND " in cql
    assert "comment = 'it''s a table' AND compaction = {'class': " in cql
    assert cql.endswith("AND bloom_filter_fp_chance = 0.01 AND cdc = false")
    assert cql == snapshot


def test_a_materialized_view_with_every_part(snapshot: SnapshotAssertion) -> None:
    cql = compile(LONG["view_create"]).cql
    # the selected columns, IS NOT NULL per key column, the key, its order, the options
    assert cql.startswith("CREATE MATERIALIZED VIEW IF NOT EXISTS shop.product_by_brand AS ")
    assert "SELECT brand, id, name FROM shop.product " in cql
    assert "WHERE brand IS NOT NULL AND id IS NOT NULL PRIMARY KEY (brand, id) " in cql
    assert cql.endswith("WITH CLUSTERING ORDER BY (id DESC) AND comment = 'by brand'")
    assert cql == snapshot


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
