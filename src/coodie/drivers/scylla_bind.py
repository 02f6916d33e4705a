"""Binding values to a prepared statement of the ``cassandra`` package, in one generated call.

The driver's ``BoundStatement.bind`` serializes each value through a generic loop (a
column-description tuple, an encryption-policy check and a type dispatch per value): about
1 µs per column on top of the serialization itself. :func:`binder` writes one function per
prepared statement that serializes every column inline, with the very functions and
formulas the driver's types use (``struct`` packers, ``str.encode``, ``UUID.bytes``), and
hands the driver a ``BoundStatement`` holding those bytes, exactly what ``bind`` would
have made.

Only values the generated code knows are serialized by it; a column of another type calls
its driver type's own ``serialize``. Whatever the fast path does not take on (``UNSET_VALUE``,
a short or long parameter list, a value of the wrong type, any error) goes to the driver's
``bind``, so errors and edge cases are the driver's own. Each inline formula is checked
against the installed driver once, at import: a driver that serializes a type differently
keeps serializing it itself (:data:`INLINE_TYPES`).

>>> from cassandra import cqltypes as ct
>>> from uuid import UUID
>>> ct.UUIDType in INLINE_TYPES and ct.Int32Type in INLINE_TYPES
True
>>> value_source(ct.Int32Type, "v")
'_i32(v)'
"""

from __future__ import annotations

import datetime as _dt
import struct
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from cassandra import cqltypes as ct  # isort: skip
from cassandra.query import UNSET_VALUE, BoundStatement  # isort: skip

Convert = Callable[[Any], Any]
Bind = Callable[[Sequence[Any]], Any]
"""Parameters → the driver's ``BoundStatement``."""

_datetime = _dt.datetime
_EPOCH = _datetime(1970, 1, 1)
_EPOCH_UTC = _datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_date_serialize = ct.DateType.serialize
_pack_i64 = struct.Struct(">q").pack


def _timestamp(v: Any) -> bytes:
    """A ``timestamp`` value: milliseconds since the epoch, as the driver computes them
    (whole seconds of the UTC time, plus its microseconds // 1000), by datetime arithmetic
    instead of ``calendar.timegm(v.utctimetuple())``. One difference: an aware time whose UTC
    instant falls before year 1, where ``utctimetuple`` overflows, still gets its value."""
    if type(v) is not _datetime:
        driver_bytes: bytes = _date_serialize(v, 4)
        return driver_bytes
    d = v - (_EPOCH if v.tzinfo is None else _EPOCH_UTC)
    return _pack_i64((d.days * 86400 + d.seconds) * 1000 + v.microsecond // 1000)


_ENV: dict[str, Any] = {
    "_i8": struct.Struct(">b").pack,
    "_i16": struct.Struct(">h").pack,
    "_i32": struct.Struct(">i").pack,
    "_i64": _pack_i64,
    "_f32": struct.Struct(">f").pack,
    "_f64": struct.Struct(">d").pack,
    "_ts": _timestamp,
    "_NULL": struct.Struct(">i").pack(-1),
    "_SEQS": (list, tuple, set, frozenset),
    "_UNSET": UNSET_VALUE,
    "_Bound": BoundStatement,
}
"""Names the generated code uses."""

_CANDIDATES: dict[Any, tuple[str, tuple[Any, ...]]] = {
    ct.UUIDType: ("{v}.bytes", (uuid.uuid4(), uuid.UUID(int=0))),
    ct.TimeUUIDType: ("{v}.bytes", (uuid.uuid1(),)),
    ct.UTF8Type: ("{v}.encode()", ("", "héllo ✓")),
    ct.VarcharType: ("{v}.encode()", ("", "héllo ✓")),
    ct.AsciiType: ("{v}.encode('ascii')", ("", "plain")),
    ct.Int32Type: ("_i32({v})", (0, -1, 2**31 - 1, True)),
    ct.LongType: ("_i64({v})", (0, -(2**63), 2**63 - 1)),
    ct.CounterColumnType: ("_i64({v})", (0, 5, -7)),
    ct.ShortType: ("_i16({v})", (0, -(2**15), 2**15 - 1)),
    ct.ByteType: ("_i8({v})", (0, -128, 127)),
    ct.FloatType: ("_f32({v})", (0.0, 1.5, -3.25e38, 764.01)),
    ct.DoubleType: ("_f64({v})", (0.0, 0.1, -1e308)),
    ct.BooleanType: ("_i8({v})", (True, False)),
    ct.DateType: (
        "_ts({v})",
        (
            _datetime(2024, 1, 13, 16, 18, 33, 148999),
            _datetime(1969, 12, 31, 23, 59, 59, 500000),
            _datetime(2024, 1, 1, tzinfo=_dt.timezone(_dt.timedelta(hours=5, minutes=30))),
            _datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=_dt.timezone.utc),
            _datetime(1, 1, 1, 0, 0, 0, 1),
            _dt.date(2024, 2, 29),
            1_700_000_000_123,
        ),
    ),
}
"""Driver type → (inline formula, sample values it must serialize as the driver does)."""


def _agrees(typ: Any, formula: str, samples: tuple[Any, ...]) -> bool:
    """Whether ``formula`` gives the driver's own bytes for every sample."""
    check = eval(f"lambda v: {formula.format(v='v')}", dict(_ENV))  # a formula of this module
    try:
        return all(check(s) == typ.serialize(s, 4) for s in samples)
    except Exception:
        return False


INLINE_TYPES: dict[Any, str] = {
    typ: formula
    for typ, (formula, samples) in _CANDIDATES.items()
    if _agrees(typ, formula, samples)
}
"""Driver types serialized inline, with their formula (``{v}``: the value)."""


def value_source(typ: Any, v: str) -> str | None:
    """The inline expression serializing non-null ``v`` of driver type ``typ``, or ``None``."""
    formula = INLINE_TYPES.get(typ)
    return None if formula is None else formula.format(v=v)


def _element(x: str, expr: str) -> str:
    """Loop-body lines appending element ``x`` to ``out``: its length and bytes, or -1."""
    return (
        f"        if {x} is None:\n"
        "            out.append(_NULL)\n"
        "        else:\n"
        f"            _b = {expr}\n"
        "            out.append(_i32(len(_b)))\n"
        "            out.append(_b)\n"
    )


def _collection_source(typ: Any, name: str) -> str | None:
    """A function ``name`` serializing a list/set/map of inline-serializable elements the
    way ``_CollectionType.serialize_safe`` / ``MapType.serialize_safe`` do, or ``None``."""
    found = [value_source(t, f"_x{i}") for i, t in enumerate(typ.subtypes)]
    subs = [s for s in found if s is not None]
    if not subs or len(subs) != len(found):
        return None
    if issubclass(typ, ct.MapType):
        key, value = subs
        return (
            f"def {name}(m):\n"
            "    out = [_i32(len(m))]\n"
            "    for _x0, _x1 in m.items():\n"
            f"{_element('_x0', key)}{_element('_x1', value)}"
            "    return b''.join(out)\n"
        )
    if issubclass(typ, ct.ListType | ct.SetType) and len(subs) == 1:
        return (
            f"def {name}(s):\n"
            "    out = [_i32(len(s))]\n"
            "    for _x0 in s:\n"
            f"{_element('_x0', subs[0])}"
            "    return b''.join(out)\n"
        )
    return None


def _column_source(i: int, typ: Any, conv: Convert | None, env: dict[str, Any]) -> tuple[str, str]:
    """(helper definitions, expression) serializing parameter ``a{i}``, non-null."""
    a = f"a{i}"
    env[f"_ser{i}"] = typ.serialize
    if conv is not None:  # a value coodie converts first: the driver type serializes it
        env[f"_conv{i}"] = conv
        return "", _driver_serialize(i, f"_conv{i}({a})")
    inline = value_source(typ, a)
    if inline is not None:
        return "", inline
    helper = _collection_source(typ, f"_coll{i}")
    if helper is None:
        return "", _driver_serialize(i, a)
    check = f"type({a}) is dict" if issubclass(typ, ct.MapType) else f"type({a}) in _SEQS"
    return helper, f"(_coll{i}({a}) if {check} else {_driver_serialize(i, a)})"


def _driver_serialize(i: int, value: str) -> str:
    """The driver type's own ``serialize`` of column ``i`` (``UNSET_VALUE`` left to ``bind``)."""
    return f"(_ser{i}({value}, _proto) if a{i} is not _UNSET else _unset())"


def _unset() -> Any:
    raise ValueError("UNSET_VALUE is bound by the driver")


def binder(prepared: Any, convs: Sequence[Convert | None] | None, fallback: Bind) -> Bind:
    """One function binding parameters to ``prepared`` (the driver's statement).

    ``convs``: coodie's per-column value converters (or ``None``); ``fallback`` binds
    anything the generated code does not (it applies ``convs`` and calls the driver's
    ``bind``). A statement with column encryption or an old protocol binds through
    ``fallback`` only.
    """
    meta = prepared.column_metadata or ()
    encrypted = getattr(prepared, "column_encryption_policy", None) is not None
    if encrypted or prepared.protocol_version < 4 or not meta:
        return fallback
    env: dict[str, Any] = dict(_ENV)
    env.update({"_prepared": prepared, "_fallback": fallback, "_unset": _unset})
    env["_proto"] = prepared.protocol_version
    helpers, items = [], []
    for i, col in enumerate(meta):
        helper, expr = _column_source(i, col.type, convs[i] if convs else None, env)
        helpers.append(helper)
        items.append(f"None if a{i} is None else {expr}")
    names = ", ".join(f"a{i}" for i in range(len(meta)))
    source = "".join(helpers) + (
        "def bind(params):\n"
        "    if type(params) is not tuple and type(params) is not list:\n"
        "        return _fallback(params)\n"
        "    try:\n"
        f"        {names}, = params\n"
        f"        values = [{', '.join(items)}]\n"
        "    except Exception:\n"
        "        return _fallback(params)\n"
        "    bound = _Bound(_prepared)\n"
        "    bound.raw_values = params\n"
        "    bound.values = values\n"
        "    return bound\n"
    )
    exec(source, env)  # built from column positions and this module's formulas only
    bind: Bind = env["bind"]
    return bind
