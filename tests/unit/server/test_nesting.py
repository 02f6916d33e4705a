"""Deeply nested values or types get a CQL error over the wire, not a RecursionError."""

from __future__ import annotations

import pytest

from coodie.testing import embedded_server

cluster_mod = pytest.importorskip("cassandra.cluster")
errors = pytest.importorskip("cassandra")

NESTED = [
    "CREATE TABLE n.t (k int PRIMARY KEY, v " + "frozen<list<" * 3000 + "int" + ">>" * 3000 + ")",
    "INSERT INTO n.kv (k, v) VALUES (1, " + "[" * 5000 + "]" * 5000 + ")",
    "SELECT * FROM n.kv WHERE k = " + "(" * 5000 + "1" + ")" * 5000,
]


@pytest.mark.parametrize("cql", NESTED, ids=["type", "value", "parentheses"])
def test_deep_nesting_is_a_syntax_error_and_the_connection_survives(
    cql: str, caplog: pytest.LogCaptureFixture
) -> None:
    with embedded_server() as info:
        cluster = cluster_mod.Cluster([info.host], port=info.port, protocol_version=4)
        try:
            session = cluster.connect()
            session.execute(
                "CREATE KEYSPACE n WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
            session.execute("CREATE TABLE n.kv (k int PRIMARY KEY, v list<int>)")
            with pytest.raises(errors.protocol.SyntaxException, match="too deeply nested"):
                session.execute(cql)
            assert session.execute("SELECT k FROM n.kv").all() == []
        finally:
            cluster.shutdown()
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text
