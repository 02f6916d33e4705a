"""A prepared ``SELECT *`` after its table changed: the server drops the statement (as
Cassandra does), the driver prepares it again and reads the new columns."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

import coodie.sync
from coodie.testing import ServerInfo, embedded_server, isolated_connections

_PACKAGES = {"scylla": "cassandra", "acsylla": "acsylla", "rs": "scylla"}


@pytest.fixture
def server() -> Iterator[ServerInfo]:
    with embedded_server() as info, isolated_connections():
        yield info


@pytest.mark.parametrize("driver", sorted(_PACKAGES))
def test_select_star_follows_dropped_and_added_columns(server: ServerInfo, driver: str) -> None:
    if importlib.util.find_spec(_PACKAGES[driver]) is None:
        pytest.skip(f"the {driver} driver package is not installed")
    coodie.sync.init_coodie(hosts=[server.host], port=server.port, driver_type=driver)
    run = coodie.sync.execute_raw
    run(
        "CREATE KEYSPACE ps WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    run("CREATE TABLE ps.t (k int PRIMARY KEY, a text, b text)")
    run("INSERT INTO ps.t (k, a, b) VALUES (?, ?, ?)", (1, "x", "y"))
    select = "SELECT * FROM ps.t WHERE k = ?"
    assert run(select, (1,)) == [{"k": 1, "a": "x", "b": "y"}]
    run("ALTER TABLE ps.t DROP b")
    assert run(select, (1,)) == [{"k": 1, "a": "x"}]
    run("ALTER TABLE ps.t ADD c int")
    assert run(select, (1,)) == [{"k": 1, "a": "x", "c": None}]
