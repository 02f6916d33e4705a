"""Real drivers against the embedded engine served over the native protocol."""

from __future__ import annotations

import ssl
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coodie.testing import ServerInfo, embedded_server

from .test_auth import make_certificate

cluster_mod = pytest.importorskip("cassandra.cluster")
from cassandra import AlreadyExists, AuthenticationFailed, InvalidRequest  # noqa: E402
from cassandra.auth import PlainTextAuthProvider  # noqa: E402
from cassandra.cluster import NoHostAvailable  # noqa: E402
from cassandra.query import BatchStatement, SimpleStatement  # noqa: E402

REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"


def _cluster(server: ServerInfo, **options: Any) -> Any:
    return cluster_mod.Cluster([server.host], port=server.port, **options)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerInfo]:
    with embedded_server() as info:
        yield info


@pytest.fixture(scope="module", params=[None, 4], ids=["default-v5", "v4"])
def session(server: ServerInfo, request: pytest.FixtureRequest) -> Iterator[Any]:
    options = {} if request.param is None else {"protocol_version": request.param}
    cluster = _cluster(server, **options)
    session = cluster.connect()
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS drv "
        "WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    session.execute("DROP TABLE IF EXISTS drv.kv")
    session.execute("CREATE TABLE drv.kv (p int, c int, v text, PRIMARY KEY (p, c))")
    yield session
    cluster.shutdown()


def test_default_settings_negotiate_v5(server: ServerInfo) -> None:
    cluster = _cluster(server)
    try:
        cluster.connect()
        assert cluster.protocol_version == 5
    finally:
        cluster.shutdown()


def test_connection_reads_schema(session: Any) -> None:
    cluster = session.cluster
    table = cluster.metadata.keyspaces["drv"].tables["kv"]
    assert [c.name for c in table.partition_key] == ["p"]
    assert table.columns["v"].cql_type == "text"


def test_insert_and_prepared_select(session: Any) -> None:
    session.execute("INSERT INTO drv.kv (p, c, v) VALUES (%s, %s, %s)", (1, 1, "one"))
    select = session.prepare("SELECT c, v FROM drv.kv WHERE p = ?")
    assert select.routing_key_indexes == [0]
    assert [tuple(r) for r in session.execute(select, (1,))] == [(1, "one")]
    insert = session.prepare("INSERT INTO drv.kv (p, c, v) VALUES (?, ?, ?)")
    session.execute(insert, (1, 2, None))
    assert [tuple(r) for r in session.execute(select, (1,))] == [(1, "one"), (2, None)]


def test_paging_beyond_one_page(session: Any) -> None:
    insert = session.prepare("INSERT INTO drv.kv (p, c, v) VALUES (2, ?, 'x')")
    for c in range(25):
        session.execute(insert, (c,))
    statement = SimpleStatement("SELECT c FROM drv.kv WHERE p = 2", fetch_size=10)
    result = session.execute(statement)
    assert len(result.current_rows) == 10
    assert result.has_more_pages
    assert [r.c for r in result] == list(range(25))


def test_messages_larger_than_a_v5_segment(session: Any) -> None:
    big = "x" * 300_000
    insert = session.prepare("INSERT INTO drv.kv (p, c, v) VALUES (5, ?, ?)")
    for c in range(3):
        session.execute(insert, (c, big + str(c)))
    rows = list(session.execute("SELECT c, v FROM drv.kv WHERE p = 5"))
    assert [(r.c, len(r.v), r.v[-1]) for r in rows] == [(c, 300_001, str(c)) for c in range(3)]


def test_v5_result_metadata_follows_alter_table(server: ServerInfo) -> None:
    cluster = _cluster(server)
    try:
        session = cluster.connect()
        session.execute(f"CREATE KEYSPACE IF NOT EXISTS evolve WITH replication = {REPLICATION}")
        session.execute("CREATE TABLE evolve.evolving (k int PRIMARY KEY, v int)")
        session.execute("INSERT INTO evolve.evolving (k, v) VALUES (1, 1)")
        select = session.prepare("SELECT * FROM evolve.evolving WHERE k = ?")
        assert tuple(session.execute(select, (1,)).one()) == (1, 1)
        session.execute("ALTER TABLE evolve.evolving ADD w text")
        session.execute("UPDATE evolve.evolving SET w = 'new' WHERE k = 1")
        assert session.execute(select, (1,)).one()._asdict() == {"k": 1, "v": 1, "w": "new"}
    finally:
        cluster.shutdown()


def test_batch(session: Any) -> None:
    insert = session.prepare("INSERT INTO drv.kv (p, c, v) VALUES (3, ?, ?)")
    batch = BatchStatement()
    batch.add(insert, (1, "a"))
    batch.add("INSERT INTO drv.kv (p, c, v) VALUES (3, 2, 'b')")
    session.execute(batch)
    assert [tuple(r) for r in session.execute("SELECT c, v FROM drv.kv WHERE p = 3")] == [
        (1, "a"), (2, "b")
    ]  # fmt: skip


def test_lwt(session: Any) -> None:
    first = session.execute("INSERT INTO drv.kv (p, c, v) VALUES (4, 1, 'x') IF NOT EXISTS")
    assert first.was_applied
    second = session.execute("INSERT INTO drv.kv (p, c, v) VALUES (4, 1, 'y') IF NOT EXISTS")
    assert not second.was_applied
    assert second.one().v == "x"


def test_errors_map_to_driver_exceptions(session: Any) -> None:
    with pytest.raises(AlreadyExists) as exists:
        session.execute("CREATE TABLE drv.kv (p int PRIMARY KEY)")
    assert (exists.value.keyspace, exists.value.table) == ("drv", "kv")
    with pytest.raises(InvalidRequest, match="table nope does not exist"):
        session.execute("SELECT * FROM drv.nope")


def test_types_round_trip(session: Any) -> None:
    session.execute(
        "CREATE TABLE IF NOT EXISTS drv.types (k uuid PRIMARY KEY, l list<int>, "
        "m map<text, int>, d decimal, t timestamp)"
    )
    key = uuid.uuid4()
    insert = session.prepare("INSERT INTO drv.types (k, l, m, d) VALUES (?, ?, ?, ?)")
    from decimal import Decimal

    session.execute(insert, (key, [1, 2], {"a": 1}, Decimal("1.50")))
    row = session.execute("SELECT l, m, d FROM drv.types WHERE k = %s", (key,)).one()
    assert (row.l, dict(row.m), row.d) == ([1, 2], {"a": 1}, Decimal("1.50"))


def test_wrong_credentials() -> None:
    with embedded_server(auth="cassandra:secret") as info:
        good = _cluster(info, auth_provider=PlainTextAuthProvider("cassandra", "secret"))
        try:
            assert good.connect().execute("SELECT release_version FROM system.local").one()
        finally:
            good.shutdown()
        bad = _cluster(info, auth_provider=PlainTextAuthProvider("cassandra", "wrong"))
        try:
            with pytest.raises(NoHostAvailable) as refused:
                bad.connect()
            errors = list(refused.value.errors.values())
            assert isinstance(errors[0], AuthenticationFailed)
        finally:
            bad.shutdown()


def test_tls(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    with embedded_server(ssl_context=server_context) as info:
        cluster = _cluster(info, ssl_context=client_context)
        try:
            row = cluster.connect().execute("SELECT cluster_name FROM system.local").one()
            assert row.cluster_name
        finally:
            cluster.shutdown()


def test_protocol_v3(server: ServerInfo) -> None:
    cluster = _cluster(server, protocol_version=3)
    try:
        session = cluster.connect()
        session.execute(f"CREATE KEYSPACE IF NOT EXISTS v3 WITH replication = {REPLICATION}")
        session.execute("CREATE TABLE IF NOT EXISTS v3.t (k int PRIMARY KEY, v text)")
        session.execute(session.prepare("INSERT INTO v3.t (k, v) VALUES (?, ?)"), (1, "x"))
        assert [tuple(r) for r in session.execute("SELECT k, v FROM v3.t")] == [(1, "x")]
    finally:
        cluster.shutdown()


def test_current_and_per_statement_keyspace(server: ServerInfo) -> None:
    cluster = _cluster(server)
    try:
        setup = cluster.connect()
        setup.execute(f"CREATE KEYSPACE IF NOT EXISTS scoped WITH replication = {REPLICATION}")
        setup.execute("CREATE TABLE IF NOT EXISTS scoped.t (k int PRIMARY KEY, v text)")
        scoped = cluster.connect("scoped")
        scoped.execute("INSERT INTO t (k, v) VALUES (1, 'in scoped')")
        scoped.set_keyspace("system")
        statement = SimpleStatement("SELECT v FROM t WHERE k = 1", keyspace="scoped")
        assert scoped.execute(statement).one().v == "in scoped"  # v5 keyspace flag
    finally:
        cluster.shutdown()


@pytest.mark.parametrize("options", [{}, {"metadata_request_timeout": 5.0}], ids=["default", "mrt"])
def test_schema_agreement_is_immediate(server: ServerInfo, options: dict[str, Any]) -> None:
    # scylla-driver appends ScyllaDB's `USING TIMEOUT` to its system queries (schema agreement
    # included) only when SUPPORTED carries SCYLLA_* sharding options; the server advertises no
    # ScyllaDB extension it does not implement, so the driver sends plain Cassandra CQL.
    cluster = _cluster(server, max_schema_agreement_wait=3, **options)
    try:
        session = cluster.connect()
        connection = cluster.control_connection._connection
        assert connection.features.sharding_info is None
        assert cluster.control_connection._metadata_request_timeout is None
        start = time.monotonic()
        session.execute(f"CREATE KEYSPACE IF NOT EXISTS agree WITH replication = {REPLICATION}")
        session.execute("CREATE TABLE IF NOT EXISTS agree.t (k int PRIMARY KEY)")
        assert session.wait_for_schema_agreement() is True
        assert time.monotonic() - start < 2
    finally:
        cluster.shutdown()
