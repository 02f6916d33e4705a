"""Every driver reports a server that went away mid-session as :class:`ConnectionLost`,
naming the driver and the host, whether the request was in flight or sent afterwards.

Each test runs ``coodie serve`` in a child process and kills it (bounded waits throughout).
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from coodie.aio import connection as aio_connection
from coodie.exceptions import ConnectionLost, DriverError
from coodie.sync import connection as sync_connection

CODE = "from coodie.server import serve_forever; raise SystemExit(serve_forever(port=0))"
DRIVER_MODULES = {"scylla": "cassandra", "acsylla": "acsylla", "rs": "scylla"}
QUERY = "SELECT release_version FROM system.local"


class Served:
    """A ``coodie serve`` child process."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CODE], stderr=subprocess.PIPE, text=True
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        found = re.search(r"on 127\.0\.0\.1:(\d+)", line)
        assert found, line
        self.port = int(found.group(1))

    def freeze(self) -> None:
        """Stop the server without closing its sockets (requests stay unanswered)."""
        self.process.send_signal(signal.SIGSTOP)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)


@pytest.fixture(params=sorted(DRIVER_MODULES))
def driver(request: pytest.FixtureRequest) -> str:
    pytest.importorskip(DRIVER_MODULES[request.param])
    return str(request.param)


@pytest.fixture
def served() -> Iterator[Served]:
    server = Served()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.kill()


def _check(error: BaseException, driver: str, port: int) -> None:
    assert isinstance(error, ConnectionLost), repr(error)
    assert isinstance(error, DriverError) and isinstance(error, ConnectionError)
    assert error.driver == driver
    assert f"127.0.0.1:{port}" in error.hosts, error.hosts
    assert f"(the {driver} driver)" not in str(error) and f"({driver} driver)" in str(error)


def _connect(driver: str, port: int, name: str) -> None:
    sync_connection.init_coodie(
        ["127.0.0.1"], port=port, driver_type=driver, timeout=5, name=name, default=False
    )


def test_sync_after_the_server_died(driver: str, served: Served) -> None:
    name = f"lost-sync-{driver}"
    _connect(driver, served.port, name)
    try:
        assert sync_connection.execute_raw(QUERY, connection=name)
        served.kill()
        for _ in range(2):  # the first request notices, the next finds no connection
            with pytest.raises(ConnectionLost) as info:
                sync_connection.execute_raw(QUERY, connection=name, timeout=5)
            _check(info.value, driver, served.port)
    finally:
        sync_connection.close(name)


def test_sync_request_in_flight_when_the_server_dies(driver: str, served: Served) -> None:
    name = f"lost-flight-{driver}"
    _connect(driver, served.port, name)
    try:
        assert sync_connection.execute_raw(QUERY, connection=name)
        served.freeze()  # the next request is sent and never answered ...
        killer = threading.Timer(1.0, served.kill)  # ... until the server dies under it
        killer.start()
        try:
            with pytest.raises(ConnectionLost) as info:
                sync_connection.execute_raw(QUERY, connection=name, timeout=30)
        finally:
            killer.join(15)
        _check(info.value, driver, served.port)
    finally:
        sync_connection.close(name)


def test_async_after_the_server_died_and_in_flight(driver: str, served: Served) -> None:
    name = f"lost-async-{driver}"

    async def scenario() -> list[BaseException]:
        await aio_connection.init_coodie(
            ["127.0.0.1"], port=served.port, driver_type=driver, timeout=5, name=name,
            default=False,
        )  # fmt: skip
        errors: list[BaseException] = []
        try:
            assert await aio_connection.execute_raw(QUERY, connection=name)
            served.freeze()
            request = asyncio.ensure_future(
                aio_connection.execute_raw(QUERY, connection=name, timeout=30)
            )
            await asyncio.sleep(1.0)
            served.kill()
            for attempt in (request, aio_connection.execute_raw(QUERY, connection=name)):
                try:
                    await asyncio.wait_for(attempt, 30)
                except Exception as error:  # checked below
                    errors.append(error)
        finally:
            await aio_connection.close(name)
        return errors

    errors: list[Any] = asyncio.run(scenario())
    assert len(errors) == 2
    for error in errors:
        _check(error, driver, served.port)
