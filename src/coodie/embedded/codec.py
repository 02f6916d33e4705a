"""Binary (protocol) serialization of CQL values in the engine's internal form.

Internal forms: integers ``int``; float/double ``float``; decimal ``Decimal``; text ``str``;
blob ``bytes``; uuid ``UUID``; timestamp ``int`` ms; date ``int`` days since epoch; time
``int`` ns; duration ``CqlDuration``; inet ``ip_address``; list/set ``tuple`` (sets sorted);
map ``tuple`` of ``(k, v)`` pairs sorted by key; tuple/UDT ``tuple``; :data:`EMPTY` for a
zero-length value of a non-string type.

>>> from coodie.cql.types import NATIVE
>>> serialize(NATIVE["int"], 1)
b'\\x00\\x00\\x00\\x01'
>>> deserialize(NATIVE["int"], b'\\x00\\x00\\x00\\x01')
1
"""

from __future__ import annotations

import ipaddress
import struct
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    VectorType,
)
from coodie.cql.values import CqlDuration
from coodie.embedded.errors import invalid


class _Empty:
    """Zero-length value of a non-string type (distinct from null)."""

    _inst: _Empty | None = None

    def __repr__(self) -> str:
        return "EMPTY"

    def __reduce__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()
"""The zero-length value of a non-string type."""

_FIXED = {"int": 4, "bigint": 8, "smallint": 2, "tinyint": 1, "counter": 8}
_INT_NAMES = {"int": "int", "bigint": "long", "smallint": "short", "tinyint": "byte"}


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _vint(n: int) -> bytes:
    """Cassandra unsigned vint encoding."""
    if n < 0x80:
        return bytes([n])
    out = n.to_bytes(9, "big").lstrip(b"\x00")
    size = len(out)
    # number of extra bytes
    extra = size - 1 if (out[0] >> (8 - size)) == 0 else size
    if extra >= 8:
        return b"\xff" + n.to_bytes(8, "big")
    body = n.to_bytes(extra + 1, "big")
    mask = (0xFF << (8 - extra)) & 0xFF
    return bytes([body[0] | mask]) + body[1:]


def _read_vint(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos]
    extra = 0
    while extra < 8 and first & (0x80 >> extra):
        extra += 1
    value = first & (0xFF >> (extra + 1)) if extra < 8 else 0
    for i in range(extra):
        value = (value << 8) | data[pos + 1 + i]
    return value, pos + 1 + extra


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def serialize(t: CqlType, v: Any) -> bytes:
    """Serialize an internal value (not None) with the protocol encoding."""
    if v is EMPTY:
        return b""
    if isinstance(t, NativeType):
        return _ser_native(t.name, v)
    if isinstance(t, ListType | SetType | VectorType):
        parts = [serialize(t.element, e) for e in v]
        if isinstance(t, VectorType):
            return b"".join(parts)
        return struct.pack(">i", len(parts)) + b"".join(
            struct.pack(">i", len(p)) + p for p in parts
        )
    if isinstance(t, MapType):
        out = [struct.pack(">i", len(v))]
        for k, val in v:
            kb, vb = serialize(t.key, k), serialize(t.value, val)
            out.append(struct.pack(">i", len(kb)) + kb + struct.pack(">i", len(vb)) + vb)
        return b"".join(out)
    types = t.elements if isinstance(t, TupleType) else tuple(ft for _, ft in t.fields)
    out2 = []
    for ft, e in zip(types, v, strict=False):
        if e is None:
            out2.append(b"\xff\xff\xff\xff")
        else:
            b = serialize(ft, e)
            out2.append(struct.pack(">i", len(b)) + b)
    return b"".join(out2)


def _ser_native(name: str, v: Any) -> bytes:
    if name in _FIXED:
        return int(v).to_bytes(_FIXED[name], "big", signed=True)
    if name in ("text", "varchar", "ascii"):
        return str(v).encode("utf-8")
    if name == "blob":
        return bytes(v)
    if name == "boolean":
        return b"\x01" if v else b"\x00"
    if name in ("uuid", "timeuuid"):
        return bytes(v.bytes)
    if name == "timestamp":
        return int(v).to_bytes(8, "big", signed=True)
    if name == "date":
        return (int(v) + (1 << 31)).to_bytes(4, "big")
    if name == "time":
        return int(v).to_bytes(8, "big", signed=True)
    if name == "double":
        return struct.pack(">d", v)
    if name == "float":
        return struct.pack(">f", v)
    if name == "varint":
        return _varint_bytes(int(v))
    if name == "decimal":
        sign, digits, exp = v.as_tuple()
        unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
        return struct.pack(">i", -int(exp)) + _varint_bytes(unscaled)
    if name == "inet":
        return bytes(v.packed)
    if name == "duration":
        return _vint(_zigzag(v.months)) + _vint(_zigzag(v.days)) + _vint(_zigzag(v.nanoseconds))
    raise invalid(f"cannot serialize type {name}")


def _varint_bytes(n: int) -> bytes:
    length = max(1, (n + (n < 0)).bit_length() // 8 + 1)
    return n.to_bytes(length, "big", signed=True)


_FIXED_WIDTH = {
    "boolean": 1,
    "tinyint": 1,
    "smallint": 2,
    "int": 4,
    "float": 4,
    "date": 4,
    "bigint": 8,
    "double": 8,
    "timestamp": 8,
    "time": 8,
    "counter": 8,
    "uuid": 16,
    "timeuuid": 16,
}


def fixed_width(t: CqlType) -> int | None:
    """Serialized size of a fixed-width type (``float``: 4), None when variable.

    >>> fixed_width(NativeType("float")), fixed_width(NativeType("text"))
    (4, None)
    """
    return _FIXED_WIDTH.get(t.name) if isinstance(t, NativeType) else None


def deserialize(t: CqlType, data: bytes) -> Any:
    """Decode protocol bytes into an internal value, validating like a server."""
    if isinstance(t, NativeType):
        return _de_native(t.name, data)
    if not data:
        return ()
    if isinstance(t, ListType | SetType | MapType):
        (n,) = struct.unpack_from(">i", data, 0)
        pos = 4
        items: list[Any] = []
        for _ in range(n):
            if isinstance(t, MapType):
                k, pos = _read_elem(t.key, data, pos)
                val, pos = _read_elem(t.value, data, pos)
                items.append((k, val))
            else:
                e, pos = _read_elem(t.element, data, pos)
                items.append(e)
        return tuple(items)
    if isinstance(t, VectorType):
        width = fixed_width(t.element)
        if width is not None and len(data) != width * t.dimensions:
            from coodie.embedded.literals import type_name

            if len(data) < width * t.dimensions:
                raise invalid(f"Not enough bytes to read a {type_name(t)}")
            extra = len(data) - width * t.dimensions
            raise invalid(f"Unexpected {extra} extraneous bytes after {type_name(t)} value")
        size = len(data) // t.dimensions
        return tuple(
            deserialize(t.element, data[i * size : (i + 1) * size]) for i in range(t.dimensions)
        )
    types = t.elements if isinstance(t, TupleType) else tuple(ft for _, ft in t.fields)
    pos = 0
    vals: list[Any] = []
    for ft in types:
        if pos >= len(data):
            break
        (n,) = struct.unpack_from(">i", data, pos)
        pos += 4
        if n < 0:
            vals.append(None)
        else:
            vals.append(deserialize(ft, data[pos : pos + n]))
            pos += n
    return tuple(vals)


def _read_elem(t: CqlType, data: bytes, pos: int) -> tuple[Any, int]:
    (n,) = struct.unpack_from(">i", data, pos)
    pos += 4
    if n < 0:
        raise invalid("null is not supported inside collections")
    return deserialize(t, data[pos : pos + n]), pos + n


def _de_native(name: str, data: bytes) -> Any:
    string = _DECODE_STRING.get(name)
    if string is not None:  # strings and blobs: an empty value is an empty string
        return string(name, data)
    if not data:
        return EMPTY
    decode = _DECODE.get(name)
    if decode is None:
        raise invalid(f"cannot decode type {name}")
    return decode(name, data)


def _de_text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("String didn't validate.") from None


def _de_ascii(name: str, data: bytes) -> str:
    for b in data:
        if b > 127:
            raise invalid(f"Invalid byte for ascii: {b - 256}")
    return data.decode("ascii")


def _de_blob(name: str, data: bytes) -> bytes:
    return bytes(data)


def _de_fixed_int(name: str, data: bytes) -> int:
    size, n = _FIXED[name], len(data)
    if n != size:
        tn = "long" if name in ("bigint", "counter") else name
        if name in ("smallint", "tinyint"):
            raise invalid(f"Expected {size} bytes for a {name} ({n})")
        raise invalid(f"Expected {size} or 0 byte {tn} ({n})")
    return int.from_bytes(data, "big", signed=True)


def _de_boolean(name: str, data: bytes) -> bool:
    if len(data) != 1:
        raise invalid(f"Expected 1 or 0 byte value ({len(data)})")
    return data != b"\x00"


def _de_uuid(name: str, data: bytes) -> uuid.UUID:
    if len(data) != 16:
        raise invalid(f"Expected 16 or 0 byte uuid ({len(data)})")
    u = uuid.UUID(bytes=bytes(data))
    if name == "timeuuid" and u.version != 1:
        raise invalid("Invalid version for TimeUUID type.")
    return u


def _de_long_time(name: str, data: bytes) -> int:
    """``timestamp`` (ms) and ``time`` (ns of the day): 8-byte longs."""
    if len(data) != 8:
        raise invalid(f"Expected 8 or 0 byte long for date ({len(data)})")
    v = int.from_bytes(data, "big", signed=True)
    if name == "time" and not 0 <= v < 86_400 * 10**9:
        raise invalid("Time value must be between 0 and 86399999999999")
    return v


def _de_date(name: str, data: bytes) -> int:
    if len(data) != 4:
        raise invalid(f"Expected 4 byte long for date ({len(data)})")
    return int.from_bytes(data, "big") - (1 << 31)


def _de_double(name: str, data: bytes) -> float:
    if len(data) != 8:
        raise invalid(f"Expected 8 or 0 byte value for a double ({len(data)})")
    value: float = struct.unpack(">d", data)[0]
    return value


def _de_float(name: str, data: bytes) -> float:
    if len(data) != 4:
        raise invalid(f"Expected 4 or 0 byte value for a float ({len(data)})")
    value: float = struct.unpack(">f", data)[0]
    return value


def _de_varint(name: str, data: bytes) -> int:
    return int.from_bytes(data, "big", signed=True)


def _de_decimal(name: str, data: bytes) -> Decimal:
    scale = struct.unpack_from(">i", data, 0)[0]
    unscaled = int.from_bytes(data[4:], "big", signed=True)
    digits = tuple(int(c) for c in str(abs(unscaled)))
    d = Decimal((1 if unscaled < 0 else 0, digits, -scale))
    return d.copy_abs() if d.is_zero() else d


def _de_inet(name: str, data: bytes) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if len(data) not in (4, 16):
        raise invalid(f"Expected 4 or 16 byte inetaddress; got {data.hex()}")
    return ipaddress.ip_address(bytes(data))


def _de_duration(name: str, data: bytes) -> CqlDuration:
    pos = 0
    parts = []
    for _ in range(3):
        raw, pos = _read_vint(data, pos)
        parts.append(_unzigzag(raw))
    return CqlDuration(parts[0], parts[1], parts[2])


_Decoder = Callable[[str, bytes], Any]

_DECODE_STRING: dict[str, _Decoder] = {
    "text": _de_text,
    "varchar": _de_text,
    "ascii": _de_ascii,
    "blob": _de_blob,
}
"""Decoders of the types whose empty value is an ordinary (empty) value."""

_DECODE: dict[str, _Decoder] = {
    **dict.fromkeys(_FIXED, _de_fixed_int),
    "boolean": _de_boolean,
    "uuid": _de_uuid,
    "timeuuid": _de_uuid,
    "timestamp": _de_long_time,
    "time": _de_long_time,
    "date": _de_date,
    "double": _de_double,
    "float": _de_float,
    "varint": _de_varint,
    "decimal": _de_decimal,
    "inet": _de_inet,
    "duration": _de_duration,
}
"""Decoders of the other native types, by type name (an empty value is ``EMPTY``)."""


def is_string_type(t: CqlType) -> bool:
    """True for text/varchar/ascii/blob, which allow empty values as ordinary values."""
    return isinstance(t, NativeType) and t.name in ("text", "varchar", "ascii", "blob")
