"""Values between coodie value form and the ``cassandra`` package's (scylla-driver) types.

Converters are built once per driver type from the driver's own metadata of each
prepared statement and result (see :mod:`coodie.drivers.scylla`): UDT dicts are bound as
tuples in field order, ``inet`` addresses as text, ``date`` day numbers and ``duration``
values as the driver's ``Date`` / ``Duration``; on the way back ``SortedSet``,
``OrderedMapSerializedKey``, UDT named tuples, ``Date``, ``Time``, ``Duration`` and naive
UTC datetimes become coodie value form. Whole rows convert through one generated
function per result shape.

>>> from cassandra import cqltypes as ct
>>> writer(ct.Int32Type) is None
True
>>> sorted(reader(ct.SetType.apply_parameters([ct.Int32Type]))(ct.util.SortedSet([2, 1])))
[1, 2]
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from coodie.cql.values import CqlDuration, as_utc
from coodie.drivers.base import RowConversion

from cassandra import cqltypes as ct  # isort: skip
from cassandra import util as cu  # isort: skip

Convert = Callable[[Any], Any]
_datetime = _dt.datetime


# -- values: coodie -> driver -------------------------------------------------------------


def _is(typ: Any, kind: Any) -> bool:
    """``issubclass`` without narrowing: the driver's type classes get attributes at runtime."""
    return issubclass(typ, kind)


def _unfreeze(typ: Any) -> Any:
    while _is(typ, ct.FrozenType):
        typ = typ.subtypes[0]
    return typ


def writer(typ: Any) -> Convert | None:
    """Converter from coodie value form to what the driver serializes, ``None`` if identity."""
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType):
        names = typ.fieldnames
        subs = [writer(t) for t in typ.subtypes]

        def udt(v: Any) -> Any:
            if not isinstance(v, dict):
                return v
            return tuple(
                None if (x := v.get(n)) is None else (c(x) if c else x)
                for n, c in zip(names, subs, strict=True)
            )

        return udt
    if _is(typ, ct.TupleType):
        subs = [writer(t) for t in typ.subtypes]
        if not any(subs):
            return None
        return lambda v: tuple(
            c(x) if c and x is not None else x for x, c in zip(v, subs, strict=False)
        )
    if _is(typ, ct.MapType):
        kc, vc = (writer(t) for t in typ.subtypes)
        if kc is None and vc is None:
            return None
        return lambda v: {
            (kc(k) if kc else k): (vc(x) if vc and x is not None else x) for k, x in v.items()
        }
    if _is(typ, ct.SetType | ct.ListType) or typ.typename == "vector":
        ec = writer(typ.subtypes[0])
        if ec is None:
            return None
        kind = set if _is(typ, ct.SetType) and _hashable_form(typ.subtypes[0]) else list
        return lambda v: kind(ec(x) for x in v)
    if _is(typ, ct.InetAddressType):
        return str
    if _is(typ, ct.SimpleDateType):
        return lambda v: cu.Date(v) if isinstance(v, int) else v
    if _is(typ, ct.DurationType):
        return lambda v: (
            cu.Duration(v.months, v.days, v.nanoseconds) if isinstance(v, CqlDuration) else v
        )
    return None


def bind_converters(prepared: Any) -> list[Convert | None] | None:
    convs = [writer(col.type) for col in prepared.column_metadata]
    return convs if any(convs) else None


# -- values: driver -> coodie -------------------------------------------------------------


def reader(typ: Any) -> Convert | None:
    """Converter from a driver result value to coodie value form, ``None`` if identity."""
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType):
        names = typ.fieldnames
        subs = [reader(t) for t in typ.subtypes]
        return lambda v: {
            n: (c(x) if c and x is not None else x)
            for n, x, c in zip(names, tuple(v), subs, strict=False)
        }
    if _is(typ, ct.TupleType):
        subs = [reader(t) for t in typ.subtypes]
        return lambda v: tuple(
            c(x) if c and x is not None else x for x, c in zip(v, subs, strict=False)
        )
    if _is(typ, ct.MapType):
        kc, vc = (reader(t) for t in typ.subtypes)
        if kc is None and vc is None:
            return lambda v: dict(_pairs(v))
        return lambda v: {
            (kc(k) if kc else k): (vc(x) if vc and x is not None else x) for k, x in _pairs(v)
        }
    if _is(typ, ct.SetType):
        element = typ.subtypes[0]
        return _each(reader(element), set if _hashable_form(element) else list)
    if _is(typ, ct.ListType) or typ.typename == "vector":
        return _each(reader(typ.subtypes[0]), list)
    if _is(typ, ct.InetAddressType):
        return ipaddress.ip_address
    if _is(typ, ct.DateType):
        return _read_timestamp
    if _is(typ, ct.SimpleDateType):
        return _read_date
    if _is(typ, ct.TimeType):
        return lambda v: v.nanosecond_time if isinstance(v, cu.Time) else v
    if _is(typ, ct.DurationType):
        return lambda v: CqlDuration(v.months, v.days, v.nanoseconds)
    return None


_ORDERED_MAPS = (cu.OrderedMapSerializedKey, cu.OrderedMap)


def _pairs(v: Any) -> Any:
    """A map value's ``(key, value)`` pairs, in order.

    The driver's ``OrderedMap`` keeps them in a list; its ``items()`` (from ``Mapping``)
    would serialize each key again to look its value up.
    """
    return v._items if type(v) in _ORDERED_MAPS else v.items()


def _hashable_form(typ: Any) -> bool:
    """Whether coodie value form of this driver type is hashable (see ``is_hashable_form``).

    A set of UDTs or of collections crosses the boundary as a list.
    """
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType | ct.MapType | ct.SetType | ct.ListType) or typ.typename == "vector":
        return False
    if _is(typ, ct.TupleType):  # after UserType: a UserType is a TupleType
        return all(_hashable_form(t) for t in typ.subtypes)
    return True


def _each(element: Convert | None, kind: Callable[[Any], Any]) -> Convert:
    if element is None:
        return kind
    convert: Convert = element
    return lambda v: kind(convert(x) for x in v)


def _read_timestamp(v: Any) -> Any:
    """The driver's naive UTC datetime as an aware one (an out-of-range ``int`` as is)."""
    return as_utc(v) if type(v) is _datetime else v


_INLINE: dict[Convert, str] = {
    _read_timestamp: "(_row_epoch_utc + (_v - _row_epoch) if type(_v) is _row_datetime else _v)",
}
"""Converters that :func:`_compile_row` writes out in place of a call (same result).

A 10,000-row read of a timestamp column calls no function per value for it. The
timestamp is moved to UTC by datetime arithmetic, which parses no arguments (the
driver's datetimes have ``fold`` 0, so this equals :func:`as_utc`).
"""
_INLINE_ENV: dict[str, Any] = {
    "_row_epoch": _datetime(1970, 1, 1),
    "_row_epoch_utc": _datetime(1970, 1, 1, tzinfo=_dt.timezone.utc),
    "_row_datetime": _datetime,
}


def _read_date(v: Any) -> Any:
    if isinstance(v, cu.Date):
        try:
            return v.date()
        except ValueError:
            return v.days_from_epoch
    return v


_ROW_CONVERTERS: dict[tuple[Any, ...], RowConversion | None] = {}
"""Conversions by the structure of their columns' types (:func:`_type_key`)."""
_ROW_CONVERTERS_MAX = 512


_BY_CLASSES: dict[tuple[Any, ...], RowConversion | None] = {}
"""Conversions by the driver's type classes themselves, for rows of classes the driver
reuses (native types, a prepared statement's metadata) or whose names do not say their
structure (UDTs, vectors): a repeated read finds its conversion without keying each
column by structure (:func:`_type_key`)."""

_BY_NAMES: dict[tuple[Any, ...], RowConversion | None] = {}
"""Conversions by the columns' ``(__name__, cassname)`` pairs, for rows whose names say
their whole structure (:func:`_named_by_structure`).

Reading result metadata, the driver builds a new class for each parameterized type
(``list<text>``, ``map<text, text>`` ...) of every response, so :data:`_BY_CLASSES`
would miss on such rows and keep every response's classes; their names
(``ListType(VarcharType)``) are read in C, without a Python call per column.
"""

_NAME_AND_KIND = attrgetter("__name__", "cassname")


def row_converter(types: Sequence[Any] | None) -> RowConversion | None:
    """The conversion of whole rows of these driver types (cached), ``None`` if identity."""
    if not types:
        return None
    classes = tuple(types)
    if classes in _BY_CLASSES:  # not [] in a try: a miss would raise and format a KeyError
        return _BY_CLASSES[classes]
    names = tuple(map(_NAME_AND_KIND, classes))
    if names in _BY_NAMES:  # a response's own parameterized classes: not kept
        return _BY_NAMES[names]
    convert = _by_structure(classes)
    if _named_by_structure(names):
        _remember(_BY_NAMES, names, convert)
        if any("(" in name for name, _ in names):
            return convert
    _remember(_BY_CLASSES, classes, convert)  # the driver's own classes, reused
    return convert


def _by_structure(classes: tuple[Any, ...]) -> RowConversion | None:
    key = tuple(map(_type_key, classes))
    if key in _ROW_CONVERTERS:  # as in row_converter: a miss raises no KeyError
        return _ROW_CONVERTERS[key]
    convs = [reader(t) for t in classes]
    convert = _compile_row(convs) if any(convs) else None
    _remember(_ROW_CONVERTERS, key, convert)
    return convert


def _remember(cache: dict[tuple[Any, ...], RowConversion | None], key: Any, convert: Any) -> None:
    if len(cache) >= _ROW_CONVERTERS_MAX:
        cache.clear()
    cache[key] = convert


def _named_by_structure(names: tuple[tuple[str, str], ...]) -> bool:
    """Whether these ``(__name__, cassname)`` pairs determine the columns' types.

    A native type's class is one of its kind, and a collection's or tuple's class name
    spells its element types (``MapType(VarcharType, Int32Type)``). Not so for a UDT (its
    class is named after the type alone, its cassname is ``UserType``, and nested it
    reads ``UserType(Int32Type)`` without field names) nor a vector (``VectorType(3)``
    leaves out its element type): rows with either are keyed by :func:`_type_key`.

    >>> _named_by_structure((("ListType(VarcharType)", "ListType"),))
    True
    >>> _named_by_structure((("address", "UserType"),))
    False
    """
    return not any(
        kind == "UserType" or "UserType(" in name or "VectorType" in name for name, kind in names
    )


def _type_key(typ: Any) -> Any:
    """A hashable key equal for equal driver types.

    The driver builds a new class for a parameterized type (``list<text>``, a UDT,
    ``vector<float, 3>`` ...) each time it reads result metadata, so such types are keyed
    by their structure.
    """
    subtypes = typ.subtypes
    if subtypes:
        return (typ.typename, getattr(typ, "fieldnames", None), tuple(map(_type_key, subtypes)))
    element = getattr(typ, "subtype", None)  # a vector's, its only parameter besides its size
    if element is not None:
        return (typ.typename, typ.vector_size, _type_key(element))
    return typ


def _compile_row(convs: Sequence[Convert | None]) -> RowConversion:
    """One straight-line expression ``row -> tuple``: no per-column loop, zip or generator.

    >>> _compile_row([None, str]).convert((1, 2))
    (1, '2')
    >>> _compile_row([None, str]).convert((1, None))
    (1, None)
    >>> _compile_row([_read_timestamp]).convert((_datetime(2024, 1, 1),))[0].tzinfo
    datetime.timezone.utc
    """
    env: dict[str, Any] = dict(_INLINE_ENV)
    items = []
    for i, conv in enumerate(convs):
        if conv is None:
            items.append(f"row[{i}]")
        elif conv in _INLINE:
            items.append(f"({_INLINE[conv]} if (_v := row[{i}]) is not None else None)")
        else:
            env[f"_row_c{i}"] = conv
            items.append(f"(_row_c{i}(_v) if (_v := row[{i}]) is not None else None)")
    source = "(" + ", ".join(items) + ",)"
    code = dict(env)
    exec(f"def convert(row):\n    return {source}\n", code)  # from column positions only
    return RowConversion(source, env, code["convert"])
