"""coodie.testing: the context manager and the pytest fixture."""

from __future__ import annotations

import socket

import pytest

from coodie import testing
from coodie.embedded import Engine
from coodie.testing import ServerInfo, embedded_server

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
