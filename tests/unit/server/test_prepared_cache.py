"""A bounded prepared-statement cache: evicted ids answer UNPREPARED and scylla-driver
prepares them again by itself."""

from __future__ import annotations

import pytest

from coodie.embedded import Engine
from coodie.embedded.prepared_cache import PreparedCache, estimated_size
from coodie.testing import embedded_server

cluster_mod = pytest.importorskip("cassandra.cluster")


def test_evicted_statements_are_prepared_again_transparently() -> None:
    engine = Engine()
    statements = [f"SELECT v FROM c.kv WHERE k = ? AND v = '{n}' ALLOW FILTERING" for n in range(6)]
    engine.prepared = PreparedCache(max_bytes=3 * estimated_size(statements[0]))
    with embedded_server(engine=engine) as info:
        cluster = cluster_mod.Cluster([info.host], port=info.port, protocol_version=4)
        try:
            session = cluster.connect()
            session.execute(
                "CREATE KEYSPACE c WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
            session.execute("CREATE TABLE c.kv (k int PRIMARY KEY, v text)")
            session.execute("INSERT INTO c.kv (k, v) VALUES (1, '0')")
            prepared = [session.prepare(cql) for cql in statements]
            assert len(engine.prepared) <= 3
            assert engine.get_prepared(prepared[0].query_id) is None  # evicted
            assert session.execute(prepared[0], (1,)).one().v == "0"  # re-prepared by the driver
            assert engine.get_prepared(prepared[0].query_id) is not None
            assert session.execute(prepared[5], (1,)).one() is None
            assert len(engine.prepared) <= 3
        finally:
            cluster.shutdown()


def test_the_cache_is_bounded_by_memory_not_count() -> None:
    cache: PreparedCache[str] = PreparedCache(max_bytes=100_000)
    for n in range(10_000):
        cache.put(n.to_bytes(4, "big"), "x", cql=f"SELECT {n}")
    assert cache.size <= 100_000
    assert len(cache) == 100_000 // estimated_size("SELECT 9999")
