"""One client connection: frame reading, the STARTUP/AUTH state machine and dispatch.

Requests are read in order; QUERY, PREPARE, EXECUTE and BATCH run concurrently in the
server's thread pool (at most ``max_in_flight`` requests and ``max_in_flight_bytes`` of
request bodies per connection; reading pauses beyond that) and each response carries
its request's stream id. A malformed frame gets a protocol error (``0x000A``); a frame
whose boundaries cannot be trusted (bad version, oversized body) also closes the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.exceptions import DriverError
from coodie.server import requests as rq
from coodie.server import responses as rs
from coodie.server.frames import HEADER, HEADER_SIZE, Flag, FrameError, Opcode, decode_header
from coodie.server.frames import encode_frame as _frame
from coodie.wire.errors import MarshalError
from coodie.wire.primitives import UNSET_VALUE

if TYPE_CHECKING:
    from coodie.server.backend import ResultLike, SessionLike
    from coodie.server.lifecycle import ServerState

log = logging.getLogger("coodie.server")

PROTOCOL_ERROR, SERVER_ERROR, BAD_CREDENTIALS, UNPREPARED = 0x000A, 0x0000, 0x0100, 0x2500
CQL_VERSION = "3.4.5"


class _State(enum.Enum):
    NEW = "new"
    AUTHENTICATING = "authenticating"
    READY = "ready"


class _Refused(Exception):
    """A request answered with an ERROR (code, message, info)."""

    def __init__(self, code: int, message: str, info: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.info = code, message, info


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
        self.session: SessionLike = state.backend.engine.session()
        self._write_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(state.max_in_flight)
        self._pending_bytes = 0
        self._budget_freed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Read and answer frames until the peer closes or a fatal protocol error."""
        try:
            while await self._next_frame():
                pass
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
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

    async def _next_frame(self) -> bool:
        raw = await self.reader.readexactly(HEADER_SIZE)
        try:
            header = decode_header(raw, max_body=self.server.max_frame_size)
        except FrameError as exc:
            if not exc.fatal:
                await self.reader.readexactly(HEADER.unpack(raw)[4])
            await self._send_error(exc.stream, PROTOCOL_ERROR, str(exc), version=exc.version)
            return not exc.fatal
        body = await self.reader.readexactly(header.length)
        if self.version is None:
            self.version = header.version
        elif header.version != self.version:
            message = (
                f"Invalid message version. Got v{header.version} but previous messages on "
                f"this connection had version v{self.version}"
            )
            await self._send_error(header.stream, PROTOCOL_ERROR, message, version=self.version)
            return True
        try:
            if header.flags & Flag.COMPRESSION:
                raise _Refused(PROTOCOL_ERROR, "Compression was not negotiated")
            if header.flags & Flag.CUSTOM_PAYLOAD:
                body = rq.skip_custom_payload(body)
            await self._dispatch(header.opcode, header.stream, body)
        except _Refused as exc:
            await self._send_error(header.stream, exc.code, exc.message, exc.info)
        except rq.RequestError as exc:
            await self._send_error(header.stream, PROTOCOL_ERROR, str(exc))
        return True

    async def _dispatch(self, opcode: Opcode, stream: int, body: bytes) -> None:
        version = self.version or 4
        if opcode == Opcode.OPTIONS:
            options = {"CQL_VERSION": [CQL_VERSION], "COMPRESSION": [], "PROTOCOL_VERSIONS": []}
            options["PROTOCOL_VERSIONS"] = ["3/v3", "4/v4"]
            await self._send(stream, Opcode.SUPPORTED, rs.supported_body(options))
        elif self.phase is _State.NEW:
            await self._startup(opcode, stream, body, version)
        elif self.phase is _State.AUTHENTICATING:
            await self._authenticate(opcode, stream, body, version)
        elif opcode == Opcode.REGISTER:
            rq.decode_register(body, version)
            self.server.listeners.add(self)
            await self._send(stream, Opcode.READY, b"")
        elif opcode in _HANDLERS:
            await self._slots.acquire()
            await self._reserve(len(body))
            task = asyncio.create_task(self._run_request(opcode, stream, body))
            self._tasks.add(task)
            size = len(body)
            task.add_done_callback(lambda done: self._request_done(done, size))
        else:
            raise _Refused(PROTOCOL_ERROR, f"Unexpected message {opcode.name}")

    async def _reserve(self, size: int) -> None:
        """Wait until ``size`` more request bytes fit in the per-connection budget."""
        budget = self.server.max_in_flight_bytes
        while self._pending_bytes and self._pending_bytes + size > budget:
            self._budget_freed.clear()
            await self._budget_freed.wait()
        self._pending_bytes += size

    def _request_done(self, task: asyncio.Task[None], size: int) -> None:
        self._tasks.discard(task)
        self._slots.release()
        self._pending_bytes -= size
        self._budget_freed.set()

    async def _startup(self, opcode: Opcode, stream: int, body: bytes, version: int) -> None:
        if opcode != Opcode.STARTUP:
            raise _Refused(PROTOCOL_ERROR, f"Unexpected message {opcode.name}, expecting STARTUP")
        options = rq.decode_startup(body, version)
        compression = options.get("COMPRESSION")
        if compression:
            raise _Refused(PROTOCOL_ERROR, f"Unknown compression algorithm: {compression}")
        authenticator = self.server.authenticator
        if authenticator is None:
            self.phase = _State.READY
            await self._send(stream, Opcode.READY, b"")
        else:
            self.phase = _State.AUTHENTICATING
            body = rs.string_body("org.apache.cassandra.auth.PasswordAuthenticator")
            await self._send(stream, Opcode.AUTHENTICATE, body)

    async def _authenticate(self, opcode: Opcode, stream: int, body: bytes, version: int) -> None:
        if opcode != Opcode.AUTH_RESPONSE:
            raise _Refused(
                PROTOCOL_ERROR, f"Unexpected message {opcode.name}, expecting SASL_RESPONSE"
            )
        token = rq.decode_auth_response(body, version)
        authenticator = self.server.authenticator
        assert authenticator is not None
        if authenticator.check(token) is None:
            raise _Refused(BAD_CREDENTIALS, authenticator.failure_message(token))
        self.phase = _State.READY
        await self._send(stream, Opcode.AUTH_SUCCESS, rs.bytes_body(None))

    async def _run_request(self, opcode: Opcode, stream: int, body: bytes) -> None:
        version = self.version or 4
        loop = asyncio.get_running_loop()
        try:
            work = _HANDLERS[opcode](self, body, version)
            executor = self.server.executor
            if executor is None:
                response, warnings, change = work()
            else:
                response, warnings, change = await loop.run_in_executor(executor, work)
        except rq.RequestError as exc:
            await self._send_error(stream, PROTOCOL_ERROR, str(exc))
        except _Refused as exc:
            await self._send_error(stream, exc.code, exc.message, exc.info)
        except DriverError as exc:
            await self._send_error(stream, exc.code or SERVER_ERROR, str(exc), exc.info)
        except MarshalError as exc:
            await self._send_error(stream, 0x2200, str(exc))
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

    # -- request bodies (run in the thread pool) ------------------------------------------

    def _params(self, values: rq.Values) -> Any:
        backend = self.server.backend

        def convert(value: object) -> Any:
            if value is UNSET_VALUE:
                return backend.unset
            return None if value is None else backend.raw(value)  # type: ignore[arg-type]

        if isinstance(values, dict):
            return {name: convert(v) for name, v in values.items()}
        return [convert(v) for v in values] if values else None

    def _result(
        self, result: ResultLike, version: int, skip_metadata: bool = False
    ) -> tuple[bytes, tuple[str, ...], Any]:
        warnings = tuple(result.warnings)
        if result.kind == "rows":
            body = rs.rows_result(
                result.columns,
                result.raw_rows,
                version,
                paging_state=result.paging_state,
                skip_metadata=skip_metadata,
                empty=self.server.backend.empty,
            )
            return body, warnings, None
        if result.kind == "set_keyspace":
            return rs.set_keyspace_result(result.keyspace or ""), warnings, None
        if result.kind == "schema_change" and result.schema_change is not None:
            change = result.schema_change
            return rs.schema_change_result(change), warnings, change
        return rs.void_result(), warnings, None

    def _prepared(self, statement_id: bytes) -> Any:
        prepared = self.server.backend.engine.get_prepared(statement_id)
        if prepared is None:
            message = (
                f"Prepared query with ID {statement_id.hex()} not found (either the query was "
                "not prepared on this host (maybe the host has been restarted?) or you have "
                "prepared too many queries and it has been evicted from the internal cache)"
            )
            raise _Refused(UNPREPARED, message, {"id": statement_id})
        return prepared

    def _query(self, body: bytes, version: int) -> Callable[[], Any]:
        request = rq.decode_query(body, version)
        params = request.params

        def work() -> Any:
            result = self.session.execute(
                request.query,
                self._params(params.values),
                page_size=params.page_size,
                paging_state=params.paging_state,
                timestamp=params.timestamp,
            )
            return self._result(result, version)

        return work

    def _prepare(self, body: bytes, version: int) -> Callable[[], Any]:
        cql = rq.decode_prepare(body, version)

        def work() -> Any:
            prepared = self.session.prepare(cql)
            body = rs.prepared_result(
                prepared.id,
                prepared.bind_columns,
                prepared.pk_indexes,
                prepared.result_columns,
                version,
            )
            return body, (), None

        return work

    def _execute(self, body: bytes, version: int) -> Callable[[], Any]:
        request = rq.decode_execute(body, version)
        params = request.params

        def work() -> Any:
            prepared = self._prepared(request.statement_id)
            result = self.session.execute(
                prepared,
                self._params(params.values),
                page_size=params.page_size,
                paging_state=params.paging_state,
                timestamp=params.timestamp,
            )
            return self._result(result, version, params.skip_metadata)

        return work

    def _batch(self, body: bytes, version: int) -> Callable[[], Any]:
        batch = rq.decode_batch(body, version)

        def work() -> Any:
            statements = []
            for child in batch.children:
                sid = child.statement_id
                target = child.query if sid is None else self._prepared(sid)
                statements.append((target, self._params(child.values)))
            result = self.session.execute_batch(
                statements, batch_type=batch.batch_type, timestamp=batch.timestamp
            )
            return self._result(result, version)

        return work

    # -- writing -------------------------------------------------------------------------

    async def _send(self, stream: int, opcode: Opcode, body: bytes, flags: int = 0) -> None:
        await self.write(_frame(self.version or 4, flags, stream, opcode, body))

    async def _send_error(
        self,
        stream: int,
        code: int,
        message: str,
        info: dict[str, Any] | None = None,
        *,
        version: int | None = None,
    ) -> None:
        frame = _frame(
            version or self.version or 4,
            0,
            stream,
            Opcode.ERROR,
            rs.error_body(code, message, info),
        )
        await self.write(frame)

    async def write(self, frame: bytes) -> None:
        """Write one whole frame, waiting while the peer is slow to read."""
        async with self._write_lock:
            self.writer.write(frame)
            await self.writer.drain()


_HANDLERS: dict[Opcode, Callable[[Connection, bytes, int], Callable[[], Any]]] = {
    Opcode.QUERY: Connection._query,
    Opcode.PREPARE: Connection._prepare,
    Opcode.EXECUTE: Connection._execute,
    Opcode.BATCH: Connection._batch,
}
