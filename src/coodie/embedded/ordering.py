"""Sort keys reproducing Cassandra's comparison of values of each CQL type.

>>> from coodie.cql.types import NATIVE
>>> key_function(NATIVE["int"])(5)
5
>>> sorted([b"\\x01", b""], key=key_function(NATIVE["blob"]))
[b'', b'\\x01']
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
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
from coodie.embedded.codec import EMPTY

KeyFn = Callable[[Any], Any]


class _Low:
    """Sorts before every other key (empty values)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "LOW"

    def __lt__(self, other: object) -> bool:
        return other is not self

    def __gt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return other is self

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return 0


LOW = _Low()


class Rev:
    """Inverts the order of a wrapped key (DESC clustering columns)."""

    __slots__ = ("k",)

    def __init__(self, k: Any) -> None:
        self.k = k

    def __lt__(self, other: Rev) -> bool:
        return bool(other.k < self.k)

    def __gt__(self, other: Rev) -> bool:
        return bool(other.k > self.k)

    def __le__(self, other: Rev) -> bool:
        return bool(other.k <= self.k)

    def __ge__(self, other: Rev) -> bool:
        return bool(other.k >= self.k)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rev) and bool(other.k == self.k)

    def __hash__(self) -> int:
        return hash(self.k)


def _float_key(v: float) -> tuple[int, float, float]:
    if math.isnan(v):
        return (1, 0.0, 0.0)
    return (0, v, math.copysign(1.0, v))


def _uuid_key(v: Any) -> tuple[int, int, int]:
    version = (v.int >> 76) & 0xF
    msb = v.int >> 64
    lsb = v.int & ((1 << 64) - 1)
    if version == 1:
        return (version, v.time, lsb)
    return (version, msb, lsb)


def _timeuuid_key(v: Any) -> tuple[int, bytes]:
    return (v.time, bytes(b ^ 0x80 for b in v.bytes[8:]))


def _ident(v: Any) -> Any:
    return v


def _bool_key(v: Any) -> int:
    return 1 if v else 0


def _inet_key(v: Any) -> bytes:
    return bytes(v.packed)


def _duration_key(v: Any) -> tuple[int, int, int]:
    return (v.months, v.days, v.nanoseconds)


_NATIVE_KEYS: dict[str, KeyFn] = {
    "double": _float_key,
    "float": _float_key,
    "uuid": _uuid_key,
    "timeuuid": _timeuuid_key,
    "boolean": _bool_key,
    "inet": _inet_key,
    "duration": _duration_key,
}


@lru_cache(maxsize=1024)
def key_function(t: CqlType) -> KeyFn:
    """The sort key function for values of type ``t`` (handles :data:`EMPTY`)."""
    base = _base_key(t)

    def key(v: Any) -> Any:
        if v is EMPTY:
            return LOW
        return base(v)

    return key


def _base_key(t: CqlType) -> KeyFn:
    if isinstance(t, NativeType):
        return _NATIVE_KEYS.get(t.name, _ident)
    if isinstance(t, ListType | SetType | VectorType):
        ek = key_function(t.element)
        return lambda v: tuple(ek(e) for e in v)
    if isinstance(t, MapType):
        kk, vk = key_function(t.key), key_function(t.value)
        return lambda v: tuple((kk(a), vk(b)) for a, b in v)
    types = t.elements if isinstance(t, TupleType) else tuple(ft for _, ft in t.fields)
    fks = tuple(key_function(ft) for ft in types)

    def tup(v: Any) -> Any:
        return tuple(LOW if e is None else f(e) for f, e in zip(fks, v, strict=False))

    return tup


def is_comparable_type(t: CqlType) -> bool:
    """Whether ``t`` supports slice restrictions (duration does not)."""
    return not (isinstance(t, NativeType) and t.name == "duration")
