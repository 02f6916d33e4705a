"""Starting and stopping the CQL server: accepting connections within the limits.

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
import errno
import logging
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from coodie.server.auth import PasswordAuthenticator
from coodie.server.backend import Backend, embedded_backend
from coodie.server.connection import Connection
from coodie.server.frames import Opcode, encode_frame
from coodie.server.limits import ByteBudget, Limits
from coodie.server.responses import Change, schema_change_event

if TYPE_CHECKING:
    from collections.abc import Set

log = logging.getLogger("coodie.server")

_READER_LIMIT = 16 * 1024  # bytes a connection's reader buffers ahead (twice this at most)
_OUT_OF_FDS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_LOG_EVERY = 60.0
DEFAULT_WORKERS = 4  # seconds between two warnings about the same accept problem


class ServerState:
    """What every connection of one server shares."""

    def __init__(
        self,
        backend: Backend,
        authenticator: PasswordAuthenticator | None,
        executor: ThreadPoolExecutor | None,
        limits: Limits,
    ) -> None:
        self.backend = backend
        self.authenticator = authenticator
        self.executor = executor
        self.limits = limits
        self.budget = ByteBudget(limits.max_buffered_bytes)
        self.listeners: set[Connection] = set()
        self.connections: set[asyncio.Task[None]] = set()
        self.open: set[Connection] = set()

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
    under ``path``, with ``settings``: an :class:`~coodie.embedded.EngineSettings`);
    ``auth`` is ``"USER:PASSWORD"`` to require PasswordAuthenticator
    logins; ``ssl_context`` serves TLS; ``port=0`` picks a free port (see :attr:`port`).
    ``limits`` bounds what clients may use (:class:`~coodie.server.limits.Limits`).
    ``workers`` is the size of the thread pool running engine calls (4 by default), so that
    a long statement or an fsync never stops the event loop from serving other connections;
    ``0`` runs them on the event loop itself.
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
        limits: Limits | None = None,
        workers: int | None = None,
        backend: Backend | None = None,
        settings: Any = None,
    ) -> None:
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        if isinstance(auth, str):
            auth = PasswordAuthenticator.from_spec(auth)
        if workers is None:
            workers = DEFAULT_WORKERS
        self._executor = (
            ThreadPoolExecutor(workers, thread_name_prefix="coodie-cql") if workers else None
        )
        self.limits = limits or Limits()
        self.state = ServerState(
            backend or embedded_backend(path, engine, settings), auth, self._executor, self.limits
        )
        self._listener: socket.socket | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._warned: dict[str, float] = {}

    @property
    def engine(self) -> Any:
        """The engine being served."""
        return self.state.backend.engine

    async def start(self) -> None:
        """Bind and start accepting connections (``port`` is set to the bound port)."""
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(
            self.host, self.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        infos.sort(key=lambda info: info[0] != socket.AF_INET)  # "localhost": 127.0.0.1 first
        family, kind, proto, _, address = infos[0]
        listener = socket.socket(family, kind, proto)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(address)
            listener.listen(128)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._tasks = [
            asyncio.create_task(self._accept_loop(listener)),
            asyncio.create_task(self._reap()),
        ]

    async def _accept_loop(self, listener: socket.socket) -> None:
        """Accept connections; close those over ``max_connections``; when the process runs
        out of file descriptors, wait (up to a second, doubling) instead of spinning."""
        loop = asyncio.get_running_loop()
        pause = 0.01
        while True:
            try:
                sock, _ = await loop.sock_accept(listener)
            except OSError as exc:
                if exc.errno not in _OUT_OF_FDS:
                    raise
                self._warn("fds", f"cannot accept connections: {exc.strerror}; retrying")
                await asyncio.sleep(pause)
                pause = min(pause * 2, 1.0)
                continue
            pause = 0.01
            if len(self.state.open) >= self.limits.max_connections:
                cap = self.limits.max_connections
                self._warn("cap", f"refusing connections over max_connections={cap}")
                sock.close()
                continue
            task = asyncio.create_task(self._serve_socket(sock))
            self.state.connections.add(task)
            task.add_done_callback(self.state.connections.discard)

    def _warn(self, key: str, message: str) -> None:
        """Log ``message`` at most once a minute (per kind of problem)."""
        now = time.monotonic()
        if now - self._warned.get(key, -_LOG_EVERY) >= _LOG_EVERY:
            self._warned[key] = now
            log.warning(message)

    async def _serve_socket(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        connected: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
        connected = loop.create_future()
        reader = asyncio.StreamReader(limit=_READER_LIMIT)

        def on_connect(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            connected.set_result((r, w))

        protocol = asyncio.StreamReaderProtocol(reader, on_connect)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            handshake = self.limits.handshake_timeout if self.ssl_context else None
            await loop.connect_accepted_socket(
                lambda: protocol, sock, ssl=self.ssl_context, ssl_handshake_timeout=handshake
            )
            reader, writer = await connected
        except (OSError, ssl.SSLError, asyncio.TimeoutError, ConnectionError):
            sock.close()
            return
        except asyncio.CancelledError:
            sock.close()
            return
        connection = Connection(self.state, reader, writer)
        self.state.open.add(connection)
        try:
            await connection.run()
        except asyncio.CancelledError:
            pass  # closing the server: end this top-level connection task quietly
        finally:
            self.state.open.discard(connection)

    async def _reap(self) -> None:
        """Close connections that missed a read deadline (idle, half-sent, slow handshakes)."""
        loop = asyncio.get_running_loop()
        limits = self.limits
        timeouts = [limits.handshake_timeout, limits.frame_timeout, limits.idle_timeout or 60.0]
        period = max(0.05, min(1.0, min(timeouts) / 4))
        while True:
            await asyncio.sleep(period)
            now = loop.time()
            for connection in list(self.state.open):
                deadline = connection.deadline
                if deadline is not None and now > deadline:
                    connection.expire()

    @property
    def connections(self) -> Set[asyncio.Task[None]]:
        """The tasks serving open connections."""
        return self.state.connections

    async def serve_forever(self) -> None:
        """Start (if needed) and serve until cancelled."""
        if self._listener is None:
            await self.start()
        await asyncio.gather(*self._tasks)

    async def close(self) -> None:
        """Stop accepting, close every connection and release the thread pool."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._listener is not None:
            self._listener.close()
        while self.state.connections:
            for task in list(self.state.connections):
                task.cancel()
            await asyncio.gather(*self.state.connections, return_exceptions=True)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
