"""Connecting through scylla-driver: coodie's profiles leave the driver nothing to warn about."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

import coodie.sync
from coodie.testing import embedded_server, isolated_connections

pytest.importorskip("cassandra.cluster")


@pytest.fixture(autouse=True)
def _isolated() -> Iterator[None]:
    with isolated_connections():
        yield


def test_connect_logs_no_driver_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with embedded_server() as server, caplog.at_level(logging.WARNING, logger="cassandra"):
        coodie.sync.init_coodie(hosts=[server.host], port=server.port, name="warnings")
        try:
            rows = coodie.sync.execute_raw(
                "SELECT release_version FROM system.local", connection="warnings"
            )
        finally:
            coodie.sync.close("warnings")
    assert rows and "release_version" in rows[0]
    driver_warnings = [r.getMessage() for r in caplog.records if r.name.startswith("cassandra")]
    assert driver_warnings == []


def test_a_wrapped_session_gets_coodies_profile_with_its_load_balancing() -> None:
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
    from cassandra.policies import RoundRobinPolicy

    from coodie.drivers.scylla import PROFILE, ScyllaDriver

    with embedded_server() as server:
        policy = RoundRobinPolicy()
        cluster = Cluster(
            [server.host],
            port=server.port,
            execution_profiles={
                EXEC_PROFILE_DEFAULT: ExecutionProfile(load_balancing_policy=policy)
            },
        )
        try:
            driver = ScyllaDriver(cluster.connect())
            profile = cluster.profile_manager.profiles[PROFILE]
            assert driver._profile == PROFILE
            assert profile.load_balancing_policy is policy
        finally:
            cluster.shutdown()


def test_a_wrapped_legacy_session_with_dict_rows_reads_typed_values() -> None:
    # cqlengine's session: legacy mode (no profiles can be added) and dict rows
    import datetime as dt

    from cassandra.cluster import Cluster
    from cassandra.query import dict_factory

    from coodie.compiler.compiled import CompiledStatement
    from coodie.cql.options import ExecutionOptions
    from coodie.drivers.scylla import ScyllaDriver

    with embedded_server() as server:
        cluster = Cluster([server.host], port=server.port)
        try:
            session = cluster.connect()
            session.row_factory = dict_factory
            session.execute(
                "CREATE KEYSPACE wrapped WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
            session.execute("CREATE TABLE wrapped.t (k int PRIMARY KEY, at timestamp)")
            session.execute("INSERT INTO wrapped.t (k, at) VALUES (1, '2024-01-02 03:04:05')")
            driver = ScyllaDriver(session)
            select = CompiledStatement("SELECT k, at FROM wrapped.t WHERE k = ?", (1,))
            page = driver.execute(select, ExecutionOptions())
        finally:
            cluster.shutdown()
    assert page.columns == ("k", "at")
    assert page.rows == [(1, dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))]
