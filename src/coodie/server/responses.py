"""Encoding response bodies: errors, READY, SUPPORTED, RESULT kinds and events.

>>> error_body(0x2200, "bad").hex()
'000022000003626164'
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from coodie.cql.types import CqlType
from coodie.wire.codec import encoder
from coodie.wire.options import encode_type_option
from coodie.wire.primitives import (
    write_bytes,
    write_int,
    write_short,
    write_short_bytes,
    write_string,
    write_string_list,
    write_string_multimap,
)
from coodie.wire.scalars import EMPTY

VOID, ROWS, SET_KEYSPACE, PREPARED, SCHEMA_CHANGE = 1, 2, 3, 4, 5
_GLOBAL_SPEC, _HAS_MORE_PAGES, _NO_METADATA = 0x0001, 0x0002, 0x0004
_METADATA_CHANGED = 0x0008  # protocol v5
_INT = struct.Struct(">i")
_NULL = b"\xff\xff\xff\xff"
_CONSISTENCY_CODES = {
    "ANY": 0, "ONE": 1, "TWO": 2, "THREE": 3, "QUORUM": 4, "ALL": 5, "LOCAL_QUORUM": 6,
    "EACH_QUORUM": 7, "SERIAL": 8, "LOCAL_SERIAL": 9, "LOCAL_ONE": 10,
}  # fmt: skip


class Column(Protocol):
    """What a result or bind column must provide (the engine's ``ColumnSpec``)."""

    @property
    def keyspace(self) -> str: ...
    @property
    def table(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def type(self) -> CqlType: ...


class Change(Protocol):
    """What a schema change must provide (the engine's ``SchemaChange``)."""

    @property
    def change(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def keyspace(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def arg_types(self) -> tuple[str, ...]: ...


def error_body(code: int, message: str, info: dict[str, Any] | None = None) -> bytes:
    """An ERROR body, with the extra fields the code requires (defaults when ``info`` lacks them).

    >>> error_body(0x2400, "exists", {"keyspace": "ks", "table": ""}).hex()
    '00002400000665786973747300026b730000'
    """
    info = info or {}
    out = bytearray()
    write_int(out, code)
    write_string(out, message)
    if code == 0x1000:
        write_short(out, _CONSISTENCY_CODES.get(str(info.get("consistency", "ONE")), 1))
        write_int(out, int(info.get("required", 1)))
        write_int(out, int(info.get("alive", 0)))
    elif code in (0x1100, 0x1200):
        write_short(out, _CONSISTENCY_CODES.get(str(info.get("consistency", "ONE")), 1))
        write_int(out, int(info.get("received", 0)))
        write_int(out, int(info.get("block_for", 1)))
        if code == 0x1100:
            write_string(out, str(info.get("write_type", "SIMPLE")))
        else:
            out.append(1 if info.get("data_present") else 0)
    elif code == 0x2400:
        write_string(out, str(info.get("keyspace", "")))
        write_string(out, str(info.get("table", "")))
    elif code == 0x2500:
        write_short_bytes(out, bytes(info.get("id", b"")))
    return bytes(out)


def supported_body(options: dict[str, list[str]]) -> bytes:
    """A SUPPORTED body (string multimap)."""
    out = bytearray()
    write_string_multimap(out, options)
    return bytes(out)


def string_body(value: str) -> bytes:
    """A body that is a single ``[string]`` (AUTHENTICATE)."""
    out = bytearray()
    write_string(out, value)
    return bytes(out)


def bytes_body(value: bytes | None) -> bytes:
    """A body that is a single ``[bytes]`` (AUTH_SUCCESS, AUTH_CHALLENGE)."""
    out = bytearray()
    write_bytes(out, value)
    return bytes(out)


def with_warnings(warnings: Sequence[str], body: bytes) -> bytes:
    """Prefix a body with its ``[string list]`` of warnings (frame flag ``0x08``)."""
    out = bytearray()
    write_string_list(out, list(warnings))
    return bytes(out) + body


def void_result() -> bytes:
    """RESULT Void."""
    return b"\x00\x00\x00\x01"


def set_keyspace_result(keyspace: str) -> bytes:
    """RESULT Set_keyspace."""
    out = bytearray()
    write_int(out, SET_KEYSPACE)
    write_string(out, keyspace)
    return bytes(out)


def _change_fields(out: bytearray, change: Change) -> None:
    write_string(out, change.change)
    write_string(out, change.target)
    write_string(out, change.keyspace)
    if change.target != "KEYSPACE":
        write_string(out, change.name or "")
    if change.target in ("FUNCTION", "AGGREGATE"):
        write_string_list(out, list(change.arg_types))


def schema_change_result(change: Change) -> bytes:
    """RESULT Schema_change."""
    out = bytearray()
    write_int(out, SCHEMA_CHANGE)
    _change_fields(out, change)
    return bytes(out)


def schema_change_event(change: Change) -> bytes:
    """EVENT body for a schema change (pushed on stream -1)."""
    out = bytearray()
    write_string(out, "SCHEMA_CHANGE")
    _change_fields(out, change)
    return bytes(out)


def _column_specs(out: bytearray, columns: Sequence[Column], version: int) -> None:
    shared = bool(columns) and all(
        (c.keyspace, c.table) == (columns[0].keyspace, columns[0].table) for c in columns
    )
    if shared:
        write_string(out, columns[0].keyspace)
        write_string(out, columns[0].table)
    for column in columns:
        if not shared:
            write_string(out, column.keyspace)
            write_string(out, column.table)
        write_string(out, column.name)
        out += encode_type_option(column.type, version)


def _flags_for(columns: Sequence[Column]) -> int:
    shared = bool(columns) and all(
        (c.keyspace, c.table) == (columns[0].keyspace, columns[0].table) for c in columns
    )
    return _GLOBAL_SPEC if shared else 0


def metadata_id(columns: Sequence[Column] | None, version: int = 5) -> bytes:
    """The v5 result metadata id: a digest of the result columns' specs.

    >>> len(metadata_id(()))
    16
    """
    out = bytearray()
    _column_specs(out, columns or (), version)
    return hashlib.md5(bytes(out), usedforsecurity=False).digest()


def _rows_metadata(
    out: bytearray,
    columns: Sequence[Column],
    version: int,
    *,
    paging_state: bytes | None = None,
    no_metadata: bool = False,
    new_metadata_id: bytes | None = None,
) -> None:
    flags = _NO_METADATA if no_metadata else _flags_for(columns)
    if paging_state is not None:
        flags |= _HAS_MORE_PAGES
    if new_metadata_id is not None:
        flags |= _METADATA_CHANGED
    write_int(out, flags)
    write_int(out, len(columns))
    if paging_state is not None:
        write_bytes(out, paging_state)
    if not no_metadata:
        if new_metadata_id is not None:
            write_short_bytes(out, new_metadata_id)
        _column_specs(out, columns, version)


def rows_result(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    version: int,
    *,
    paging_state: bytes | None = None,
    skip_metadata: bool = False,
    new_metadata_id: bytes | None = None,
    empty: object = None,
) -> bytes:
    """RESULT Rows: metadata, then every cell; ``empty`` is the engine's EMPTY sentinel."""
    out = bytearray()
    write_int(out, ROWS)
    _rows_metadata(
        out,
        columns,
        version,
        paging_state=paging_state,
        no_metadata=skip_metadata,
        new_metadata_id=new_metadata_id,
    )
    encoders = [encoder(c.type) for c in columns]
    count_at = len(out)
    write_int(out, 0)
    count = 0
    for row in rows:
        count += 1
        for encode, value in zip(encoders, row, strict=True):
            if value is None:
                out += _NULL
            elif value is EMPTY or (empty is not None and value is empty):
                out += b"\x00\x00\x00\x00"
            else:
                data = encode(value)
                out += _INT.pack(len(data))
                out += data
    out[count_at : count_at + 4] = _INT.pack(count)
    return bytes(out)


def prepared_result(
    statement_id: bytes,
    bind_columns: Sequence[Column],
    pk_indexes: Sequence[int],
    result_columns: Sequence[Column] | None,
    version: int,
) -> bytes:
    """RESULT Prepared: id, (v5) result metadata id, bind metadata, result metadata."""
    out = bytearray()
    write_int(out, PREPARED)
    write_short_bytes(out, statement_id)
    if version >= 5:
        write_short_bytes(out, metadata_id(result_columns, version))
    write_int(out, _flags_for(bind_columns))
    write_int(out, len(bind_columns))
    if version >= 4:
        write_int(out, len(pk_indexes))
        for index in pk_indexes:
            write_short(out, index)
    _column_specs(out, bind_columns, version)
    if result_columns is None:
        write_int(out, _NO_METADATA)
        write_int(out, 0)
    else:
        _rows_metadata(out, result_columns, version)
    return bytes(out)
