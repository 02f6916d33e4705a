"""An oversized mutation through ``coodie serve``: the driver gets Cassandra's InvalidRequest
and the connection stays usable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coodie.testing import ServerInfo, embedded_server

cluster_mod = pytest.importorskip("cassandra.cluster")
from cassandra import InvalidRequest  # noqa: E402

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[ServerInfo]:
    with embedded_server() as info:
        yield info


def test_oversized_mutation_is_refused_and_the_connection_survives(server: ServerInfo) -> None:
    cluster = cluster_mod.Cluster([server.host], port=server.port, protocol_version=4)
    try:
        session = cluster.connect()
        session.execute(
            "CREATE KEYSPACE big WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        )
        session.execute("CREATE TABLE big.t (k int, c int, v blob, PRIMARY KEY (k, c))")
        update = session.prepare("UPDATE big.t SET v = ? WHERE k = ? AND c IN (1, 2, 3)")
        six = b"x" * (6 * MIB)
        with pytest.raises(InvalidRequest) as info:
            session.execute(update, (six, 1), timeout=60)
        message = str(info.value)
        assert "Rejected an oversized mutation (" in message
        assert "/16777216) for keyspace: big. Top keys are: t.1" in message
        assert session.execute("SELECT count(*) FROM big.t").one()[0] == 0
        session.execute(update, (b"x" * (5 * MIB), 1), timeout=60)  # 15 MiB: accepted
        assert session.execute("SELECT count(*) FROM big.t").one()[0] == 3
    finally:
        cluster.shutdown()
