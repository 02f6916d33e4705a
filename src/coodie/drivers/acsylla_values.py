"""Type-directed value conversion between coodie value form and acsylla's values.

acsylla reads ``uuid``/``timeuuid`` and ``inet`` as text, ``varint`` as two's
complement bytes, ``duration`` as a CQL duration literal (``'3d5us'``) and
``time`` as ``datetime.time``; it binds ``varint`` from bytes, ``time`` from
``datetime.time`` and ``duration`` from a ``(months, days, nanoseconds)`` tuple.
A ``vector<float, n>`` (and other fixed-size elements) travels as its serialized
bytes, which the driver neither writes nor reads itself.
Both directions are driven by :class:`~coodie.cql.types.CqlType` values::

    >>> from coodie.cql.types import NATIVE
    >>> reader(NATIVE["varint"])(b"\\xff")
    -1
    >>> writer(NATIVE["varint"])(-1)
    b'\\xff'
    >>> reader(NATIVE["duration"])("-1mo2d3ns")
    CqlDuration(months=-1, days=-2, nanoseconds=-3)
    >>> from coodie.cql.types import VectorType
    >>> writer(VectorType(NATIVE["float"], 2))([1.0, 0.5])
    b'?\\x80\\x00\\x00?\\x00\\x00\\x00'
    >>> reader(VectorType(NATIVE["float"], 2))(b"?\\x80\\x00\\x00?\\x00\\x00\\x00")
    [1.0, 0.5]
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import re
import struct
import uuid
from collections.abc import Callable
from typing import Any, NamedTuple

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
from coodie.cql.values import CqlDuration
from coodie.exceptions import InvalidValueError, NotSupported

Convert = Callable[[Any], Any]

_NS = {
    "ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9,
    "h": 3600 * 10**9,
}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+)(mo|y|w|d|h|ms|us|µs|ns|m|s)", re.IGNORECASE)


def parse_duration(text: str) -> CqlDuration:
    """A CQL duration literal (``1y2mo3w4d5h6m7s8ms9us10ns``, optional ``-``)."""
    sign = -1 if text.startswith("-") else 1
    months = days = nanos = 0
    for amount_text, unit_text in _DURATION_PART.findall(text):
        amount, unit = int(amount_text), unit_text.lower()
        if unit == "y":
            months += 12 * amount
        elif unit == "mo":
            months += amount
        elif unit == "w":
            days += 7 * amount
        elif unit == "d":
            days += amount
        else:
            nanos += amount * _NS[unit]
    return CqlDuration(sign * months, sign * days, sign * nanos)


def _varint_bytes(value: int) -> bytes:
    length = max(1, (value + (value < 0)).bit_length() // 8 + 1)
    return value.to_bytes(length, "big", signed=True)


def _time_from_nanos(value: Any) -> Any:
    if not isinstance(value, int):
        return value
    if value % 1000:
        raise NotSupported("driver 'acsylla' cannot write a time with sub-microsecond nanoseconds")
    micros = value // 1000
    return _dt.time(
        micros // 3_600_000_000, micros // 60_000_000 % 60, micros // 10**6 % 60, micros % 10**6
    )


def _nanos_from_time(value: Any) -> Any:
    if not isinstance(value, _dt.time):
        return value
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return (seconds * 10**6 + value.microsecond) * 1000


_NATIVE_READERS: dict[str, Convert] = {
    "uuid": lambda v: uuid.UUID(v) if isinstance(v, str) else v,
    "timeuuid": lambda v: uuid.UUID(v) if isinstance(v, str) else v,
    "inet": lambda v: ipaddress.ip_address(v) if isinstance(v, str) else v,
    "varint": lambda v: int.from_bytes(v, "big", signed=True) if isinstance(v, bytes) else v,
    "duration": lambda v: parse_duration(v) if isinstance(v, str) else v,
    "time": _nanos_from_time,
}

_NATIVE_WRITERS: dict[str, Convert] = {
    "varint": lambda v: _varint_bytes(v) if isinstance(v, int) else v,
    "time": _time_from_nanos,
    "duration": lambda v: (v.months, v.days, v.nanoseconds) if isinstance(v, CqlDuration) else v,
    "inet": str,
}


def _each(element: Convert | None, kind: Callable[[Any], Any]) -> Convert | None:
    if element is None:
        return None
    convert: Convert = element
    return lambda v: kind(convert(x) if x is not None else None for x in v)


class _Direction(NamedTuple):
    """One direction of conversion: the native types' converters and the vector converter."""

    natives: dict[str, Convert]
    vector: Callable[[VectorType], Convert]


def _walk(t: CqlType, way: _Direction) -> Convert | None:
    if isinstance(t, NativeType):
        return way.natives.get(t.name)
    if isinstance(t, VectorType):
        return way.vector(t)
    if isinstance(t, ListType):
        return _each(_walk(t.element, way), list)
    if isinstance(t, SetType):
        kind = set if is_hashable_form(t.element) else list
        return _each(_walk(t.element, way), kind)
    if isinstance(t, MapType):
        kc, vc = _walk(t.key, way), _walk(t.value, way)
        if kc is None and vc is None:
            return None
        return lambda v: {
            (kc(k) if kc else k): (vc(x) if vc and x is not None else x) for k, x in v.items()
        }
    if isinstance(t, TupleType):
        subs = [_walk(e, way) for e in t.elements]
        if not any(subs):
            return None
        return lambda v: tuple(
            c(x) if c and x is not None else x for x, c in zip(v, subs, strict=False)
        )
    if isinstance(t, UserDefinedType):
        return _udt(t, way)
    return None


_FIXED_SIZE = {"float": "f", "double": "d", "int": "i", "bigint": "q"}


def _vector_packer(t: VectorType) -> struct.Struct | None:
    """The struct of a vector's serialized bytes (fixed-size elements one after another)."""
    code = _FIXED_SIZE.get(t.element.name) if isinstance(t.element, NativeType) else None
    return None if code is None else struct.Struct(f">{t.dimensions}{code}")


def _refuse_vector(t: VectorType) -> Convert:
    def refuse(_: Any) -> Any:
        raise NotSupported(f"driver 'acsylla' cannot bind or read a {t.cql()}")

    return refuse


def _vector_reader(t: VectorType) -> Convert:
    """A vector read as its serialized bytes → a list of its elements."""
    packer = _vector_packer(t)
    if packer is None:
        return _refuse_vector(t)
    unpack = packer.unpack
    return lambda v: list(unpack(v)) if isinstance(v, bytes) else v


def _vector_writer(t: VectorType) -> Convert:
    """A vector value → its serialized bytes (acsylla binds a vector only as bytes)."""
    packer = _vector_packer(t)
    if packer is None:
        return _refuse_vector(t)

    def pack(v: Any) -> bytes:
        values = list(v)
        if len(values) != t.dimensions:
            raise InvalidValueError(
                f"a {t.cql()} value needs {t.dimensions} elements, got {len(values)}"
            )
        return packer.pack(*values)

    return pack


def _udt(t: UserDefinedType, way: _Direction) -> Convert | None:
    subs: dict[str, Convert] = {}
    for name, field_type in t.fields:
        conv = _walk(field_type, way)
        if conv is not None:
            subs[name] = conv
    if not subs:
        return None
    return lambda v: {k: (subs[k](x) if k in subs and x is not None else x) for k, x in v.items()}


_READING = _Direction(_NATIVE_READERS, _vector_reader)
_WRITING = _Direction(_NATIVE_WRITERS, _vector_writer)


def reader(t: CqlType) -> Convert | None:
    """acsylla's value of type ``t`` → coodie value form (``None``: as is)."""
    return _walk(t, _READING)


def writer(t: CqlType) -> Convert | None:
    """coodie value form of type ``t`` → what acsylla binds (``None``: as is)."""
    return _walk(t, _WRITING)
