"""Turning QUERY, PREPARE, EXECUTE and BATCH requests into engine calls and RESULT bodies.

Each handler decodes its request on the event loop and returns the work to run (inline
or in the thread pool): ``work() -> (body, warnings, schema_change)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.server import requests as rq
from coodie.server import responses as rs
from coodie.server.frames import Opcode
from coodie.wire.primitives import UNSET_VALUE

if TYPE_CHECKING:
    from coodie.server.backend import ResultLike, SessionLike
    from coodie.server.lifecycle import ServerState

UNPREPARED = 0x2500
Work = Callable[[], tuple[bytes, tuple[str, ...], Any]]


_HANDLER_NAMES = {
    Opcode.QUERY: "query",
    Opcode.PREPARE: "prepare",
    Opcode.EXECUTE: "execute",
    Opcode.BATCH: "batch",
}


class Refused(Exception):
    """A request answered with an ERROR (code, message, info)."""

    def __init__(self, code: int, message: str, info: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.info = code, message, info


class Requests:
    """The request handlers of one connection (its session holds the current keyspace)."""

    def __init__(self, state: ServerState, session: SessionLike) -> None:
        self.state = state
        self.session = session

    def handler(self, opcode: Opcode) -> Callable[[bytes, int], Work] | None:
        """The handler of a request opcode, or ``None`` for other opcodes."""
        name = _HANDLER_NAMES.get(opcode)
        return None if name is None else getattr(self, name)

    def _session(self, keyspace: str | None) -> SessionLike:
        if keyspace is None:
            return self.session
        return self.state.backend.engine.session(keyspace)

    def _params(self, values: rq.Values) -> Any:
        backend = self.state.backend

        def convert(value: object) -> Any:
            if value is UNSET_VALUE:
                return backend.unset
            return None if value is None else backend.raw(value)  # type: ignore[arg-type]

        if isinstance(values, dict):
            return {name: convert(v) for name, v in values.items()}
        return [convert(v) for v in values] if values else None

    def _result(
        self,
        result: ResultLike,
        version: int,
        skip_metadata: bool = False,
        client_metadata_id: bytes | None = None,
    ) -> tuple[bytes, tuple[str, ...], Any]:
        warnings = tuple(result.warnings)
        if result.kind == "rows":
            new_id = None
            if client_metadata_id is not None:
                current = rs.metadata_id(result.columns, version)
                if current != client_metadata_id:
                    new_id, skip_metadata = current, False
            body = rs.rows_result(
                result.columns,
                result.raw_rows,
                version,
                paging_state=result.paging_state,
                skip_metadata=skip_metadata,
                new_metadata_id=new_id,
                empty=self.state.backend.empty,
            )
            return body, warnings, None
        if result.kind == "set_keyspace":
            return rs.set_keyspace_result(result.keyspace or ""), warnings, None
        if result.kind == "schema_change" and result.schema_change is not None:
            change = result.schema_change
            return rs.schema_change_result(change), warnings, change
        return rs.void_result(), warnings, None

    def _prepared(self, statement_id: bytes) -> Any:
        prepared = self.state.backend.engine.get_prepared(statement_id)
        if prepared is None:
            message = (
                f"Prepared query with ID {statement_id.hex()} not found (either the query was "
                "not prepared on this host (maybe the host has been restarted?) or you have "
                "prepared too many queries and it has been evicted from the internal cache)"
            )
            raise Refused(UNPREPARED, message, {"id": statement_id})
        return prepared

    def query(self, body: bytes, version: int) -> Work:
        """QUERY: run CQL text (with bound values if any)."""
        request = rq.decode_query(body, version)
        params = request.params

        def work() -> tuple[bytes, tuple[str, ...], Any]:
            result = self._session(params.keyspace).execute(
                request.query,
                self._params(params.values),
                page_size=params.page_size,
                paging_state=params.paging_state,
                timestamp=params.timestamp,
            )
            return self._result(result, version)

        return work

    def prepare(self, body: bytes, version: int) -> Work:
        """PREPARE: answer the id with bind and result metadata."""
        cql, keyspace = rq.decode_prepare(body, version)

        def work() -> tuple[bytes, tuple[str, ...], Any]:
            prepared = self._session(keyspace).prepare(cql)
            body = rs.prepared_result(
                prepared.id,
                prepared.bind_columns,
                prepared.pk_indexes,
                prepared.result_columns,
                version,
            )
            return body, (), None

        return work

    def execute(self, body: bytes, version: int) -> Work:
        """EXECUTE: run a prepared statement; unknown ids get UNPREPARED (0x2500)."""
        request = rq.decode_execute(body, version)
        params = request.params

        def work() -> tuple[bytes, tuple[str, ...], Any]:
            prepared = self._prepared(request.statement_id)
            result = self._session(params.keyspace).execute(
                prepared,
                self._params(params.values),
                page_size=params.page_size,
                paging_state=params.paging_state,
                timestamp=params.timestamp,
            )
            skip = params.skip_metadata
            return self._result(result, version, skip, request.result_metadata_id)

        return work

    def batch(self, body: bytes, version: int) -> Work:
        """BATCH: run CQL texts and prepared statements as one batch."""
        batch = rq.decode_batch(body, version)

        def work() -> tuple[bytes, tuple[str, ...], Any]:
            statements = []
            for child in batch.children:
                sid = child.statement_id
                target = child.query if sid is None else self._prepared(sid)
                statements.append((target, self._params(child.values)))
            result = self._session(batch.keyspace).execute_batch(
                statements, batch_type=batch.batch_type, timestamp=batch.timestamp
            )
            return self._result(result, version)

        return work
