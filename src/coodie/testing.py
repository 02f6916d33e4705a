"""Test helpers: a real CQL server on the embedded engine, on a free loopback port.

Use it as a context manager::

    from cassandra.cluster import Cluster
    from coodie.testing import embedded_server

    with embedded_server() as server:
        cluster = Cluster([server.host], port=server.port)
        session = cluster.connect()

or as the pytest fixture ``coodie_server`` of the coodie pytest plugin
(:mod:`coodie.pytest_plugin`, loaded automatically once coodie is installed).

:func:`isolated_connections` (fixture ``coodie_connections``) gives a block or a test an
empty connection registry and puts the previous connections back afterwards.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from coodie.executor import connections as registry
from coodie.server.lifecycle import CqlServer


@attrs.frozen
class ServerInfo:
    """Where a test server listens, and the engine behind it."""

    host: str
    port: int
    engine: Any
    server: CqlServer = attrs.field(repr=False)

    @property
    def contact_point(self) -> str:
        """``"host:port"``."""
        return f"{self.host}:{self.port}"


@contextmanager
def embedded_server(
    *,
    engine: Any = None,
    path: str | None = None,
    auth: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    host: str = "127.0.0.1",
    **options: Any,
) -> Iterator[ServerInfo]:
    """Run a :class:`~coodie.server.CqlServer` in a background thread; stop it on exit.

    ``options`` go to the server, e.g. ``settings=EngineSettings.cassandra_4_0()`` for the
    engine's release and features.

    >>> with embedded_server() as server:
    ...     server.port > 0
    True
    """
    server = CqlServer(
        engine, host=host, port=0, path=path, auth=auth, ssl_context=ssl_context, **options
    )
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:
            failure.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        loop.run_until_complete(server.close())
        loop.run_until_complete(loop.shutdown_asyncgens())

    thread = threading.Thread(target=run, name="coodie-embedded-server", daemon=True)
    thread.start()
    started.wait()
    if failure:
        thread.join()
        loop.close()
        raise failure[0]
    try:
        yield ServerInfo(host, server.port, server.engine, server)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


@contextmanager
def isolated_connections() -> Iterator[None]:
    """An empty connection registry inside the block; on exit the connections registered
    inside are closed and the ones registered before (and the default) are back.

    >>> from coodie.drivers.recording import RecordingDriver
    >>> from coodie.executor.connections import connection_names, register_driver
    >>> with isolated_connections():
    ...     _ = register_driver("scratch", RecordingDriver())
    ...     connection_names()
    ['scratch']
    >>> "scratch" in connection_names()
    False
    """
    saved = dict(registry._connections), registry._default_name
    registry._connections.clear()
    registry._default_name = None
    try:
        yield
    finally:
        try:
            registry.shutdown()
        finally:
            registry._connections.clear()
            registry._connections.update(saved[0])
            registry._default_name = saved[1]


def __getattr__(name: str) -> Any:
    """The fixtures ``coodie_server`` and ``coodie_connections`` live in the pytest plugin
    (loaded automatically); importing them from here still works."""
    if name in ("coodie_server", "coodie_connections"):
        from coodie import pytest_plugin

        return getattr(pytest_plugin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
