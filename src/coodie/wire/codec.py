"""Serialize and deserialize CQL values (native protocol v3+ ``[bytes]`` encoding).

Driven by a :class:`coodie.cql.types.CqlType`; Python values are in coodie value
form (see :mod:`coodie.drivers.base`). ``None`` is null (no bytes at all). To keep an
exact element order, ``serialize`` also takes a set as a list or tuple, a map as a
sequence of ``(key, value)`` pairs and a user type value as a positional tuple.

>>> from coodie.cql.types import NATIVE, ListType
>>> serialize(ListType(NATIVE["int"]), [1, 2]).hex()
'0000000200000004000000010000000400000002'
>>> deserialize(ListType(NATIVE["int"]), serialize(ListType(NATIVE["int"]), [1, 2]))
[1, 2]
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
    is_hashable_form,
)
from coodie.wire.errors import MarshalError
from coodie.wire.scalars import EMPTY, SCALARS
from coodie.wire.vint import decode_uvint, encode_uvint

Encoder = Callable[[Any], bytes]
Decoder = Callable[[bytes], Any]

_INT = struct.Struct(">i")


def serialize(cql_type: CqlType, value: Any) -> bytes | None:
    """Encode ``value`` as the bytes of a bound value or cell; ``None`` for null.

    Raises :class:`~coodie.wire.errors.MarshalError` when the value does not fit.

    >>> from coodie.cql.types import NATIVE
    >>> serialize(NATIVE["int"], 7)
    b'\\x00\\x00\\x00\\x07'
    """
    if value is None:
        return None
    if value is EMPTY:
        return b""
    return encoder(cql_type)(value)


def deserialize(cql_type: CqlType, data: bytes | None) -> Any:
    """Decode bytes of ``cql_type`` into coodie value form; ``None`` stays null.

    Raises :class:`~coodie.wire.errors.MarshalError` (a ``ValueError``) on malformed bytes.

    >>> from coodie.cql.types import NATIVE
    >>> deserialize(NATIVE["bigint"], b"\\x00" * 7 + b"\\x05")
    5
    """
    if data is None:
        return None
    return decoder(cql_type)(bytes(data))


@lru_cache(maxsize=1024)
def encoder(cql_type: CqlType) -> Encoder:
    """The (cached) encoder function of a type; it rejects ``None``/``EMPTY``."""
    if isinstance(cql_type, NativeType):
        return SCALARS[cql_type.name].encode
    if isinstance(cql_type, ListType | SetType):
        return _collection_encoder(encoder(cql_type.element), cql_type)
    if isinstance(cql_type, MapType):
        return _map_encoder(encoder(cql_type.key), encoder(cql_type.value))
    if isinstance(cql_type, TupleType):
        return _tuple_encoder(tuple(encoder(e) for e in cql_type.elements))
    if isinstance(cql_type, UserDefinedType):
        return _udt_encoder(tuple((n, encoder(t)) for n, t in cql_type.fields), cql_type.name)
    return _vector_encoder(cql_type)


@lru_cache(maxsize=1024)
def decoder(cql_type: CqlType) -> Decoder:
    """The (cached) decoder function of a type (bytes never ``None``)."""
    if isinstance(cql_type, NativeType):
        return SCALARS[cql_type.name].decode
    if isinstance(cql_type, ListType):
        return _collection_decoder(decoder(cql_type.element), list, "list")
    if isinstance(cql_type, SetType):  # UDT or collection elements: a list (value form)
        kind = set if is_hashable_form(cql_type.element) else list
        return _collection_decoder(decoder(cql_type.element), kind, "set")
    if isinstance(cql_type, MapType):
        return _map_decoder(decoder(cql_type.key), decoder(cql_type.value))
    if isinstance(cql_type, TupleType):
        return _fields_decoder(tuple(decoder(e) for e in cql_type.elements), None, "tuple")
    if isinstance(cql_type, UserDefinedType):
        names = tuple(n for n, _ in cql_type.fields)
        return _fields_decoder(tuple(decoder(t) for _, t in cql_type.fields), names, "UDT")
    return _vector_decoder(cql_type)


def _value(data: bytes | None) -> bytes:
    if data is None:
        return b"\xff\xff\xff\xff"
    return _INT.pack(len(data)) + data


def _element(enc: Encoder, item: Any) -> bytes:
    if item is None:
        raise MarshalError("null is not supported inside collections")
    return _value(b"" if item is EMPTY else enc(item))


def _collection_encoder(enc: Encoder, cql_type: ListType | SetType) -> Encoder:
    kind = "list" if isinstance(cql_type, ListType) else "set"

    def encode(value: Any) -> bytes:
        if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
            raise MarshalError(f"Expected a {kind}, got {type(value).__name__}")
        items = list(value)
        return _INT.pack(len(items)) + b"".join(_element(enc, item) for item in items)

    return encode


def _map_encoder(key_enc: Encoder, value_enc: Encoder) -> Encoder:
    def encode(value: Any) -> bytes:
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif isinstance(value, list | tuple) and all(
            isinstance(p, list | tuple) and len(p) == 2 for p in value
        ):
            pairs = list(value)
        else:
            raise MarshalError(f"Expected a dict for map, got {type(value).__name__}")
        parts = [_INT.pack(len(pairs))]
        for key, item in pairs:
            parts.append(_element(key_enc, key))
            parts.append(_element(value_enc, item))
        return b"".join(parts)

    return encode


def _field(enc: Encoder, item: Any) -> bytes:
    if item is None:
        return b"\xff\xff\xff\xff"
    return _value(b"" if item is EMPTY else enc(item))


def _tuple_encoder(encs: tuple[Encoder, ...]) -> Encoder:
    def encode(value: Any) -> bytes:
        if not isinstance(value, tuple | list) or len(value) > len(encs):
            raise MarshalError(f"Expected a tuple of at most {len(encs)} values, got {value!r}")
        return b"".join(_field(enc, item) for enc, item in zip(encs, value, strict=False))

    return encode


def _udt_encoder(fields: tuple[tuple[str, Encoder], ...], name: str) -> Encoder:
    known = {n for n, _ in fields}
    positional = _tuple_encoder(tuple(enc for _, enc in fields))

    def encode(value: Any) -> bytes:
        if isinstance(value, tuple | list):
            return positional(value)
        if not isinstance(value, Mapping):
            raise MarshalError(f"Expected a dict for user type {name}, got {type(value).__name__}")
        unknown = set(value) - known
        if unknown:
            raise MarshalError(f"Unknown field(s) {sorted(unknown)} for user type {name}")
        return b"".join(_field(enc, value.get(n)) for n, enc in fields)

    return encode


def _vector_encoder(cql_type: VectorType) -> Encoder:
    enc = encoder(cql_type.element)
    fixed = fixed_size(cql_type.element)
    dims = cql_type.dimensions

    def encode(value: Any) -> bytes:
        items = list(value) if isinstance(value, list | tuple) else None
        if items is None or len(items) != dims:
            raise MarshalError(f"Expected a list of {dims} values for {cql_type.cql()}")
        parts = []
        for item in items:
            if item is None:
                raise MarshalError("null is not supported inside vectors")
            data = enc(item)
            parts.append(data if fixed is not None else encode_uvint(len(data)) + data)
        return b"".join(parts)

    return encode


def fixed_size(cql_type: CqlType) -> int | None:
    """The fixed serialized size of a type's values (``None`` if variable).

    >>> from coodie.cql.types import NATIVE
    >>> fixed_size(NATIVE["float"]), fixed_size(NATIVE["text"])
    (4, None)
    """
    if isinstance(cql_type, NativeType):
        return SCALARS[cql_type.name].size
    if isinstance(cql_type, VectorType):
        inner = fixed_size(cql_type.element)
        return None if inner is None else inner * cql_type.dimensions
    return None


def _read_value(data: bytes, pos: int, what: str) -> tuple[bytes | None, int]:
    if pos + 4 > len(data):
        raise MarshalError(f"Not enough bytes to read {what}")
    size = _INT.unpack_from(data, pos)[0]
    pos += 4
    if size < 0:
        return None, pos
    if pos + size > len(data):
        raise MarshalError(f"Not enough bytes to read {what}")
    return data[pos : pos + size], pos + size


def _read_count(data: bytes, kind: str) -> int:
    if len(data) < 4:
        raise MarshalError(f"Not enough bytes to read a {kind}")
    count: int = _INT.unpack_from(data)[0]
    if count < 0 or count * 4 > len(data) - 4:
        raise MarshalError(f"Not enough bytes to read a {kind}")
    return count


def _collection_decoder(dec: Decoder, build: Callable[[list[Any]], Any], kind: str) -> Decoder:
    def decode(data: bytes) -> Any:
        count = _read_count(data, kind)
        pos = 4
        items = []
        for _ in range(count):
            raw, pos = _read_value(data, pos, f"a {kind}")
            if raw is None:
                raise MarshalError("null is not supported inside collections")
            items.append(dec(raw))
        if pos != len(data):
            raise MarshalError(f"Unexpected extraneous bytes after {kind} value")
        try:
            return build(items)
        except TypeError as exc:
            raise MarshalError(f"Unhashable {kind} element: {exc}") from exc

    return decode


def _map_decoder(key_dec: Decoder, value_dec: Decoder) -> Decoder:
    def decode(data: bytes) -> Any:
        count = _read_count(data, "map")
        pos = 4
        result = {}
        for _ in range(count):
            key, pos = _read_value(data, pos, "a map")
            item, pos = _read_value(data, pos, "a map")
            if key is None or item is None:
                raise MarshalError("null is not supported inside collections")
            try:
                result[key_dec(key)] = value_dec(item)
            except TypeError as exc:
                raise MarshalError(f"Unhashable map key: {exc}") from exc
        if pos != len(data):
            raise MarshalError("Unexpected extraneous bytes after map value")
        return result

    return decode


def _fields_decoder(decs: tuple[Decoder, ...], names: tuple[str, ...] | None, kind: str) -> Decoder:
    def decode(data: bytes) -> Any:
        pos = 0
        values: list[Any] = []
        for index, dec in enumerate(decs):
            if pos == len(data):
                break
            if pos + 4 > len(data):
                raise MarshalError(f"Not enough bytes to read size of {index}th component")
            raw, pos = _read_value(data, pos, f"{index}th component")
            values.append(None if raw is None else dec(raw))
        if pos != len(data):
            raise MarshalError(f"Invalid remaining data after end of {kind} value")
        values.extend([None] * (len(decs) - len(values)))
        if names is None:
            return tuple(values)
        return dict(zip(names, values, strict=True))

    return decode


def _vector_decoder(cql_type: VectorType) -> Decoder:
    dec = decoder(cql_type.element)
    fixed = fixed_size(cql_type.element)
    dims = cql_type.dimensions

    def decode(data: bytes) -> Any:
        if fixed is not None:
            if len(data) != fixed * dims:
                raise MarshalError(
                    f"Expected {fixed * dims} bytes for {cql_type.cql()} ({len(data)})"
                )
            return [dec(data[i : i + fixed]) for i in range(0, fixed * dims, fixed)]
        items, pos = [], 0
        for _ in range(dims):
            size, pos = decode_uvint(data, pos)
            if pos + size > len(data):
                raise MarshalError(f"Not enough bytes to read {cql_type.cql()}")
            items.append(dec(data[pos : pos + size]))
            pos += size
        if pos != len(data):
            raise MarshalError(f"Unexpected extraneous bytes after {cql_type.cql()} value")
        return items

    return decode
