"""A small, data-only binary encoding for the engine's files (log records, snapshots).

Every value is one tag byte followed by its body. Only a closed set of types can be
written or read back: ``None``, ``bool``, ``int``, ``float``, ``str``, ``bytes``,
``tuple``, ``list``, ``dict``, ``UUID``, ``Decimal``, IP addresses, ``CqlDuration``,
CQL types, the engine's ``EMPTY`` value and its sort-key wrappers. Decoding builds
nothing else, so a crafted file cannot run code (unlike pickle).

>>> unpack(pack((1, "a", None, b"\\x00", [2.5], {"k": True})))
(1, 'a', None, b'\\x00', [2.5], {'k': True})
>>> unpack(b"\\x7f")
Traceback (most recent call last):
...
coodie.embedded.packing.PackingError: unknown tag 0x7f at offset 0
"""

from __future__ import annotations

import ipaddress
import struct
import uuid
from decimal import Decimal
from typing import Any

from coodie.cql.types import (
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.cql.values import CqlDuration
from coodie.embedded.codec import EMPTY
from coodie.embedded.ordering import LOW, Rev

_I64 = struct.Struct(">q")
_U32 = struct.Struct(">I")
_F64 = struct.Struct(">d")
_MIN64, _MAX64 = -(1 << 63), (1 << 63) - 1


class PackingError(ValueError):
    """Bytes that are not a valid encoding, or a value of a type the format cannot hold."""


def pack(value: Any) -> bytes:
    """Encode ``value`` (see the module docstring for the types allowed).

    >>> pack(None)
    b'N'
    """
    out = bytearray()
    _pack(value, out)
    return bytes(out)


def unpack(data: bytes) -> Any:
    """Decode one value that spans all of ``data``.

    >>> unpack(pack(-5))
    -5
    """
    value, pos = _unpack(memoryview(data), 0)
    if pos != len(data):
        raise PackingError(f"{len(data) - pos} trailing bytes at offset {pos}")
    return value


def _blob(tag: bytes, body: bytes, out: bytearray) -> None:
    out += tag
    out += _U32.pack(len(body))
    out += body


def _pack(v: Any, out: bytearray) -> None:
    if v is None:
        out += b"N"
    elif v is True:
        out += b"T"
    elif v is False:
        out += b"F"
    elif type(v) is int:
        if _MIN64 <= v <= _MAX64:
            out += b"i"
            out += _I64.pack(v)
        else:
            _blob(b"j", v.to_bytes((v.bit_length() + 8) // 8, "big", signed=True), out)
    elif type(v) is str:
        _blob(b"s", v.encode("utf-8", "surrogatepass"), out)
    elif type(v) is bytes:
        _blob(b"b", v, out)
    elif type(v) is float:
        out += b"f"
        out += _F64.pack(v)
    elif type(v) is tuple or type(v) is list:
        out += b"t" if type(v) is tuple else b"l"
        out += _U32.pack(len(v))
        for e in v:
            _pack(e, out)
    elif type(v) is dict:
        out += b"d"
        out += _U32.pack(len(v))
        for k, e in v.items():
            _pack(k, out)
            _pack(e, out)
    elif isinstance(v, uuid.UUID):
        out += b"u"
        out += v.bytes
    elif isinstance(v, Decimal):
        _blob(b"D", str(v).encode("ascii"), out)
    elif isinstance(v, ipaddress.IPv4Address | ipaddress.IPv6Address):
        _blob(b"I", v.packed, out)
    elif isinstance(v, CqlDuration):
        out += b"R"
        for part in (v.months, v.days, v.nanoseconds):
            out += _I64.pack(part)
    elif v is EMPTY:
        out += b"E"
    elif v is LOW:
        out += b"L"
    elif isinstance(v, Rev):
        out += b"V"
        _pack(v.k, out)
    else:
        _pack_type(v, out)


def _pack_type(t: Any, out: bytearray) -> None:
    if isinstance(t, NativeType):
        _blob(b"y", t.name.encode(), out)
    elif isinstance(t, ListType | SetType):
        out += b"<" if isinstance(t, ListType) else b"{"
        _pack(t.frozen, out)
        _pack(t.element, out)
    elif isinstance(t, MapType):
        out += b"m"
        _pack((t.frozen, t.key, t.value), out)
    elif isinstance(t, TupleType):
        out += b"("
        _pack((t.frozen, t.elements), out)
    elif isinstance(t, VectorType):
        out += b"v"
        _pack((t.element, t.dimensions), out)
    elif isinstance(t, UserDefinedType):
        out += b"U"
        _pack((t.name, t.fields, t.keyspace, t.frozen), out)
    else:
        raise PackingError(f"cannot store a value of type {type(t).__name__}")


def _take(data: memoryview, pos: int, n: int) -> tuple[bytes, int]:
    end = pos + n
    if end > len(data):
        raise PackingError(f"value at offset {pos} runs past the end")
    return bytes(data[pos:end]), end


def _length(data: memoryview, pos: int) -> tuple[int, int]:
    raw, pos = _take(data, pos, 4)
    return _U32.unpack(raw)[0], pos


def _unpack(data: memoryview, pos: int) -> tuple[Any, int]:
    if pos >= len(data):
        raise PackingError(f"value expected at offset {pos}")
    tag = data[pos]
    start, pos = pos, pos + 1
    simple = _SIMPLE.get(tag)
    if simple is not None:
        return simple[0], pos
    if tag == 0x69:  # i
        raw, pos = _take(data, pos, 8)
        return _I64.unpack(raw)[0], pos
    if tag == 0x66:  # f
        raw, pos = _take(data, pos, 8)
        return _F64.unpack(raw)[0], pos
    if tag in _BLOBS:
        n, pos = _length(data, pos)
        raw, pos = _take(data, pos, n)
        try:
            return _BLOBS[tag](raw), pos
        except (ValueError, ArithmeticError) as exc:
            raise PackingError(f"bad value at offset {start}: {exc}") from None
    if tag in (0x74, 0x6C):  # t l
        n, pos = _length(data, pos)
        items = []
        for _ in range(n):
            item, pos = _unpack(data, pos)
            items.append(item)
        return (tuple(items) if tag == 0x74 else items), pos
    if tag == 0x64:  # d
        n, pos = _length(data, pos)
        d = {}
        for _ in range(n):
            k, pos = _unpack(data, pos)
            d[k], pos = _unpack(data, pos)
        return d, pos
    if tag == 0x75:  # u
        raw, pos = _take(data, pos, 16)
        return uuid.UUID(bytes=raw), pos
    if tag == 0x52:  # R
        raw, pos = _take(data, pos, 24)
        try:
            return CqlDuration(*(_I64.unpack_from(raw, i)[0] for i in (0, 8, 16))), pos
        except ValueError as exc:
            raise PackingError(f"bad duration at offset {start}: {exc}") from None
    if tag == 0x56:  # V
        inner, pos = _unpack(data, pos)
        return Rev(inner), pos
    return _unpack_type(tag, data, pos, start)


def _unpack_type(tag: int, data: memoryview, pos: int, start: int) -> tuple[Any, int]:
    if tag == 0x79:  # y
        n, pos = _length(data, pos)
        raw, pos = _take(data, pos, n)
        return NativeType(raw.decode("ascii", "replace")), pos
    build = _TYPES.get(tag)
    if build is None:
        raise PackingError(f"unknown tag 0x{tag:02x} at offset {start}")
    first, pos = _unpack(data, pos)
    if tag in (0x3C, 0x7B):  # < {: frozen flag, then the element type
        element, pos = _unpack(data, pos)
        first = (element, first)
    try:
        return build(*first), pos
    except (TypeError, ValueError) as exc:
        raise PackingError(f"bad type at offset {start}: {exc}") from None


def _udt(name: str, fields: Any, keyspace: str | None, frozen: bool) -> UserDefinedType:
    return UserDefinedType(name, tuple(tuple(f) for f in fields), keyspace, frozen)


_TYPES: dict[int, Any] = {
    0x3C: ListType,  # <
    0x7B: SetType,  # {
    0x6D: lambda frozen, key, value: MapType(key, value, frozen),  # m
    0x28: lambda frozen, elements: TupleType(tuple(elements), frozen),  # (
    0x76: VectorType,  # v
    0x55: _udt,  # U
}


def _big_int(raw: bytes) -> int:
    return int.from_bytes(raw, "big", signed=True)


def _decimal(raw: bytes) -> Decimal:
    return Decimal(raw.decode("ascii"))


def _ip(raw: bytes) -> Any:
    return ipaddress.ip_address(raw)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogatepass")


_SIMPLE: dict[int, tuple[Any]] = {
    0x4E: (None,),  # N
    0x54: (True,),  # T
    0x46: (False,),  # F
    0x45: (EMPTY,),  # E
    0x4C: (LOW,),  # L
}
_BLOBS: dict[int, Any] = {
    0x6A: _big_int,  # j
    0x73: _text,  # s
    0x62: bytes,  # b
    0x44: _decimal,  # D
    0x49: _ip,  # I
}
