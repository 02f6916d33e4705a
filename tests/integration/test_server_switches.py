"""Features a server has switched off (``cassandra.yaml``), learned from ``system_views.settings``
at connect and refused before any DDL (sync and aio).

Each test runs on an engine set up as a Cassandra 4.0 node: in process on the embedded target,
else through ``coodie serve`` and the target's driver.

No ``from __future__ import annotations``: the models below are defined inside tests.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import pytest

from coodie.embedded import EngineSettings
from coodie.exceptions import UnsupportedByServer
from coodie.executor.connections import get_connection
from coodie.executor.runner import run, run_async
from coodie.executor.server import ServerInfo, server_info_operation
from coodie.fields import ClusteringKey, Indexed, PrimaryKey
from coodie.testing import embedded_server

from .conftest import Api

SASI = "org.apache.cassandra.index.sasi.SASIIndex"
KS = "switches"


@contextmanager
def cassandra_4_0(api: Api, **switches: bool) -> Iterator[str]:
    """A connection named "c40" to a Cassandra 4.0 engine with keyspace ``switches``."""
    settings = EngineSettings.cassandra_4_0(**switches)
    with _server(api, settings) as kwargs:
        api(api.module.init_coodie(**kwargs, name="c40", default=False))
        try:
            create = f"CREATE KEYSPACE {KS} WITH replication = " + (
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
            api(api.module.execute_raw(create, connection="c40"))
            yield "c40"
        finally:
            api(api.module.close("c40"))


@contextmanager
def _server(api: Api, settings: EngineSettings) -> Iterator[dict[str, Any]]:
    if api.target.driver_type == "embedded":
        yield {"driver_type": "embedded", "settings": settings}
        return
    with embedded_server(settings=settings) as server:
        yield {"driver_type": api.target.driver_type, "hosts": [server.host], "port": server.port}


def _tables(api: Api) -> list[Any]:
    query = f"SELECT table_name FROM system_schema.tables WHERE keyspace_name = '{KS}'"
    return list(api(api.module.execute_raw(query, connection="c40")))


def _person(api: Api) -> Any:
    class Person(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[int, PrimaryKey()]
        name: Annotated[str, Indexed(custom_class=SASI, options={"mode": "CONTAINS"})] = ""

        class Settings:
            name = "people"
            keyspace = KS
            connection = "c40"

    return Person


def test_the_switches_are_read_at_connect(api: Api) -> None:
    with cassandra_4_0(api, sasi=True):
        conn = get_connection("c40")
        runner = run if api.mode == "sync" else run_async
        info = api(runner(server_info_operation(conn), conn))
        assert info == ServerInfo(
            "cassandra", "4.0.0", sasi_enabled=True, materialized_views_enabled=False
        )


def test_sasi_disabled_is_refused_before_any_ddl(api: Api) -> None:
    with cassandra_4_0(api):
        person = _person(api)
        with pytest.raises(UnsupportedByServer) as info:
            api(person.sync_table())
        assert str(info.value) == (
            "Person.name: SASI index people_name_idx needs SASI indexes enabled "
            "(sasi_indexes_enabled: true in cassandra.yaml); the server is Cassandra 4.0.0 "
            "with SASI indexes disabled"
        )
        assert _tables(api) == []


def test_sasi_enabled_runs_like(api: Api) -> None:
    with cassandra_4_0(api, sasi=True):
        person = _person(api)
        api(person.sync_table())
        for i, name in enumerate(["alice", "bob", "sal"]):
            api(person(id=i, name=name).save())
        found = api.list(person.find(name__like="%al%"))
        assert sorted(p.name for p in found) == ["alice", "sal"]


def test_views_disabled_are_refused_before_any_ddl(api: Api) -> None:
    with cassandra_4_0(api):

        class Score(api.module.Document):  # type: ignore[name-defined,misc]
            game: Annotated[str, PrimaryKey()]
            player: Annotated[str, ClusteringKey()]
            points: int = 0

            class Settings:
                name = "score"
                keyspace = KS
                connection = "c40"

        class ByPoints(api.module.MaterializedView):  # type: ignore[name-defined,misc]
            game: Annotated[str, PrimaryKey()]
            points: Annotated[int, ClusteringKey(order="DESC")]
            player: Annotated[str, ClusteringKey()]

            class Settings:
                name = "by_points"
                keyspace = KS
                connection = "c40"
                __base_table__ = Score

        api(Score.sync_table())
        with pytest.raises(UnsupportedByServer) as info:
            api(ByPoints.sync_table())
        assert str(info.value) == (
            "ByPoints: materialized view by_points needs materialized views enabled "
            "(materialized_views_enabled: true in cassandra.yaml); the server is Cassandra "
            "4.0.0 with materialized views disabled"
        )
        assert [row["table_name"] for row in _tables(api)] == ["score"]
