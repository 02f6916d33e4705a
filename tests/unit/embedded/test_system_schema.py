"""``system`` / ``system_schema`` tables have Cassandra 4.x's layout and values."""

from __future__ import annotations

import pytest

from coodie.embedded import Engine, EngineSettings, Session
from coodie.exceptions import CqlSyntaxError, DriverError, InvalidRequest


def test_tables_columns_indexes_types(session: Session) -> None:
    session.execute("CREATE TYPE addr (street text, zip int)")
    session.execute(
        "CREATE TABLE t (k int, c text, s int STATIC, v frozen<addr>, m map<text, int>, "
        "PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC) AND comment = 'hi'"
    )
    session.execute("CREATE INDEX ON t (keys(m))")
    cols = session.execute(
        "SELECT column_name, kind, position, type, clustering_order FROM system_schema.columns "
        "WHERE keyspace_name = 'ks' AND table_name = 't'"
    ).rows
    assert cols == [
        ("c", "clustering", 0, "text", "desc"),
        ("k", "partition_key", 0, "int", "none"),
        ("m", "regular", -1, "map<text, int>", "none"),
        ("s", "static", -1, "int", "none"),
        ("v", "regular", -1, "frozen<addr>", "none"),
    ]
    table = session.execute(
        "SELECT comment, flags, gc_grace_seconds FROM system_schema.tables "
        "WHERE keyspace_name = 'ks' AND table_name = 't'"
    ).rows
    assert table == [("hi", {"compound"}, 864000)]
    idx = session.execute("SELECT index_name, kind, options FROM system_schema.indexes").rows
    assert idx == [("t_m_idx", "COMPOSITES", {"target": "keys(m)"})]
    types = session.execute(
        "SELECT type_name, field_names, field_types FROM system_schema.types"
    ).rows
    assert types == [("addr", ["street", "zip"], ["text", "int"])]


def test_custom_index_keeps_class_and_options(session: Session) -> None:
    # the WITH OPTIONS map is kept next to class_name and target; Cassandra 5.0 shows SAI
    # indexes under their full class name whichever alias created them
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v text, w text)")
    session.execute(
        "CREATE CUSTOM INDEX v_sai ON t (v) USING 'StorageAttachedIndex' "
        "WITH OPTIONS = {'case_sensitive': 'false', 'normalize': true}"
    )
    session.execute("CREATE CUSTOM INDEX w_sai ON t (w) USING 'StorageAttachedIndex'")
    idx = session.execute("SELECT index_name, kind, options FROM system_schema.indexes").rows
    assert idx == [
        (
            "v_sai",
            "CUSTOM",
            {
                "case_sensitive": "false",
                "class_name": "org.apache.cassandra.index.sai.StorageAttachedIndex",
                "normalize": "true",
                "target": "v",
            },
        ),
        (
            "w_sai",
            "CUSTOM",
            {"class_name": "org.apache.cassandra.index.sai.StorageAttachedIndex", "target": "w"},
        ),
    ]


@pytest.mark.parametrize(
    ("cql", "error", "message"),
    [
        (
            "CREATE INDEX ON t (v) WITH OPTIONS = {'a': 'b'}",
            InvalidRequest,
            "Cannot specify options for a non-CUSTOM index",
        ),
        (
            "CREATE CUSTOM INDEX ON t (v)",
            InvalidRequest,
            "CUSTOM index requires specifiying the index class",
        ),
        (
            "CREATE CUSTOM INDEX ON t (v) USING 'X' WITH OPTIONS = {'target': 'w'}",
            InvalidRequest,
            "Cannot specify target as a CUSTOM option",
        ),
        (
            "CREATE CUSTOM INDEX ON t (v) USING 'X' WITH colour = 'red'",
            CqlSyntaxError,
            "Unknown property 'colour'",
        ),
    ],
)
def test_custom_index_option_errors(
    session: Session, cql: str, error: type[Exception], message: str
) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v text)")
    with pytest.raises(error, match=message):
        session.execute(cql)


def test_virtual_schema_keyspace(session: Session) -> None:
    # Cassandra 4.0 describes virtual keyspaces in system_virtual_schema, not system_schema
    keyspaces = session.execute("SELECT * FROM system_virtual_schema.keyspaces").rows
    assert sorted(keyspaces) == [("system_views",), ("system_virtual_schema",)]
    tables = session.execute(
        "SELECT keyspace_name, table_name, comment FROM system_virtual_schema.tables"
    ).rows
    assert sorted(tables) == [
        ("system_views", "settings", "current settings"),
        ("system_virtual_schema", "columns", "virtual column definitions"),
        ("system_virtual_schema", "keyspaces", "virtual keyspace definitions"),
        ("system_virtual_schema", "tables", "virtual table definitions"),
    ]
    columns = session.execute(
        "SELECT column_name, clustering_order, kind, position, type "
        "FROM system_virtual_schema.columns "
        "WHERE keyspace_name = 'system_virtual_schema' AND table_name = 'tables'"
    ).rows
    assert columns == [
        ("comment", "none", "regular", -1, "text"),
        ("keyspace_name", "none", "partition_key", 0, "text"),
        ("table_name", "asc", "clustering", 0, "text"),
    ]
    listed = session.execute("SELECT keyspace_name FROM system_schema.keyspaces").rows
    assert ("system_virtual_schema",) not in listed
    assert ("system_views",) not in listed
    assert ("system_schema",) in listed


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            EngineSettings(),
            {
                "materialized_views_enabled": "true",
                "sasi_indexes_enabled": "true",
                "user_defined_functions_enabled": "false",
            },
        ),
        (
            EngineSettings.cassandra_4_0(sasi=True),
            {
                "enable_materialized_views": "false",
                "enable_sasi_indexes": "true",
                "enable_user_defined_functions": "false",
            },
        ),
    ],
)
def test_system_views_settings_follow_the_engine_settings(
    settings: EngineSettings, expected: dict[str, str]
) -> None:
    """``system_views.settings`` shows the switches under the imitated release's names."""
    s = Engine(settings=settings).session()
    assert dict(s.execute("SELECT name, value FROM system_views.settings").rows) == expected
    name = next(iter(sorted(expected)))
    one = s.execute("SELECT value FROM system_views.settings WHERE name = ?", [name]).rows
    assert one == [(expected[name],)]
    assert s.execute("SELECT * FROM system_views.settings WHERE name = 'nope'").rows == []
    columns = s.execute(
        "SELECT column_name, kind, type FROM system_virtual_schema.columns "
        "WHERE keyspace_name = 'system_views' AND table_name = 'settings'"
    ).rows
    assert sorted(columns) == [("name", "partition_key", "text"), ("value", "regular", "text")]
    with pytest.raises(DriverError):  # read-only
        s.execute("INSERT INTO system_views.settings (name, value) VALUES ('x', 'y')")


def test_system_local_and_peers(session: Session) -> None:
    row = session.execute(
        "SELECT release_version, cql_version, partitioner, data_center, rack, tokens "
        "FROM system.local"
    ).rows[0]
    assert (row[0], row[1]) == ("5.0.0", "3.4.7")  # the default engine imitates Cassandra 5.0
    assert row[2] == "org.apache.cassandra.dht.Murmur3Partitioner"
    assert row[3:5] == ("datacenter1", "rack1") and len(row[5]) == 16
    assert session.execute("SELECT * FROM system.peers").rows == []
    ks = session.execute(
        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'ks'"
    ).rows
    assert ks == [
        ({"class": "org.apache.cassandra.locator.SimpleStrategy", "replication_factor": "1"},)
    ]


def test_release_version_follows_settings() -> None:
    from coodie.embedded import Engine, EngineSettings

    for settings, version in ((EngineSettings.cassandra_4_0(), ("4.0.0", "3.4.5")),
                              (EngineSettings(), ("5.0.0", "3.4.7"))):  # fmt: skip
        s = Engine(settings=settings).session()
        row = s.execute("SELECT release_version, cql_version FROM system.local").rows[0]
        assert row == version
