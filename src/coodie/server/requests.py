"""Decoding request message bodies (STARTUP, QUERY, PREPARE, EXECUTE, BATCH ...).

>>> from coodie.wire.primitives import write_long_string
>>> body = bytearray(); write_long_string(body, "SELECT 1"); body += b"\\x00\\x01\\x00"
>>> decode_query(bytes(body), 4).query
'SELECT 1'
"""

from __future__ import annotations

from typing import Any

import attrs

from coodie.wire.errors import MarshalError
from coodie.wire.primitives import UNSET_VALUE, Reader

CONSISTENCY_NAMES: dict[int, str] = {
    0x0000: "ANY", 0x0001: "ONE", 0x0002: "TWO", 0x0003: "THREE", 0x0004: "QUORUM",
    0x0005: "ALL", 0x0006: "LOCAL_QUORUM", 0x0007: "EACH_QUORUM", 0x0008: "SERIAL",
    0x0009: "LOCAL_SERIAL", 0x000A: "LOCAL_ONE",
}  # fmt: skip

_VALUES, _SKIP_METADATA, _PAGE_SIZE, _PAGING_STATE = 0x01, 0x02, 0x04, 0x08
_SERIAL, _TIMESTAMP, _NAMES = 0x10, 0x20, 0x40
_KEYSPACE, _NOW_IN_SECONDS = 0x80, 0x100  # protocol v5
BATCH_TYPES = {0: "LOGGED", 1: "UNLOGGED", 2: "COUNTER"}


class RequestError(Exception):
    """A request body is malformed: answered with a protocol error (``0x000A``)."""


Values = list[object] | dict[str, object]
"""Bound values as sent: bytes, ``None`` (null) or ``UNSET_VALUE``; a dict when named."""


@attrs.frozen(slots=True)
class QueryParameters:
    """The ``<query_parameters>`` of QUERY and EXECUTE."""

    consistency: str
    values: Values = attrs.field(factory=list)
    skip_metadata: bool = False
    page_size: int | None = None
    paging_state: bytes | None = None
    serial_consistency: str | None = None
    timestamp: int | None = None
    keyspace: str | None = None


@attrs.frozen(slots=True)
class Query:
    """A QUERY request."""

    query: str
    params: QueryParameters


@attrs.frozen(slots=True)
class Execute:
    """An EXECUTE request (``result_metadata_id`` from protocol v5)."""

    statement_id: bytes
    params: QueryParameters
    result_metadata_id: bytes | None = None


@attrs.frozen(slots=True)
class BatchChild:
    """One statement of a batch: CQL text or a prepared id, with its values."""

    query: str | None
    statement_id: bytes | None
    values: list[bytes | object | None]


@attrs.frozen(slots=True)
class Batch:
    """A BATCH request."""

    batch_type: str
    children: tuple[BatchChild, ...]
    consistency: str
    serial_consistency: str | None
    timestamp: int | None
    keyspace: str | None = None


def _guard(reader: Reader, version: int, decode: Any) -> Any:
    try:
        result = decode(reader, version)
    except MarshalError as exc:
        raise RequestError(str(exc)) from exc
    return result


def _consistency(reader: Reader) -> str:
    code = reader.short()
    if code not in CONSISTENCY_NAMES:
        raise RequestError(f"Unknown code {code} for a consistency level")
    return CONSISTENCY_NAMES[code]


def _values(reader: Reader, named: bool) -> Values:
    count = reader.short()
    if named:
        return {reader.string(): reader.value() for _ in range(count)}
    return [reader.value() for _ in range(count)]


def _params(reader: Reader, version: int) -> QueryParameters:
    consistency = _consistency(reader)
    flags = reader.int32() if version >= 5 else reader.byte()
    values = _values(reader, bool(flags & _NAMES)) if flags & _VALUES else []
    page_size = reader.int32() if flags & _PAGE_SIZE else None
    paging_state = reader.blob() if flags & _PAGING_STATE else None
    serial = _consistency(reader) if flags & _SERIAL else None
    timestamp = reader.int64() if flags & _TIMESTAMP else None
    keyspace = reader.string() if version >= 5 and flags & _KEYSPACE else None
    if version >= 5 and flags & _NOW_IN_SECONDS:
        reader.int32()
    if version < 4 and isinstance(values, list) and UNSET_VALUE in values:
        raise RequestError("Unset values are not supported before protocol v4")
    return QueryParameters(
        consistency,
        values,
        bool(flags & _SKIP_METADATA),
        page_size,
        paging_state,
        serial,
        timestamp,
        keyspace,
    )


def _finish(reader: Reader, what: str) -> None:
    if reader.remaining():
        raise RequestError(f"{reader.remaining()} unexpected bytes after the {what} message")


def decode_startup(body: bytes, version: int) -> dict[str, str]:
    """STARTUP: the options string map (must hold ``CQL_VERSION``)."""
    reader = Reader(body)
    options: dict[str, str] = _guard(reader, version, lambda r, v: r.string_map())
    if "CQL_VERSION" not in options:
        raise RequestError("Missing value CQL_VERSION in STARTUP message")
    return options


def decode_query(body: bytes, version: int) -> Query:
    """QUERY: ``<query: long string><query_parameters>``."""
    reader = Reader(body)
    query: Query = _guard(reader, version, lambda r, v: Query(r.long_string(), _params(r, v)))
    _finish(reader, "QUERY")
    return query


def _prepare(reader: Reader, version: int) -> tuple[str, str | None]:
    text = reader.long_string()
    if version < 5:
        return text, None
    flags = reader.int32()
    return text, reader.string() if flags & 0x01 else None


def decode_prepare(body: bytes, version: int) -> tuple[str, str | None]:
    """PREPARE: the CQL text, and the keyspace to prepare in (protocol v5 flag)."""
    reader = Reader(body)
    prepare: tuple[str, str | None] = _guard(reader, version, _prepare)
    _finish(reader, "PREPARE")
    return prepare


def _execute(reader: Reader, version: int) -> Execute:
    statement_id = reader.short_bytes()
    metadata_id = reader.short_bytes() if version >= 5 else None
    return Execute(statement_id, _params(reader, version), metadata_id)


def decode_execute(body: bytes, version: int) -> Execute:
    """EXECUTE: ``<id: short bytes><query_parameters>``."""
    reader = Reader(body)
    execute: Execute = _guard(reader, version, _execute)
    _finish(reader, "EXECUTE")
    return execute


def _batch(reader: Reader, version: int) -> Batch:
    type_code = reader.byte()
    if type_code not in BATCH_TYPES:
        raise RequestError(f"Unknown batch type {type_code}")
    children = []
    for _ in range(reader.short()):
        kind = reader.byte()
        if kind == 0:
            query, statement_id = reader.long_string(), None
        elif kind == 1:
            query, statement_id = None, reader.short_bytes()
        else:
            raise RequestError(
                f"Invalid query kind in BATCH messages. Must be 0 or 1 but got {kind}"
            )
        values = _values(reader, named=False)
        assert isinstance(values, list)
        children.append(BatchChild(query, statement_id, values))
    consistency = _consistency(reader)
    flags = reader.int32() if version >= 5 else reader.byte()
    if flags & _NAMES:
        raise RequestError("Named values are not supported in batches")
    serial = _consistency(reader) if flags & _SERIAL else None
    timestamp = reader.int64() if flags & _TIMESTAMP else None
    keyspace = reader.string() if version >= 5 and flags & _KEYSPACE else None
    if version >= 5 and flags & _NOW_IN_SECONDS:
        reader.int32()
    batch_type = BATCH_TYPES[type_code]
    return Batch(batch_type, tuple(children), consistency, serial, timestamp, keyspace)


def decode_batch(body: bytes, version: int) -> Batch:
    """BATCH: type, statements with values, consistency and flags."""
    reader = Reader(body)
    batch: Batch = _guard(reader, version, _batch)
    _finish(reader, "BATCH")
    return batch


def decode_auth_response(body: bytes, version: int) -> bytes:
    """AUTH_RESPONSE: the SASL token."""
    reader = Reader(body)
    token: bytes | None = _guard(reader, version, lambda r, v: r.blob())
    return token or b""


def decode_register(body: bytes, version: int) -> list[str]:
    """REGISTER: the event types."""
    reader = Reader(body)
    events: list[str] = _guard(reader, version, lambda r, v: r.string_list())
    unknown = set(events) - {"TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"}
    if unknown:
        raise RequestError(f"Invalid value '{sorted(unknown)[0]}' for Type")
    return events


def skip_custom_payload(body: bytes) -> bytes:
    """Drop a request's leading ``[bytes map]`` custom payload; return the rest of the body."""
    reader = Reader(body)
    try:
        for _ in range(reader.short()):
            reader.string()
            reader.blob()
    except MarshalError as exc:
        raise RequestError(str(exc)) from exc
    return body[reader.pos :]
