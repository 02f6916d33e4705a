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
    set_default_connection,
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


@pytest.fixture
def outer_connection() -> Iterator[RecordingDriver]:
    """A connection registered (as the default) before the isolated block; removed after."""
    before = connection_names()
    previous_default = get_connection().name if before else None
    driver = RecordingDriver()
    register_driver("outer", driver, default=True)
    yield driver
    assert connection_names() == [*before, "outer"]  # what was there is back, nothing more
    assert get_connection().name == "outer"
    unregister("outer")
    if previous_default is not None:
        set_default_connection(previous_default)


def test_isolated_connections_hide_close_and_restore(outer_connection: RecordingDriver) -> None:
    with isolated_connections():
        assert connection_names() == []
        inner = RecordingDriver()
        register_driver("inner", inner)
        assert get_driver() is inner  # the first one registered inside is the default
    assert inner.closed and not outer_connection.closed
    assert get_driver() is outer_connection


def test_isolated_connections_restore_after_an_error(outer_connection: RecordingDriver) -> None:
    inner = RecordingDriver()
    with pytest.raises(RuntimeError), isolated_connections():
        register_driver("inner", inner, default=True)
        raise RuntimeError("test failed")
    assert inner.closed and get_driver() is outer_connection


def test_the_fixture_starts_from_an_empty_registry(
    outer_connection: RecordingDriver, coodie_connections: None
) -> None:
    assert connection_names() == []
