"""system_schema rows (as recorded from Cassandra 4.0) → Live* records; CQL type text parsing."""

from __future__ import annotations

import pytest

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.cql.types import (
    NATIVE,
    ListType,
    MapType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.management.compare import option_matches, same_type
from coodie.management.cqltype_parser import CqlTypeParseError, parse_cql_type
from coodie.management.introspect import (
    live_index,
    live_keyspace,
    live_table,
    live_types,
    live_view,
)
from coodie.model.schema import ColumnKind

INT, TEXT = NATIVE["int"], NATIVE["text"]

# ddl-table-composite-columns: (a int, b text, c int, d timeuuid, e text, s int STATIC,
#   PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c ASC, d DESC)
COMPOSITE = [
    ("a", "partition_key", 0, "int", "none"),
    ("b", "partition_key", 1, "text", "none"),
    ("c", "clustering", 0, "int", "asc"),
    ("d", "clustering", 1, "timeuuid", "desc"),
    ("e", "regular", -1, "text", "none"),
    ("s", "static", -1, "int", "none"),
]
COLUMN_KEYS = ("column_name", "kind", "position", "type", "clustering_order")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int", INT),
        ("varchar", TEXT),
        ("frozen<list<int>>", ListType(INT, frozen=True)),
        (
            "frozen<map<int, frozen<set<text>>>>",
            MapType(INT, SetType(TEXT, frozen=True), frozen=True),
        ),
        ("frozen<tuple<int, text>>", TupleType((INT, TEXT), frozen=True)),
        ("list<frozen<tuple<int, int>>>", ListType(TupleType((INT, INT), frozen=True))),
        ("addr_type", UserDefinedType("addr_type", (), frozen=False)),
        ("frozen<addr_type>", UserDefinedType("addr_type", (), frozen=True)),
        ('list<frozen<"Addr">>', ListType(UserDefinedType("Addr", (), frozen=True))),
        ("vector<float, 3>", VectorType(NATIVE["float"], 3)),
    ],
)
def test_parse_cql_type(text: str, expected: object) -> None:
    parsed = parse_cql_type(text)
    assert parsed == expected
    assert parsed.cql() == text.replace("varchar", "text")


@pytest.mark.parametrize("text", ["", "list<int", "map<int>", "list<int>>", "vector<3, 3>", "<"])
def test_unreadable_type_text_raises(text: str) -> None:
    with pytest.raises(CqlTypeParseError):
        parse_cql_type(text)


def test_model_types_compare_the_way_cassandra_stores_them() -> None:
    assert same_type(TupleType((INT, TEXT)), parse_cql_type("frozen<tuple<int, text>>"))
    assert same_type(
        MapType(INT, SetType(TEXT), frozen=True),
        parse_cql_type("frozen<map<int, frozen<set<text>>>>"),
    )
    addr = UserDefinedType("addr", (("street", TEXT),), keyspace="ks")
    assert same_type(ListType(addr), parse_cql_type("list<frozen<addr>>"))
    assert not same_type(addr, parse_cql_type("addr"))  # a non-frozen UDT column differs
    assert not same_type(ListType(INT), parse_cql_type("frozen<list<int>>"))
    assert not same_type(INT, parse_cql_type("bigint"))


def test_columns_keys_and_clustering_order() -> None:
    live = live_table(
        "cfr_ddl",
        "table_composite_columns",
        table_rows=[{"keyspace_name": "cfr_ddl", "table_name": "table_composite_columns"}],
        column_rows=[dict(zip(COLUMN_KEYS, row, strict=True)) for row in COMPOSITE],
        index_rows=[],
    )
    assert live is not None
    assert live.partition_key == ("a", "b")
    assert live.clustering_key == ("c", "d")
    assert live.columns["d"].order is ClusteringOrder.DESC
    assert live.columns["c"].order is ClusteringOrder.ASC
    assert live.columns["e"].order is None
    assert live.columns["s"].kind is ColumnKind.STATIC
    assert live.options == {}


def test_missing_table_is_none() -> None:
    assert live_table("ks", "t", table_rows=[], column_rows=[], index_rows=[]) is None


@pytest.mark.parametrize(
    ("target", "column", "kind"),
    [
        ("v", "v", IndexKind.VALUES),
        ("keys(m1)", "m1", IndexKind.KEYS),
        ("values(s)", "s", IndexKind.VALUES),
        ("entries(m3)", "m3", IndexKind.ENTRIES),
        ("full(fl)", "fl", IndexKind.FULL),
        ('"MixedCase"', "MixedCase", IndexKind.VALUES),
        ('keys("Odd""Name")', 'Odd"Name', IndexKind.KEYS),
    ],
)
def test_index_targets(target: str, column: str, kind: IndexKind) -> None:
    index = live_index({"index_name": "i", "kind": "COMPOSITES", "options": {"target": target}})
    assert (index.column, index.kind, index.custom_class, index.options) == (column, kind, None, ())


def test_custom_index_class_and_options() -> None:
    index = live_index(
        {
            "index_name": "by_name",
            "kind": "CUSTOM",
            "options": {
                "class_name": "org.apache.cassandra.index.sai.StorageAttachedIndex",
                "target": "name",
                "case_sensitive": "false",
            },
        }
    )
    assert index.custom_class == "org.apache.cassandra.index.sai.StorageAttachedIndex"
    assert index.options == (("case_sensitive", "false"),)


def test_types_nested_in_keyspace() -> None:
    found = live_types(
        "cfr_ddl",
        [
            {"type_name": "inner_t", "field_names": ["a"], "field_types": ["int"]},
            {
                "type_name": "outer_t",
                "field_names": ["i", "l"],
                "field_types": ["frozen<inner_t>", "list<frozen<inner_t>>"],
            },
        ],
    )
    assert found["inner_t"].fields == (("a", INT),)
    inner = UserDefinedType("inner_t", (), frozen=True)
    assert found["outer_t"].fields == (("i", inner), ("l", ListType(inner)))


def test_keyspace_and_view_rows() -> None:
    ks = live_keyspace(
        [
            {
                "keyspace_name": "k",
                "durable_writes": False,
                "replication": {
                    "class": "org.apache.cassandra.locator.NetworkTopologyStrategy",
                    "datacenter1": "1",
                },
            }
        ]
    )
    assert ks is not None and not ks.durable_writes and ks.replication["datacenter1"] == "1"
    assert live_keyspace([]) is None
    view = live_view(
        "k",
        "by_name",
        view_rows=[{"keyspace_name": "k", "view_name": "by_name", "base_table_name": "users",
                    "where_clause": "name IS NOT NULL AND id IS NOT NULL",
                    "include_all_columns": False, "comment": ""}],
        column_rows=[{"column_name": "name", "kind": "partition_key", "position": 0,
                      "type": "text", "clustering_order": "none"}],
    )  # fmt: skip
    assert view is not None and view.base_table == "users" and view.table.partition_key == ("name",)
    assert view.table.options == {"comment": "", "base_table_name": "users",
                                  "where_clause": "name IS NOT NULL AND id IS NOT NULL",
                                  "include_all_columns": False}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "declared", "live", "matches"),
    [
        ("gc_grace_seconds", 100, 100, True),
        ("bloom_filter_fp_chance", 0.05, 0.05000000001, True),
        ("comment", "x", "y", False),
        ("cdc", True, "true", True),
        ("caching", {"keys": "NONE"}, {"keys": "NONE", "rows_per_partition": "10"}, True),
        ("compaction", {"class": "LeveledCompactionStrategy", "sstable_size_in_mb": 64},
         {"class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy",
          "sstable_size_in_mb": "64"}, True),
        ("compaction", {"class": "LeveledCompactionStrategy"},
         {"class": "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy"}, False),
        ("compression", {"chunk_length_in_kb": 64}, {"chunk_length_in_kb": "16"}, False),
        ("compaction", (("class", "LeveledCompactionStrategy"),),
         {"class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy"}, True),
        ("speculative_retry", "99p", None, False),
        ("speculative_retry", "99PERCENTILE", "99p", True),
        ("speculative_retry", "99.5percentile", "99.5p", True),
        ("speculative_retry", "50MS", "50ms", True),
        ("speculative_retry", "95p", "99p", False),
        ("additional_write_policy", "ALWAYS", "always", True),
        ("read_repair", "none", "NONE", True),
    ],
)  # fmt: skip
def test_option_matching(name: str, declared: object, live: object, matches: bool) -> None:
    assert option_matches(name, declared, live) is matches
