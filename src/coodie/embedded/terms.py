"""Evaluating terms (literals, markers, collection literals, functions) to internal values.

>>> from coodie.cql.types import NATIVE, ListType
>>> from coodie.embedded.lexer import TokenKind
>>> from coodie.embedded.nodes import Const, ListLit
>>> evaluate(ListLit((Const(TokenKind.INT, "1"),)), ListType(NATIVE["int"]), "l", EvalContext([]))
(1,)
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import struct
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

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
from coodie.embedded import lexer as lx
from coodie.embedded.codec import EMPTY, deserialize, is_string_type
from coodie.embedded.errors import invalid
from coodie.embedded.literals import (
    INT_RANGES,
    coerce_const,
    days_to_date,
    ms_to_datetime,
    type_name,
)
from coodie.embedded.nodes import (
    Const,
    FuncTerm,
    ListLit,
    MapLit,
    Marker,
    Null,
    SetLit,
    TupleLit,
    UdtLit,
)
from coodie.embedded.ordering import key_function


class _Unset:
    """The protocol's UNSET value: leaves a column untouched."""

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET = _Unset()
"""Bind this to leave a marker unset (protocol v4 ``unset``)."""


@attrs.frozen(slots=True)
class RawValue:
    """Already-serialized protocol bytes for a bound value.

    >>> RawValue(b"\\x00\\x00\\x00\\x01").data
    b'\\x00\\x00\\x00\\x01'
    """

    data: bytes


class EvalContext:
    """Bound values and per-statement constants (the statement's ``now``)."""

    __slots__ = ("_now_uuid", "now_ms", "params")

    def __init__(self, params: Sequence[Any], now_ms: int | None = None) -> None:
        self.params = params
        self.now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
        self._now_uuid: uuid.UUID | None = None


def _element_text(term: Any) -> str:
    if isinstance(term, Const):
        return f"'{term.text}'" if term.kind == lx.STRING else term.text
    return str(term)


def evaluate(term: Any, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    """Evaluate ``term`` as a value of type ``t`` (``None`` = null, may return UNSET)."""
    if isinstance(term, Const):
        if isinstance(t, NativeType):
            return coerce_const(t, term, receiver)
        raise invalid(
            f"Invalid {'STRING' if term.kind == lx.STRING else term.kind.value.upper()} constant "
            f'({term.text}) for "{receiver}" of type {type_name(t)}'
        )
    if isinstance(term, Marker):
        return bind_param(t, ctx.params[term.index], receiver)
    if isinstance(term, Null):
        return None
    if isinstance(term, FuncTerm):
        from coodie.embedded.functions import call_term_function

        return call_term_function(term, t, receiver, ctx)
    literal = _LITERALS.get(type(term))
    if literal is None:
        raise invalid(f"Invalid value for {receiver}")
    return literal(term, t, receiver, ctx)


def _list_literal(term: ListLit, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    if isinstance(t, VectorType) and len(term.items) != t.dimensions:
        raise invalid(
            f"Invalid vector literal for {receiver} of type {type_name(t)}; expected "
            f"{t.dimensions} elements, but given {len(term.items)}"
        )
    if isinstance(t, ListType | VectorType):
        return tuple(_elem(e, t.element, receiver, "list", ctx) for e in term.items)
    raise invalid(f"Invalid list literal for {receiver} of type {type_name(t)}")


def _set_literal(term: SetLit, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    if isinstance(t, SetType):
        vals = [_elem(e, t.element, receiver, "set", ctx) for e in term.items]
        return normalize_set(t, vals)
    if isinstance(t, MapType) and not term.items:
        return ()
    raise invalid(f"Invalid set literal for {receiver} of type {type_name(t)}")


def _map_literal(term: MapLit, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    if not isinstance(t, MapType):
        raise invalid(f"Invalid map literal for {receiver} of type {type_name(t)}")
    pairs = [
        (_elem(k, t.key, receiver, "map", ctx), _elem(v, t.value, receiver, "map", ctx))
        for k, v in term.pairs
    ]
    return normalize_map(t, pairs)


def _tuple_literal(term: TupleLit, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    if not isinstance(t, TupleType):
        raise invalid(f"Invalid tuple literal for {receiver} of type {type_name(t)}")
    if len(term.items) > len(t.elements):
        raise invalid(
            f"Invalid tuple literal for {receiver}: too many elements. Type "
            f"{type_name(t)} expects {len(t.elements)} but got {len(term.items)}"
        )
    return tuple(
        evaluate(e, et, receiver, ctx) for e, et in zip(term.items, t.elements, strict=False)
    )


def _udt_literal(term: UdtLit, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    if not isinstance(t, UserDefinedType):
        raise invalid(f"Invalid user type literal for {receiver} of type {type_name(t)}")
    names = [n for n, _ in t.fields]
    given = dict(term.fields)
    for n in given:
        if n not in names:
            raise invalid(f"Unknown field '{n}' in value of user defined type {t.name}")
    return tuple(
        evaluate(given[n], ft, f"{receiver}.{n}", ctx) if n in given else None for n, ft in t.fields
    )


_LITERALS: dict[type, Callable[[Any, CqlType, str, EvalContext], Any]] = {
    ListLit: _list_literal,
    SetLit: _set_literal,
    MapLit: _map_literal,
    TupleLit: _tuple_literal,
    UdtLit: _udt_literal,
}
"""Collection, tuple and user type literals: their evaluation by node type."""


def _elem(term: Any, t: CqlType, receiver: str, kind: str, ctx: EvalContext) -> Any:
    if isinstance(term, Null):
        raise invalid("null is not supported inside collections")
    if isinstance(term, Const) and isinstance(t, NativeType):
        try:
            v = coerce_const(t, term, receiver)
        except Exception as exc:
            if "constant" in str(exc):
                raise invalid(
                    f"Invalid {kind} literal for {receiver}: value {_element_text(term)} "
                    f"is not of type {type_name(t)}"
                ) from None
            raise
    else:
        v = evaluate(term, t, receiver, ctx)
    if v is None:
        raise invalid("null is not supported inside collections")
    if v is UNSET:
        raise invalid("unset value is not supported inside collections")
    return v


def normalize_set(t: SetType, vals: Sequence[Any]) -> tuple[Any, ...]:
    """Sort and de-duplicate set elements in the type's order."""
    k = key_function(t.element)
    uniq: dict[Any, Any] = {}
    for v in vals:
        uniq[k(v)] = v
    return tuple(uniq[x] for x in sorted(uniq))


def normalize_map(t: MapType, pairs: Sequence[tuple[Any, Any]]) -> tuple[tuple[Any, Any], ...]:
    """Sort map entries by key (last duplicate wins)."""
    k = key_function(t.key)
    uniq: dict[Any, tuple[Any, Any]] = {}
    for a, b in pairs:
        uniq[k(a)] = (a, b)
    return tuple(uniq[x] for x in sorted(uniq))


# ---------------------------------------------------------------- bound params


def bind_param(t: CqlType, v: Any, receiver: str) -> Any:
    """Convert one bound value (coodie value form, RawValue or UNSET) to internal form."""
    if v is None or v is UNSET:
        return v
    if isinstance(v, RawValue):
        if not v.data and isinstance(t, NativeType) and not is_string_type(t):
            return EMPTY
        try:
            value = deserialize(t, v.data)
        except (struct.error, ArithmeticError, ValueError, IndexError) as exc:
            raise invalid(f"Invalid bytes for {receiver} of type {type_name(t)}: {exc}") from None
        if isinstance(t, SetType):
            return normalize_set(t, value)
        if isinstance(t, MapType) and not t.frozen:
            return normalize_map(t, value)
        return value
    try:
        return from_py(t, v)
    except (TypeError, ValueError, AttributeError, OverflowError, struct.error) as exc:
        raise invalid(f"Invalid value for {receiver} of type {type_name(t)}: {exc}") from None


def check_vector_size(t: VectorType, given: int) -> None:
    """Refuse a bound vector of the wrong size, with the server's (byte-level) message.

    >>> from coodie.cql.types import NATIVE
    >>> check_vector_size(VectorType(NATIVE["float"], 3), 4)
    Traceback (most recent call last):
    coodie.exceptions.InvalidRequest: Unexpected 4 extraneous bytes after vector<float, 3> value
    """
    if given < t.dimensions:
        raise invalid(f"Not enough bytes to read a {type_name(t)}")
    if given > t.dimensions:
        from coodie.embedded.codec import fixed_width

        extra = (given - t.dimensions) * (fixed_width(t.element) or 1)
        raise invalid(f"Unexpected {extra} extraneous bytes after {type_name(t)} value")


def from_py(t: CqlType, v: Any, top: bool = True) -> Any:
    """Coodie value form → internal value, validating ranges like the server.

    Like Cassandra, only a top-level set (and a non-frozen map) is re-sorted; values
    nested in lists, tuples, UDTs and frozen maps keep the order they were bound in.
    """
    if v is EMPTY:
        return v
    if isinstance(t, NativeType):
        return _native_from_py(t.name, v)
    if isinstance(t, VectorType):
        check_vector_size(t, len(v))
    if isinstance(t, ListType | VectorType):
        return tuple(_nn(from_py(t.element, e, False)) for e in v)
    if isinstance(t, SetType):
        elems = [_nn(from_py(t.element, e, False)) for e in v]
        return normalize_set(t, elems) if top else tuple(elems)
    if isinstance(t, MapType):
        items = v.items() if isinstance(v, Mapping) else v
        pairs = [(_nn(from_py(t.key, a, False)), _nn(from_py(t.value, b, False))) for a, b in items]
        return normalize_map(t, pairs) if top and not t.frozen else tuple(pairs)
    if isinstance(t, TupleType):
        return tuple(
            None if e is None else from_py(et, e, False)
            for et, e in zip(t.elements, v, strict=False)
        )
    if isinstance(v, Mapping):
        return tuple(None if v.get(n) is None else from_py(ft, v[n], False) for n, ft in t.fields)
    if isinstance(v, tuple):
        return tuple(
            None if e is None else from_py(ft, e, False)
            for (_, ft), e in zip(t.fields, v, strict=False)
        )
    return tuple(
        None if getattr(v, n, None) is None else from_py(ft, getattr(v, n), False)
        for n, ft in t.fields
    )


def _nn(v: Any) -> Any:
    if v is None:
        raise invalid("null is not supported inside collections")
    return v


def _native_from_py(name: str, v: Any) -> Any:
    convert = _FROM_PY.get(name)
    if convert is None:
        raise TypeError(f"unsupported type {name}")
    return convert(name, v)


def _int_from_py(name: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError(f"expected int, got {type(v).__name__}")
    bits, _jname = INT_RANGES[name]
    if not -(1 << (bits - 1)) <= v < (1 << (bits - 1)):
        raise invalid(f"Expected {bits // 8} or 0 byte {name} (value {v} out of range)")
    return v


def _varint_from_py(name: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError(f"expected int, got {type(v).__name__}")
    return v


def _text_from_py(name: str, v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"expected str, got {type(v).__name__}")
    if name == "ascii" and not v.isascii():
        b = next(ord(c) for c in v if ord(c) > 127)
        raise invalid(f"Invalid byte for ascii: {b - 256 if b < 256 else -61}")
    return v


def _blob_from_py(name: str, v: Any) -> bytes:
    if not isinstance(v, bytes | bytearray | memoryview):
        raise TypeError(f"expected bytes, got {type(v).__name__}")
    return bytes(v)


def _float_from_py(name: str, v: Any) -> float:
    """A 32-bit float: rounded as the column stores it."""
    value: float = struct.unpack(">f", struct.pack(">f", float(v)))[0]
    return value


def _decimal_from_py(name: str, v: Any) -> Decimal:
    d = v if isinstance(v, Decimal) else Decimal(str(v))
    return d.copy_abs() if d.is_zero() else d


def _uuid_from_py(name: str, v: Any) -> uuid.UUID:
    u = v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))
    if name == "timeuuid" and u.version != 1:
        raise invalid("Invalid version for TimeUUID type.")
    return u


def _timestamp_from_py(name: str, v: Any) -> int:
    """Milliseconds since the epoch (a naive datetime is UTC)."""
    if isinstance(v, dt.datetime):
        moment: dt.datetime = v if v.tzinfo is not None else v.replace(tzinfo=dt.timezone.utc)
        delta = moment - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days * 86_400_000
    if isinstance(v, int | float) and not isinstance(v, bool):
        return int(v)
    raise TypeError(f"expected datetime, got {type(v).__name__}")


def _date_from_py(name: str, v: Any) -> int:
    """Days since the epoch."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise TypeError(f"expected date, got {type(v).__name__}")


def _time_from_py(name: str, v: Any) -> int:
    """Nanoseconds since midnight."""
    if isinstance(v, dt.time):
        return ((v.hour * 60 + v.minute) * 60 + v.second) * 10**9 + v.microsecond * 1000
    if isinstance(v, int) and not isinstance(v, bool):
        if not 0 <= v < 86_400 * 10**9:
            raise invalid("Time value must be between 0 and 86399999999999")
        return v
    raise TypeError(f"expected int nanoseconds, got {type(v).__name__}")


def _duration_from_py(name: str, v: Any) -> CqlDuration:
    if isinstance(v, CqlDuration):
        return v
    if isinstance(v, dt.timedelta):
        return CqlDuration.from_timedelta(v)
    raise TypeError(f"expected CqlDuration, got {type(v).__name__}")


def _inet_from_py(name: str, v: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(v, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return v
    return ipaddress.ip_address(v)


_FROM_PY: dict[str, Callable[[str, Any], Any]] = {
    **dict.fromkeys(INT_RANGES, _int_from_py),
    "varint": _varint_from_py,
    "text": _text_from_py,
    "varchar": _text_from_py,
    "ascii": _text_from_py,
    "blob": _blob_from_py,
    "boolean": lambda name, v: bool(v),
    "double": lambda name, v: float(v),
    "float": _float_from_py,
    "decimal": _decimal_from_py,
    "uuid": _uuid_from_py,
    "timeuuid": _uuid_from_py,
    "timestamp": _timestamp_from_py,
    "date": _date_from_py,
    "time": _time_from_py,
    "duration": _duration_from_py,
    "inet": _inet_from_py,
}
"""How a Python value (a bound parameter, already decoded) becomes each native type's value."""


# ---------------------------------------------------------------- output


def _hashable(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_hashable(e) for e in v)
    if isinstance(v, set):
        return frozenset(v)
    if isinstance(v, dict):
        return tuple((k, _hashable(e)) for k, e in v.items())
    return v


def to_py(t: CqlType, v: Any) -> Any:
    """Internal value → coodie value form."""
    if v is None or v is EMPTY:
        return v
    if isinstance(t, NativeType):
        n = t.name
        if n == "timestamp":
            return ms_to_datetime(v)
        if n == "date":
            return days_to_date(v)
        return v
    if isinstance(t, ListType | VectorType):
        return [to_py(t.element, e) for e in v]
    if isinstance(t, SetType):
        if is_hashable_form(t.element):
            return {to_py(t.element, e) for e in v}
        return [to_py(t.element, e) for e in v]
    if isinstance(t, MapType):
        return {_hashable(to_py(t.key, a)): to_py(t.value, b) for a, b in v}
    if isinstance(t, TupleType):
        vals = [to_py(et, e) for et, e in zip(t.elements, v, strict=False)]
        vals += [None] * (len(t.elements) - len(vals))
        return tuple(vals)
    out = {}
    for i, (n, ft) in enumerate(t.fields):
        out[n] = to_py(ft, v[i]) if i < len(v) else None
    return out
