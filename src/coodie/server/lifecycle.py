"""Starting and stopping the CQL server; ``serve_forever`` for ``coodie serve``.

>>> import asyncio
>>> async def demo():
...     server = CqlServer(port=0)
...     await server.start()
...     await server.close()
...     return server.port > 0
>>> asyncio.run(demo())
True
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from coodie.server.auth import PasswordAuthenticator
from coodie.server.backend import Backend, embedded_backend
from coodie.server.connection import Connection
from coodie.server.frames import Opcode, encode_frame
from coodie.server.responses import Change, schema_change_event

if TYPE_CHECKING:
    from collections.abc import Set

log = logging.getLogger("coodie.server")

DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024
DEFAULT_MAX_IN_FLIGHT = 128
DEFAULT_MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024


class ServerState:
    """What every connection of one server shares."""

    def __init__(
        self,
        backend: Backend,
        authenticator: PasswordAuthenticator | None,
        executor: ThreadPoolExecutor | None,
        max_frame_size: int,
        max_in_flight: int,
        max_in_flight_bytes: int,
    ) -> None:
        self.backend = backend
        self.authenticator = authenticator
        self.executor = executor
        self.max_frame_size = max_frame_size
        self.max_in_flight = max_in_flight
        self.max_in_flight_bytes = max_in_flight_bytes
        self.listeners: set[Connection] = set()
        self.connections: set[asyncio.Task[None]] = set()

    def broadcast_schema_change(self, change: Change) -> None:
        """Push a SCHEMA_CHANGE event to every connection that registered for events."""
        body = schema_change_event(change)
        for listener in list(self.listeners):
            frame = encode_frame(listener.version or 4, 0, -1, Opcode.EVENT, body)
            task = asyncio.ensure_future(listener.write(frame))
            task.add_done_callback(_ignore_result)


def _ignore_result(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.debug("event not delivered: %s", task.exception())


class CqlServer:
    """A CQL native protocol (v3, v4, v5) server in front of the embedded engine.

    ``engine`` defaults to a new in-memory :class:`coodie.embedded.Engine` (persistent
    under ``path``); ``auth`` is ``"USER:PASSWORD"`` to require PasswordAuthenticator
    logins; ``ssl_context`` serves TLS; ``port=0`` picks a free port (see :attr:`port`).
    ``workers`` is the size of the thread pool running engine calls; ``0`` runs them on
    the event loop (lowest latency, for in-memory engines). By default an in-memory engine
    runs inline and a persistent one (which waits on disk) on 4 threads.
    """

    def __init__(
        self,
        engine: Any = None,
        *,
        host: str = "127.0.0.1",
        port: int = 9042,
        path: str | None = None,
        auth: str | PasswordAuthenticator | None = None,
        ssl_context: ssl.SSLContext | None = None,
        max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        max_in_flight_bytes: int = DEFAULT_MAX_IN_FLIGHT_BYTES,
        workers: int | None = None,
        backend: Backend | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        if isinstance(auth, str):
            auth = PasswordAuthenticator.from_spec(auth)
        if workers is None:
            workers = 0 if path is None else 4
        self._executor = (
            ThreadPoolExecutor(workers, thread_name_prefix="coodie-cql") if workers else None
        )
        self.state = ServerState(
            backend or embedded_backend(path, engine),
            auth,
            self._executor,
            max_frame_size,
            max_in_flight,
            max_in_flight_bytes,
        )
        self._server: asyncio.AbstractServer | None = None
        self._closing = False

    @property
    def engine(self) -> Any:
        """The engine being served."""
        return self.state.backend.engine

    async def start(self) -> None:
        """Bind and start accepting connections (``port`` is set to the bound port)."""
        self._server = await asyncio.start_server(
            self._accept, self.host, self.port, ssl=self.ssl_context, limit=1 << 16
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        if self._closing:
            writer.close()
            return
        self.state.connections.add(task)
        try:
            await Connection(self.state, reader, writer).run()
        except asyncio.CancelledError:
            pass  # closing the server: end this top-level connection task quietly
        finally:
            self.state.connections.discard(task)

    @property
    def connections(self) -> Set[asyncio.Task[None]]:
        """The tasks serving open connections."""
        return self.state.connections

    async def serve_forever(self) -> None:
        """Start (if needed) and serve until cancelled."""
        if self._server is None:
            await self.start()
        assert self._server is not None
        await self._server.serve_forever()

    async def close(self) -> None:
        """Stop accepting, close every connection and release the thread pool."""
        self._closing = True
        if self._server is not None:
            self._server.close()
        await asyncio.sleep(0)
        while self.state.connections:
            for task in list(self.state.connections):
                task.cancel()
            await asyncio.gather(*self.state.connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def server_ssl_context(certfile: str, keyfile: str | None = None) -> ssl.SSLContext:
    """A TLS server context from a PEM certificate (chain) and private key.

    Example: ``CqlServer(ssl_context=server_ssl_context("node.pem", "node.key"))``.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    return context


def serve_forever(
    host: str = "127.0.0.1",
    port: int = 9042,
    path: str | None = None,
    auth: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    *,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> int:
    """Run ``coodie serve``: serve until interrupted; return the exit status.

    ``certfile``/``keyfile`` (PEM) serve TLS, as does an explicit ``ssl_context``.
    Example: ``serve_forever(port=9042, auth="cassandra:cassandra")``.
    """
    try:
        if ssl_context is None and certfile is not None:
            ssl_context = server_ssl_context(certfile, keyfile)
        server = CqlServer(host=host, port=port, path=path, auth=auth, ssl_context=ssl_context)
    except (OSError, ValueError) as exc:
        print(f"coodie serve: {exc}", file=sys.stderr)
        return 2

    async def run() -> None:
        await server.start()
        banner = f"coodie: serving CQL (native protocol v3-v5) on {server.host}:{server.port}"
        print(banner, file=sys.stderr, flush=True)
        try:
            await server.serve_forever()
        finally:
            await server.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"coodie serve: {exc}", file=sys.stderr)
        return 1
    return 0
