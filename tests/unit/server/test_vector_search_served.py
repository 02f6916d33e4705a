"""Vector search through ``coodie serve``'s protocol with scylla-driver: what a client sees."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from coodie.embedded import EngineSettings
from coodie.server.frames import Opcode
from coodie.testing import ServerInfo, embedded_server

from .conftest import Client

cluster_mod = pytest.importorskip("cassandra.cluster")
from cassandra import InvalidRequest  # noqa: E402

REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"


def _session(server: ServerInfo) -> Any:
    cluster = cluster_mod.Cluster([server.host], port=server.port)
    return cluster, cluster.connect()


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    with embedded_server() as server:
        cluster, s = _session(server)
        try:
            s.execute(f"CREATE KEYSPACE vs WITH replication = {REPLICATION}")
            s.set_keyspace("vs")
            s.execute("CREATE TABLE docs (id int PRIMARY KEY, body text, v vector<float, 3>)")
            s.execute(
                "CREATE INDEX docs_v ON docs (v) USING 'sai' "
                "WITH OPTIONS = {'similarity_function': 'EUCLIDEAN'}"
            )
            insert = s.prepare("INSERT INTO docs (id, body, v) VALUES (?, ?, ?)")
            for i in range(20):
                s.execute(insert, (i, f"doc {i}", [float(i), 0.0, 1.0]))
            yield s
        finally:
            cluster.shutdown()


def test_ann_with_a_bound_vector_and_a_score_alias(session: Any) -> None:
    stmt = session.prepare(
        "SELECT id, similarity_euclidean(v, ?) AS score FROM docs ORDER BY v ANN OF ? LIMIT 3"
    )
    rows = list(session.execute(stmt, ([4.2, 0.0, 1.0], [4.2, 0.0, 1.0])))
    assert [r.id for r in rows] == [4, 5, 3]
    assert rows[0].score == pytest.approx(1 / (1 + 0.2**2), rel=1e-6)
    assert rows[1].score == pytest.approx(1 / (1 + 0.8**2), rel=1e-6)


def test_similarity_literals_and_column_names(session: Any) -> None:
    rs = session.execute("SELECT similarity_cosine(v, [1, 0, 1]) FROM docs WHERE id = 1")
    assert rs.column_names == ["system.similarity_cosine(v, [1, 0, 1])"]
    assert rs.one()[0] == pytest.approx((1 + 2 / (math.sqrt(2) * math.sqrt(2))) / 2)


@pytest.mark.parametrize(
    ("cql", "message"),
    [
        ("SELECT id FROM docs ORDER BY v ANN OF [1, 2, 3]", "LIMIT was NO LIMIT"),
        (
            "SELECT id FROM docs ORDER BY v ANN OF [1, 2] LIMIT 2",
            "expected 3 elements, but given 2",
        ),
        (
            "SELECT id FROM docs WHERE body = 'x' ORDER BY v ANN OF [1, 2, 3] LIMIT 2",
            "requires all restricted column(s) to be indexed",
        ),
        (
            "SELECT similarity_dot_product(v, [1]) FROM docs",
            "All arguments must have the same vector dimensions",
        ),
    ],
)
def test_errors_reach_the_client(session: Any, cql: str, message: str) -> None:
    with pytest.raises(InvalidRequest) as err:
        session.execute(cql)
    assert message in str(err.value)


def test_release_version_follows_the_settings() -> None:
    for settings, version, cql_version in (
        (EngineSettings(), "5.0.0", "3.4.7"),
        (EngineSettings.cassandra_4_0(), "4.0.0", "3.4.5"),
    ):
        with embedded_server(settings=settings) as server:
            cluster, s = _session(server)
            raw = Client(server.host, server.port)
            try:
                supported = raw.request(Opcode.OPTIONS).reader()
                options = {
                    supported.string(): supported.string_list() for _ in range(supported.short())
                }
                assert options["CQL_VERSION"] == [cql_version]
                assert s.execute("SELECT release_version FROM system.local").one()[0] == version
                host = cluster.metadata.all_hosts()[0]
                assert str(host.release_version) == version
            finally:
                raw.close()
                cluster.shutdown()
