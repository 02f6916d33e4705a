"""One client connection: frame reading, the STARTUP/AUTH state machine and dispatch.

Requests are read in order; QUERY, PREPARE, EXECUTE and BATCH run concurrently in the
server's thread pool (at most ``max_in_flight`` requests and ``max_in_flight_bytes`` of
request bodies per connection; reading pauses beyond that) and each response carries
its request's stream id. A malformed frame gets a protocol error (``0x000A``); a frame
whose boundaries cannot be trusted (bad version, CRC mismatch) also closes the connection.
Every frame's length is checked before its body is read (see :class:`~coodie.server.limits.Limits`
for every bound): an oversized one is answered like Cassandra answers it and its body
skipped unread, except before authentication, where it closes the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from typing import TYPE_CHECKING, Any

from coodie.exceptions import DriverError
from coodie.server import compression, segments
from coodie.server import requests as rq
from coodie.server import responses as rs
from coodie.server.execution import Refused, Requests
from coodie.server.frames import (
    HEADER_SIZE,
    SUPPORTED_VERSIONS,
    Flag,
    FrameError,
    FrameHeader,
    Opcode,
    decode_header,
)
from coodie.server.frames import encode_frame as _frame
from coodie.wire.errors import MarshalError

if TYPE_CHECKING:
    from coodie.server.backend import SessionLike
    from coodie.server.lifecycle import ServerState

log = logging.getLogger("coodie.server")

PROTOCOL_ERROR, SERVER_ERROR, BAD_CREDENTIALS = 0x000A, 0x0000, 0x0100
_SKIP_CHUNK = 64 * 1024


class _State(enum.Enum):
    NEW = "new"
    AUTHENTICATING = "authenticating"
    READY = "ready"


class Connection:
    """Serves one client socket until it closes."""

    def __init__(
        self, state: ServerState, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.server = state
        self.reader = reader
        self.writer = writer
        self.version: int | None = None
        self.phase = _State.NEW
        session: SessionLike = state.backend.engine.session()
        self.requests = Requests(state, session)
        self.framed = False  # protocol v5 segments, once STARTUP is answered
        self.compressed = False  # LZ4, when STARTUP asked for it
        self._inbox = bytearray()
        self._write_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(state.limits.max_in_flight)
        self._loop = asyncio.get_running_loop()
        self.handshake_deadline = self._loop.time() + state.limits.handshake_timeout
        self.deadline: float | None = None  # the current read must end by then (see expire)
        self.auth_failures = 0
        self._pending_bytes = 0
        self._budget_freed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Read and answer frames until the peer closes or a fatal protocol error."""
        try:
            while await self._next_frame():
                pass
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # peer gone (or dropped by the server): close
        except FrameError as exc:  # v5 segments failed their CRC: say so, then close
            with contextlib.suppress(ConnectionError, OSError):
                await self._send_error(exc.stream, exc.code, str(exc), version=exc.version)
        except Exception:
            log.exception("connection failed")
        finally:
            await self._shutdown()

    async def _shutdown(self) -> None:
        self.server.listeners.discard(self)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
            await self.writer.wait_closed()

    async def _read(self, size: int) -> bytes:
        """Exactly ``size`` bytes of envelopes: from the socket, or from v5 segments."""
        if not self.framed:
            return await self.reader.readexactly(size)
        while len(self._inbox) < size:
            header = await self.reader.readexactly(segments.header_size(self.compressed))
            length, uncompressed, _ = segments.decode_segment_header(header)
            payload = await self.reader.readexactly(length + segments.CRC32_SIZE)
            data = segments.check_payload(payload[:length], payload[length:])
            if uncompressed:
                data = compression.decompress_block(data, uncompressed, segments.MAX_PAYLOAD)
            self._inbox += data
        data = bytes(self._inbox[:size])
        del self._inbox[:size]
        return data

    @property
    def authenticated(self) -> bool:
        """Whether the handshake is done (STARTUP answered READY or AUTH_SUCCESS)."""
        return self.phase is _State.READY

    def _expect(self, timeout: float | None) -> None:
        """The next read must finish within ``timeout`` seconds (``None``: no limit), and
        before the handshake deadline while the connection is not authenticated."""
        deadline = None if timeout is None else self._loop.time() + timeout
        if not self.authenticated:
            end = self.handshake_deadline
            deadline = end if deadline is None else min(deadline, end)
        self.deadline = deadline

    def expire(self) -> None:
        """Drop a connection that missed its deadline (called by the server's reaper)."""
        self.deadline = None
        self.writer.transport.abort()

    async def _next_frame(self) -> bool:
        limits = self.server.limits
        self._expect(limits.idle_timeout)
        first = await self._read(1)
        self._expect(limits.frame_timeout)
        raw = first + await self._read(HEADER_SIZE - 1)
        try:
            limit = limits.frame_limit(authenticated=self.authenticated)
            header = decode_header(raw, max_body=limit)
        except FrameError as exc:
            return await self._refuse_frame(exc)
        if self.version is None:
            self.version = header.version
        elif header.version != self.version:
            await self._skip(header.length)
            message = (
                f"Invalid message version. Got v{header.version} but previous messages on "
                f"this connection had version v{self.version}"
            )
            await self._send_error(header.stream, PROTOCOL_ERROR, message, version=self.version)
            return True
        budget = self.server.budget
        self.deadline = None
        await budget.acquire(header.length)
        held = header.length
        try:
            self._expect(limits.frame_timeout)
            body = await self._read(header.length)
            self.deadline = None
            held = await self._handle(header, body)
        finally:
            if held:
                budget.release(held)
        return True

    async def _refuse_frame(self, exc: FrameError) -> bool:
        """Answer a refused frame; skip its body unread when the stream can be resynchronized."""
        fatal = exc.fatal or (exc.skip > 0 and not self.authenticated)
        if not fatal and exc.skip:
            await self._skip(exc.skip)
        await self._send_error(exc.stream, exc.code, str(exc), version=exc.version)
        return not fatal

    async def _skip(self, size: int) -> None:
        """Read and discard ``size`` bytes, a bounded chunk at a time."""
        while size > 0:
            chunk = min(size, _SKIP_CHUNK)
            self._expect(self.server.limits.frame_timeout)
            await self._read(chunk)
            size -= chunk
        self.deadline = None

    async def _handle(self, header: FrameHeader, body: bytes) -> int:
        """Decode and dispatch one frame; the budget bytes still held (0 when a running
        request took them over)."""
        try:
            if header.flags & Flag.COMPRESSION:
                if not self.compressed or self.framed:
                    raise Refused(PROTOCOL_ERROR, "Compression was not negotiated")
                body = compression.decompress_body(body, self.server.limits.max_frame_size)
            if header.flags & Flag.CUSTOM_PAYLOAD:
                body = rq.skip_custom_payload(body)
            return await self._dispatch(header.opcode, header.stream, body, header.length)
        except Refused as exc:
            await self._send_error(header.stream, exc.code, exc.message, exc.info)
        except rq.RequestError as exc:
            await self._send_error(header.stream, PROTOCOL_ERROR, str(exc))
        except FrameError as exc:
            if exc.fatal:  # answered by run(), which then closes the connection
                exc.stream, exc.version = header.stream, header.version
                raise
            await self._send_error(header.stream, PROTOCOL_ERROR, str(exc))
        return header.length

    async def _dispatch(self, opcode: Opcode, stream: int, body: bytes, held: int) -> int:
        """Answer or start one message; returns the budget bytes it did not take over."""
        version = self.version or 4
        if opcode == Opcode.OPTIONS:
            cql = self.server.backend.cql_version
            options = {"CQL_VERSION": [cql], "COMPRESSION": compression.available()}
            options["PROTOCOL_VERSIONS"] = [f"{v}/v{v}" for v in SUPPORTED_VERSIONS]
            await self._send(stream, Opcode.SUPPORTED, rs.supported_body(options))
        elif self.phase is _State.NEW:
            await self._startup(opcode, stream, body, version)
        elif self.phase is _State.AUTHENTICATING:
            await self._authenticate(opcode, stream, body, version)
        elif opcode == Opcode.REGISTER:
            rq.decode_register(body, version)
            self.server.listeners.add(self)
            await self._send(stream, Opcode.READY, b"")
        elif self.requests.handler(opcode) is not None:
            await self._slots.acquire()
            await self._reserve(len(body))
            task = asyncio.create_task(self._run_request(opcode, stream, body))
            self._tasks.add(task)
            size = len(body)
            task.add_done_callback(lambda done: self._request_done(done, size, held))
            return 0
        else:
            raise Refused(PROTOCOL_ERROR, f"Unexpected message {opcode.name}")
        return held

    async def _reserve(self, size: int) -> None:
        """Wait until ``size`` more request bytes fit in the per-connection budget."""
        budget = self.server.limits.max_in_flight_bytes
        while self._pending_bytes and self._pending_bytes + size > budget:
            self._budget_freed.clear()
            await self._budget_freed.wait()
        self._pending_bytes += size

    def _request_done(self, task: asyncio.Task[None], size: int, held: int) -> None:
        self._tasks.discard(task)
        self._slots.release()
        self._pending_bytes -= size
        self._budget_freed.set()
        self.server.budget.release(held)

    async def _startup(self, opcode: Opcode, stream: int, body: bytes, version: int) -> None:
        if opcode != Opcode.STARTUP:
            raise Refused(PROTOCOL_ERROR, f"Unexpected message {opcode.name}, expecting STARTUP")
        options = rq.decode_startup(body, version)
        algorithm = options.get("COMPRESSION")
        if algorithm and algorithm.lower() not in compression.available():
            raise Refused(PROTOCOL_ERROR, f"Unknown compression algorithm: {algorithm}")
        authenticator = self.server.authenticator
        if authenticator is None:
            self.phase = _State.READY
            await self._send(stream, Opcode.READY, b"")
        else:
            self.phase = _State.AUTHENTICATING
            body = rs.string_body("org.apache.cassandra.auth.PasswordAuthenticator")
            await self._send(stream, Opcode.AUTHENTICATE, body)
        self.framed = version >= 5
        self.compressed = bool(algorithm)

    async def _authenticate(self, opcode: Opcode, stream: int, body: bytes, version: int) -> None:
        if opcode != Opcode.AUTH_RESPONSE:
            raise Refused(
                PROTOCOL_ERROR, f"Unexpected message {opcode.name}, expecting SASL_RESPONSE"
            )
        token = rq.decode_auth_response(body, version)
        authenticator = self.server.authenticator
        assert authenticator is not None
        if authenticator.check(token) is None:
            await self._auth_failed(stream, authenticator.failure_message(token))
            return
        self.phase = _State.READY
        await self._send(stream, Opcode.AUTH_SUCCESS, rs.bytes_body(None))

    async def _auth_failed(self, stream: int, message: str) -> None:
        """Answer a wrong password after a pause that doubles each time; close the
        connection after ``max_auth_failures`` of them."""
        limits = self.server.limits
        self.auth_failures += 1
        await asyncio.sleep(limits.auth_failure_delay * 2 ** (self.auth_failures - 1))
        await self._send_error(stream, BAD_CREDENTIALS, message)
        if self.auth_failures >= limits.max_auth_failures:
            log.warning("closing a connection after %d failed logins", self.auth_failures)
            raise ConnectionAbortedError("too many failed logins")

    async def _run_request(self, opcode: Opcode, stream: int, body: bytes) -> None:
        version = self.version or 4
        loop = asyncio.get_running_loop()
        try:
            handler = self.requests.handler(opcode)
            assert handler is not None
            work = handler(body, version)
            executor = self.server.executor
            if executor is None:
                response, warnings, change = work()
            else:
                response, warnings, change = await loop.run_in_executor(executor, work)
        except rq.RequestError as exc:
            await self._send_error(stream, PROTOCOL_ERROR, str(exc))
        except Refused as exc:
            await self._send_error(stream, exc.code, exc.message, exc.info)
        except DriverError as exc:
            await self._send_error(stream, exc.code or SERVER_ERROR, str(exc), exc.info)
        except MarshalError as exc:
            await self._send_error(stream, 0x2200, str(exc))
        except RecursionError:
            await self._send_error(stream, 0x2200, "Value or type nested too deeply")
        except Exception as exc:
            log.exception("request failed")
            await self._send_error(stream, SERVER_ERROR, f"{type(exc).__name__}: {exc}")
        else:
            flags = 0
            if warnings and version >= 4:
                flags |= Flag.WARNING
                response = rs.with_warnings(warnings, response)
            await self._send(stream, Opcode.RESULT, response, flags)
            if change is not None:
                self.server.broadcast_schema_change(change)

    # -- writing -------------------------------------------------------------------------

    async def _send(
        self, stream: int, opcode: Opcode, body: bytes, flags: int = 0, version: int | None = None
    ) -> None:
        if self.compressed and not self.framed and body:
            body = compression.compress_body(body)
            flags |= Flag.COMPRESSION
        await self.write(_frame(version or self.version or 4, flags, stream, opcode, body))

    async def _send_error(
        self,
        stream: int,
        code: int,
        message: str,
        info: dict[str, Any] | None = None,
        *,
        version: int | None = None,
    ) -> None:
        body = rs.error_body(code, message, info)
        await self._send(stream, Opcode.ERROR, body, version=version)

    async def write(self, frame: bytes) -> None:
        """Write one whole frame, waiting while the peer is slow to read."""
        if self.framed:
            compress = compression.compress_block if self.compressed else None
            frame = segments.encode_segments(frame, compress)
        async with self._write_lock:
            self.writer.write(frame)
            await self.writer.drain()
