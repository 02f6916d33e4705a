"""acsylla (C++ driver) and scylladb-rs-driver (Rust driver) against the embedded server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from coodie.testing import ServerInfo, embedded_server

CREATE_KS = (
    "CREATE KEYSPACE {} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
)


@pytest.fixture
def server() -> Iterator[ServerInfo]:
    with embedded_server() as info:
        yield info


async def test_acsylla(server: ServerInfo) -> None:
    acsylla = pytest.importorskip("acsylla")
    cluster = acsylla.create_cluster([server.host], port=server.port, connect_timeout=5)
    session = await asyncio.wait_for(cluster.create_session(), 10)
    try:
        await session.execute(acsylla.create_statement(CREATE_KS.format("a")))
        await session.execute(
            acsylla.create_statement("CREATE TABLE a.t (k int PRIMARY KEY, v text)")
        )
        insert = await session.create_prepared("INSERT INTO a.t (k, v) VALUES (?, ?)")
        for k in range(3):
            await session.execute(insert.bind([k, f"v{k}"]))
        select = await session.create_prepared("SELECT k, v FROM a.t WHERE k = ?")
        result = await session.execute(select.bind([2]))
        assert [row.as_dict() for row in result] == [{"k": 2, "v": "v2"}]
        batch = acsylla.create_batch_logged()
        batch.add_statement(insert.bind([3, "v3"]))
        batch.add_statement(acsylla.create_statement("INSERT INTO a.t (k, v) VALUES (4, 'v4')"))
        await session.execute_batch(batch)
        scan = acsylla.create_statement("SELECT k FROM a.t", page_size=2)
        keys: list[int] = []
        while True:
            page = await session.execute(scan)
            keys += [row.as_dict()["k"] for row in page]
            if not page.has_more_pages():
                break
            scan.set_page_state(page.page_state())
        assert sorted(keys) == [0, 1, 2, 3, 4]
        # the C++ driver reads the virtual keyspaces' schema on connect (Cassandra 4.0)
        tables = await session.execute(
            acsylla.create_statement(
                "SELECT keyspace_name, table_name FROM system_virtual_schema.tables"
            )
        )
        assert sorted(
            (r.as_dict()["keyspace_name"], r.as_dict()["table_name"]) for r in tables
        ) == [
            ("system_views", "settings"),
            ("system_virtual_schema", "columns"),
            ("system_virtual_schema", "keyspaces"),
            ("system_virtual_schema", "tables"),
        ]
    finally:
        await session.close()


async def test_scylladb_rs_driver(server: ServerInfo) -> None:
    builder_mod = pytest.importorskip("scylla.session_builder")
    builder = builder_mod.SessionBuilder().contact_points([server.contact_point])
    session = await asyncio.wait_for(builder.connect(), 10)
    await session.execute(CREATE_KS.format("r"))
    await session.execute("CREATE TABLE r.t (p int, c int, v text, PRIMARY KEY (p, c))")
    insert = await session.prepare("INSERT INTO r.t (p, c, v) VALUES (?, ?, ?)")
    for c in range(5):
        await session.execute(insert, [1, c, f"v{c}"])
    batch_mod = pytest.importorskip("scylla.batch")
    batch = batch_mod.Batch()
    batch.add(insert, [1, 5, "v5"])
    batch.add("INSERT INTO r.t (p, c, v) VALUES (1, 6, 'v6')")
    await session.batch(batch)
    select = (await session.prepare("SELECT c, v FROM r.t WHERE p = ?")).with_page_size(2)
    first = await session.execute(select, [1])
    assert first.has_more_pages()
    rows = await first.all()
    assert rows == [{"c": c, "v": f"v{c}"} for c in range(7)]
