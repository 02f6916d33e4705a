"""Fast converters from model/user values to the *coodie value form* of a CQL type.

One converter is built (and cached) per :mod:`CqlType <coodie.cql.types>`; it checks the
value and returns what the driver boundary expects (see :mod:`coodie.drivers.base`)::

    >>> from coodie.cql.types import NATIVE, SetType
    >>> to_driver_value(SetType(NATIVE["int"]), frozenset({1}))
    {1}

A value that does not fit raises :class:`~coodie.exceptions.InvalidValueError`
naming the expected CQL type; callers add the model and field. An ``Enum`` member
is sent as its value.
"""

from __future__ import annotations

import datetime as _dt
import enum
import ipaddress
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID

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
from coodie.cql.values import CqlDuration, as_utc
from coodie.exceptions import InvalidValueError

Converter = Callable[[Any], Any]
"""A function from one value to another (``None`` passes through)."""

_UTC = _dt.timezone.utc
_NANOS_PER_DAY = 86_400 * 10**9
_INT_RANGES: dict[str, tuple[int, int]] = {
    "tinyint": (-(2**7), 2**7 - 1),
    "smallint": (-(2**15), 2**15 - 1),
    "int": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
    "counter": (-(2**63), 2**63 - 1),
}


# isinstance() class tuples, made once: ``a | b`` in a converter built a union per value
_NUMBERS = (int, float, Decimal)
_BYTES_LIKE = (bytes, bytearray, memoryview)
_SEQUENCES = (list, tuple)
_COLLECTIONS = (set, frozenset, list, tuple)


def to_driver_value(cql_type: CqlType, value: Any) -> Any:
    """Convert one model/user value to the coodie value form of ``cql_type``.

    >>> from coodie.cql.types import NATIVE
    >>> to_driver_value(NATIVE["time"], _dt.time(0, 0, 1))
    1000000000
    """
    return to_driver_converter(cql_type)(value)


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _fail(cql_type: CqlType, value: Any, why: str = "") -> InvalidValueError:
    extra = f" ({why})" if why else ""
    return InvalidValueError(
        f"expected a value for CQL type {cql_type.cql()}, got {_describe(value)}{extra}"
    )


@cache
def to_driver_converter(cql_type: CqlType) -> Converter:
    """The cached converter for ``cql_type``: model/user value → coodie value form.

    >>> from coodie.cql.types import NATIVE
    >>> to_driver_converter(NATIVE["double"])(2)
    2.0
    """
    if isinstance(cql_type, NativeType):
        return _native(cql_type)
    if isinstance(cql_type, ListType):
        return _list(cql_type)
    if isinstance(cql_type, SetType):
        return _set(cql_type)
    if isinstance(cql_type, MapType):
        return _map(cql_type)
    if isinstance(cql_type, TupleType):
        return _tuple(cql_type)
    if isinstance(cql_type, UserDefinedType):
        return _udt(cql_type)
    return _vector(cql_type)


def _exact(cql_type: CqlType, *types: type) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or isinstance(value, types):
            return value
        raise _fail(cql_type, value)

    return conv


def _native(t: NativeType) -> Converter:
    name = t.name
    if name in _INT_RANGES or name == "varint":
        low, high = _INT_RANGES.get(name, (None, None))

        def int_conv(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, enum.Enum):
                value = value.value
            if value.__class__ is not int and (
                not isinstance(value, int) or isinstance(value, bool)
            ):
                raise _fail(t, value)
            if low is not None and high is not None and not low <= value <= high:
                raise _fail(t, value, "out of range")
            return value

        return int_conv
    simple = _SIMPLE.get(name)
    if simple is not None:
        return simple(t)
    raise InvalidValueError(f"no converter for CQL type {name}")


def _text(t: NativeType) -> Converter:
    ascii_only = t.name == "ascii"

    def conv(value: Any) -> Any:
        if value.__class__ is str and not ascii_only:
            return value  # the common case first
        if value is None:
            return None
        if isinstance(value, enum.Enum):
            value = value.value
        if not isinstance(value, str):
            raise _fail(t, value)
        if ascii_only and not value.isascii():
            raise _fail(t, value, "not ASCII")
        return value

    return conv


def _float(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or value.__class__ is float:
            return value
        if isinstance(value, _NUMBERS) and not isinstance(value, bool):
            return float(value)
        raise _fail(t, value)

    return conv


def _decimal(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))
        raise _fail(t, value)

    return conv


def _uuid(t: NativeType) -> Converter:
    time_based = t.name == "timeuuid"

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = UUID(value)
            except ValueError:
                raise _fail(t, value) from None
        if not isinstance(value, UUID):
            raise _fail(t, value)
        if time_based and value.version != 1:
            raise _fail(t, value, "not a version 1 (time-based) UUID")
        return value

    return conv


def _timestamp(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            tz = value.tzinfo
            if tz is None:
                return as_utc(value)
            return value if tz is _UTC else value.astimezone(_UTC)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _fail(t, value)

    return conv


def _date(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            raise _fail(t, value, "a datetime, use .date()")
        if isinstance(value, _dt.date) or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise _fail(t, value)

    return conv


def time_to_nanos(value: _dt.time) -> int:
    """Nanoseconds since midnight of a ``datetime.time``.

    >>> time_to_nanos(_dt.time(0, 0, 0, 5))
    5000
    """
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 10**9 + value.microsecond * 1000


def _time(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, _dt.time):
            return time_to_nanos(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < _NANOS_PER_DAY:
                raise _fail(t, value, "out of range")
            return value
        raise _fail(t, value)

    return conv


def _duration(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or isinstance(value, CqlDuration):
            return value
        if isinstance(value, _dt.timedelta):
            return CqlDuration.from_timedelta(value)
        raise _fail(t, value)

    return conv


def _blob(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or value.__class__ is bytes:
            return value
        if isinstance(value, _BYTES_LIKE):
            return bytes(value)
        raise _fail(t, value)

    return conv


def _inet(t: NativeType) -> Converter:
    def conv(value: Any) -> Any:
        if value is None or isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
            return value
        if isinstance(value, str):
            try:
                return ipaddress.ip_address(value)
            except ValueError:
                raise _fail(t, value) from None
        raise _fail(t, value)

    return conv


_SIMPLE: dict[str, Callable[[NativeType], Converter]] = {
    "text": _text,
    "ascii": _text,
    "float": _float,
    "double": _float,
    "decimal": _decimal,
    "boolean": lambda t: _exact(t, bool),
    "uuid": _uuid,
    "timeuuid": _uuid,
    "timestamp": _timestamp,
    "date": _date,
    "time": _time,
    "duration": _duration,
    "blob": _blob,
    "inet": _inet,
}


def _element(outer: CqlType, inner: CqlType) -> Converter:
    conv = to_driver_converter(inner)

    def elem(value: Any) -> Any:
        if value is None:
            raise InvalidValueError(f"a {outer.cql()} cannot contain null")
        return conv(value)

    return elem


_PASSTHROUGH: dict[str, type] = {
    "text": str,
    "float": float,
    "double": float,
    "boolean": bool,
    "uuid": UUID,
    "blob": bytes,
}
"""Element types whose converter returns a value of exactly this class unchanged."""


def passthrough_class(t: CqlType) -> type | None:
    """The class whose values ``t``'s converter returns as they are, else ``None``.

    >>> from coodie.cql.types import NATIVE
    >>> passthrough_class(NATIVE["text"]), passthrough_class(NATIVE["ascii"])
    (<class 'str'>, None)
    """
    return _PASSTHROUGH.get(t.name) if isinstance(t, NativeType) else None


def _all_of(kind: type | None, values: Any) -> bool:
    """Whether every value is exactly of class ``kind`` (so its conversion is a copy)."""
    if kind is None:
        return False
    for v in values:  # noqa: SIM110 - a loop: no generator frame, faster than all()
        if v.__class__ is not kind:
            return False
    return True


def _list(t: ListType) -> Converter:
    elem = _element(t, t.element)
    same = passthrough_class(t.element)

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, _SEQUENCES):
            raise _fail(t, value)
        if _all_of(same, value):
            return list(value)
        return [elem(v) for v in value]

    return conv


def _set(t: SetType) -> Converter:
    elem = _element(t, t.element)
    hashable = is_hashable_form(t.element)
    same = passthrough_class(t.element)

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, _COLLECTIONS):
            raise _fail(t, value)
        if _all_of(same, value):
            return set(value)
        if hashable:
            return {elem(v) for v in value}
        unique: list[Any] = []
        for v in value:
            converted = elem(v)
            if converted not in unique:
                unique.append(converted)
        return unique

    return conv


def _map(t: MapType) -> Converter:
    key = _element(t, t.key)
    val = _element(t, t.value)
    same_key, same_value = passthrough_class(t.key), passthrough_class(t.value)

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if value.__class__ is not dict and not isinstance(value, Mapping):  # dict: no ABC check
            raise _fail(t, value)
        if _all_of(same_key, value) and _all_of(same_value, value.values()):
            return dict(value)
        return {key(k): val(v) for k, v in value.items()}

    return conv


def _tuple(t: TupleType) -> Converter:
    convs = tuple(to_driver_converter(e) for e in t.elements)
    size = len(convs)

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, _SEQUENCES) or len(value) != size:
            raise _fail(t, value, f"needs {size} elements")
        return tuple(c(v) for c, v in zip(convs, value, strict=True))

    return conv


def _udt(t: UserDefinedType) -> Converter:
    fields = tuple((name, to_driver_converter(ft)) for name, ft in t.fields)
    names = frozenset(name for name, _ in fields)

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Mapping):
            unknown = set(value) - names
            if unknown:
                raise _fail(t, value, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
            return {name: c(value.get(name)) for name, c in fields}
        udt_name = getattr(type(value), "__cql_type_name__", None)
        if udt_name != t.name:
            raise _fail(t, value)
        data = value.__dict__
        return {name: c(data.get(name)) for name, c in fields}

    return conv


def _vector(t: VectorType) -> Converter:
    elem = _element(t, t.element)
    size = t.dimensions

    def conv(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, _SEQUENCES) or len(value) != size:
            raise _fail(t, value, f"needs {size} elements")
        return [elem(v) for v in value]

    return conv
