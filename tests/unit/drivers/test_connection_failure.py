"""A connection that cannot be made: one typed error for every driver, no stderr noise."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
from collections.abc import Iterator

import pytest

import coodie.aio
import coodie.sync
from coodie.exceptions import ConnectionFailed
from coodie.testing import isolated_connections

_DRIVERS = {"scylla": "cassandra", "acsylla": "acsylla", "rs": "scylla"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(params=sorted(_DRIVERS))
def driver_type(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if importlib.util.find_spec(_DRIVERS[name]) is None:
        pytest.skip(f"driver package for {name!r} is not installed")
    return name


@pytest.fixture(autouse=True)
def _isolated() -> Iterator[None]:
    with isolated_connections():
        yield


def _check(error: ConnectionFailed, driver_type: str, port: int) -> None:
    assert (error.driver, error.hosts, error.port) == (driver_type, ("127.0.0.1",), port)
    assert error.cause and error.cause[0] != "("  # the driver's reason, not a raw tuple
    assert str(error).startswith(f"cannot connect to 127.0.0.1 port {port} with the {driver_type}")


def test_sync_connect_failure_is_typed(driver_type: str, capfd: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    with pytest.raises(ConnectionFailed) as info:
        coodie.sync.init_coodie(
            hosts=["127.0.0.1"], port=port, driver_type=driver_type, timeout=2, name="down"
        )
    _check(info.value, driver_type, port)
    assert capfd.readouterr().err == ""  # driver logs go to logging, not stderr


def test_async_connect_failure_is_typed(driver_type: str) -> None:
    port = _closed_port()

    async def connect() -> None:
        await coodie.aio.init_coodie(
            hosts=["127.0.0.1"], port=port, driver_type=driver_type, timeout=2, name="down"
        )

    with pytest.raises(ConnectionFailed) as info:
        asyncio.run(connect())
    _check(info.value, driver_type, port)
