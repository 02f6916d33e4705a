"""coodie.testing: the context manager and the pytest fixture."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from coodie import testing
from coodie.drivers.recording import RecordingDriver
from coodie.embedded import Engine
from coodie.executor.connections import (
    connection_names,
    get_connection,
    get_driver,
    register_driver,
    unregister,
)
from coodie.testing import ServerInfo, embedded_server, isolated_connections

coodie_server = testing.coodie_server


def test_fixture_serves_on_a_free_loopback_port(coodie_server: ServerInfo) -> None:
    assert coodie_server.host == "127.0.0.1"
    with socket.create_connection((coodie_server.host, coodie_server.port), timeout=5):
        pass


def test_serves_a_given_engine_and_stops_cleanly() -> None:
    engine = Engine()
    with embedded_server(engine=engine) as server:
        assert server.engine is engine
        assert server.contact_point == f"127.0.0.1:{server.port}"
        port = server.port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_bind_failure_is_raised() -> None:
    with embedded_server() as first:
        options = {"host": "203.0.113.1"}  # TEST-NET-3: not a local address
        with pytest.raises(OSError), embedded_server(**options):
            pass
        assert first.port


coodie_connections = testing.coodie_connections


def test_isolated_connections_hide_close_and_restore() -> None:
    outer = RecordingDriver()
    register_driver("outer", outer, default=True)
    try:
        with isolated_connections():
            assert connection_names() == []
            inner = RecordingDriver()
            register_driver("inner", inner)
            assert get_driver() is inner  # the first one registered inside is the default
        assert inner.closed and not outer.closed
        assert connection_names() == ["outer"] and get_driver() is outer
    finally:
        unregister("outer")


def test_isolated_connections_restore_after_an_error() -> None:
    register_driver("outer", RecordingDriver(), default=True)
    try:
        with pytest.raises(RuntimeError), isolated_connections():
            register_driver("inner", RecordingDriver(), default=True)
            raise RuntimeError("test failed")
        assert connection_names() == ["outer"] and get_connection().name == "outer"
    finally:
        unregister("outer")


@pytest.fixture
def outer_connection() -> Iterator[RecordingDriver]:
    driver = RecordingDriver()
    register_driver("outer", driver, default=True)
    yield driver
    assert connection_names() == ["outer"]  # back after coodie_connections' teardown
    unregister("outer")


def test_the_fixture_starts_from_an_empty_registry(
    outer_connection: RecordingDriver, coodie_connections: None
) -> None:
    assert connection_names() == []
