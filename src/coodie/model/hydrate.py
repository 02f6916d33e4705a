"""From the coodie value form back to a model's declared Python types, fast.

:func:`from_driver_converter` builds, once per column, the converter from the driver's
value to the declared type (``None`` when the value can be used as is);
:mod:`coodie.model.instances` writes them into the functions that build instances.

Example::

    conv = from_driver_converter(NATIVE["time"], datetime.time)
    conv(3_600_000_000_000)          # datetime.time(1, 0)
"""

from __future__ import annotations

import datetime as _dt
import enum
import typing
from collections.abc import Callable
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
)
from coodie.cql.values import CqlDuration
from coodie.model.annotations import is_user_type, strip_annotation
from coodie.model.converters import Converter

__all__ = ["COPY_ONLY", "from_driver_converter", "from_driver_value"]


def from_driver_converter(
    cql_type: CqlType, annotation: Any, metadata: tuple[Any, ...] = ()
) -> Converter | None:
    """Converter from the coodie value form of ``cql_type`` to ``annotation``'s type.

    Returns ``None`` when no conversion is needed. Collections are always copied
    (so a model never shares a container with the row it came from); a missing
    non-frozen collection reads as an empty one.

    >>> from coodie.cql.types import NATIVE
    >>> from_driver_converter(NATIVE["int"], int) is None
    True
    """
    tp, _markers, optional = strip_annotation(annotation, metadata)
    if isinstance(cql_type, NativeType):
        return _native(cql_type.name, tp)
    args = typing.get_args(tp)
    if isinstance(cql_type, ListType | VectorType):
        elem = from_driver_converter(cql_type.element, args[0] if args else Any)
        empty = None if isinstance(cql_type, VectorType) else _empty(cql_type, optional, list)
        return _sequence(list, elem, empty)
    if isinstance(cql_type, SetType):
        kind: type = frozenset if typing.get_origin(tp) is frozenset else set
        elem = from_driver_converter(cql_type.element, args[0] if args else Any)
        return _sequence(kind, elem, _empty(cql_type, optional, kind))
    if isinstance(cql_type, MapType):
        key_t, val_t = args if len(args) == 2 else (Any, Any)
        return _mapping(
            from_driver_converter(cql_type.key, key_t),
            from_driver_converter(cql_type.value, val_t),
            _empty(cql_type, optional, dict),
        )
    if isinstance(cql_type, TupleType):
        return _tuple(cql_type, args)
    if isinstance(cql_type, UserDefinedType) and is_user_type(tp):
        udt: Converter = tp.__from_driver__
        return udt
    return None


def from_driver_value(cql_type: CqlType, annotation: Any, value: Any) -> Any:
    """Convert one value from its coodie value form to ``annotation``'s type.

    Meant for one-off use; hot paths keep the converter from :func:`from_driver_converter`.

    >>> from coodie.cql.types import NATIVE
    >>> from_driver_value(NATIVE["time"], _dt.time, 1_000)
    datetime.time(0, 0, 0, 1)
    """
    conv = from_driver_converter(cql_type, annotation)
    return value if conv is None else conv(value)


def _empty(t: ListType | SetType | MapType, optional: bool, kind: type) -> Callable[[], Any] | None:
    """A factory for the value of a null collection: empty unless frozen and optional."""
    if t.frozen and optional:
        return None
    return kind


def _native(name: str, tp: Any) -> Converter | None:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_converter(tp)
    if name == "counter":
        return _counter
    if name == "time" and tp is _dt.time:
        return _nanos_to_time
    if name == "duration" and tp is _dt.timedelta:
        return _duration
    return None


def _enum_converter(tp: type[enum.Enum]) -> Converter:
    def conv(value: Any) -> Any:
        return None if value is None else tp(value)

    return conv


def _counter(value: Any) -> Any:
    """A counter never incremented reads as null; it is 0."""
    return 0 if value is None else value


def _nanos_to_time(value: Any) -> Any:
    if value.__class__ is not int:
        return value
    micros, _ = divmod(value, 1000)
    seconds, micros = divmod(micros, 10**6)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return _dt.time(hours, minutes, seconds, micros)


def _duration(value: Any) -> Any:
    if isinstance(value, CqlDuration):
        as_delta = value.to_timedelta()
        return value if as_delta is None else as_delta
    return value


COPY_ONLY = "__coodie_copy__"
"""Attribute of a converter that only copies a container: ``(kind, empty factory)``.

:func:`coodie.model.instances.build_instance_factory` inlines such converters (no call
per value).
"""


def _sequence(kind: type, elem: Converter | None, empty: Callable[[], Any] | None) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None if empty is None else empty()
        if elem is None:
            return kind(value)
        return kind(elem(v) for v in value)

    if elem is None:
        setattr(conv, COPY_ONLY, (kind, empty))
    return conv


def _mapping(
    key: Converter | None, val: Converter | None, empty: Callable[[], Any] | None
) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None if empty is None else empty()
        if key is None and val is None:
            return dict(value)
        k = key or _identity
        v = val or _identity
        return {k(a): v(b) for a, b in value.items()}

    if key is None and val is None:
        setattr(conv, COPY_ONLY, (dict, empty))
    return conv


def _tuple(t: TupleType, args: tuple[Any, ...]) -> Converter | None:
    if len(args) != len(t.elements):
        return None
    convs = [from_driver_converter(e, a) for e, a in zip(t.elements, args, strict=True)]
    if all(c is None for c in convs):
        return None
    elems = [c or _identity for c in convs]

    def conv(value: Any) -> Any:
        if value is None:
            return None
        return tuple(None if v is None else c(v) for c, v in zip(elems, value, strict=False))

    return conv


def _identity(value: Any) -> Any:
    return value
