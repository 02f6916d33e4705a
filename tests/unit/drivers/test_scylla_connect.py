"""Connecting through scylla-driver: coodie's profiles leave the driver nothing to warn about."""

from __future__ import annotations

import logging

import pytest

import coodie.sync
from coodie.executor import connections as registry
from coodie.testing import embedded_server

pytest.importorskip("cassandra.cluster")


@pytest.fixture(autouse=True)
def _isolated() -> object:
    saved = dict(registry._connections), registry._default_name
    yield None
    registry._connections.clear()
    registry._connections.update(saved[0])
    registry._default_name = saved[1]


def test_connect_logs_no_driver_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with embedded_server() as server, caplog.at_level(logging.WARNING, logger="cassandra"):
        coodie.sync.init_coodie(hosts=[server.host], port=server.port, name="warnings")
        try:
            rows = coodie.sync.execute_raw(
                "SELECT release_version FROM system.local", connection="warnings"
            )
        finally:
            registry.close("warnings")
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
