"""Connection registry: named connections, defaults, lazy connect (thread- and task-safe)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from coodie.cql.options import ExecutionOptions
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import ConfigurationError
from coodie.executor import connections as connection


def test_named_connections_and_default(driver: RecordingDriver) -> None:
    other = RecordingDriver()
    connection.register_driver("other", other)
    assert connection.get_driver() is driver
    assert connection.get_driver("other") is other
    connection.set_default_connection("other")
    assert connection.get_driver() is other
    with pytest.raises(ConfigurationError, match="no connection named 'nope'"):
        connection.get_driver("nope")


def test_no_connection_configured(driver: RecordingDriver) -> None:
    connection.unregister("default")
    with pytest.raises(ConfigurationError, match="init_coodie"):
        connection.get_driver()


def test_lazy_connect_happens_once_under_concurrent_threads(driver: RecordingDriver) -> None:
    made: list[RecordingDriver] = []

    def factory() -> RecordingDriver:
        time.sleep(0.02)
        made.append(RecordingDriver())
        return made[-1]

    conn = connection.Connection("lazy", factory=factory)
    assert not conn.connected
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(conn.driver())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(g is made[0] for g in got)


def test_lazy_connect_happens_once_under_concurrent_tasks(driver: RecordingDriver) -> None:
    made: list[RecordingDriver] = []

    async def factory() -> RecordingDriver:
        await asyncio.sleep(0.01)
        made.append(RecordingDriver())
        return made[-1]

    conn = connection.Connection("lazy", async_factory=factory)

    async def main() -> list[object]:
        return list(await asyncio.gather(*(conn.driver_async() for _ in range(8))))

    got = asyncio.run(main())
    assert len(made) == 1
    assert all(g is made[0] for g in got)


def test_defaults_fill_unset_options(driver: RecordingDriver) -> None:
    conn = connection.Connection(
        "x", driver=driver, defaults=ExecutionOptions(consistency="QUORUM", timeout=3.0)
    )
    merged = conn.options(ExecutionOptions(timeout=1.0))
    assert (merged.consistency, merged.timeout) == ("QUORUM", 1.0)
