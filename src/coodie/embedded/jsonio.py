"""JSON support: ``toJson()``, ``SELECT JSON`` and ``INSERT ... JSON``.

>>> from coodie.cql.types import NATIVE
>>> to_json(NATIVE["int"], 3)
'3'
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from coodie.cql.types import (
    NATIVE,
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
from coodie.embedded.errors import invalid
from coodie.embedded.results import ColumnSpec


def _duration_text(d: CqlDuration) -> str:
    if d.months == 0 and d.days == 0 and d.nanoseconds == 0:
        return "0s"
    neg = d.months < 0 or d.days < 0 or d.nanoseconds < 0
    months, days, nanos = abs(d.months), abs(d.days), abs(d.nanoseconds)
    out = "-" if neg else ""
    if months // 12:
        out += f"{months // 12}y"
    if months % 12:
        out += f"{months % 12}mo"
    if days:
        out += f"{days}d"
    for unit, size in (
        ("h", 3600 * 10**9),
        ("m", 60 * 10**9),
        ("s", 10**9),
        ("ms", 10**6),
        ("us", 1000),
        ("ns", 1),
    ):
        if nanos >= size:
            out += f"{nanos // size}{unit}"
            nanos %= size
    return out


def _ts_text(ms: int) -> str:
    try:
        d = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)
    except OverflowError:
        return str(ms)
    return d.strftime("%Y-%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def _inet_text(v: Any) -> str:
    if v.version == 6:
        return ":".join(f"{int(v.packed[i : i + 2].hex(), 16):x}" for i in range(0, 16, 2))
    return str(v)


def to_json(t: CqlType, v: Any) -> str:
    """Cassandra's JSON rendering of one value."""
    from coodie.embedded.codec import EMPTY

    if v is None or v is EMPTY:
        return "null"
    if isinstance(t, NativeType):
        n = t.name
        if n in ("text", "varchar", "ascii"):
            return str(json.dumps(v, ensure_ascii=False))
        if n == "blob":
            return '"0x' + str(v.hex()) + '"'
        if n == "boolean":
            return "true" if v else "false"
        if n in ("float", "double"):
            return repr(float(v)) if v == v and abs(v) != float("inf") else json.dumps(str(v))
        if n == "decimal":
            return str(v)
        if n == "timestamp":
            return f'"{_ts_text(v)}"'
        if n == "date":
            try:
                return f'"{(dt.date(1970, 1, 1) + dt.timedelta(days=v)).isoformat()}"'
            except OverflowError:
                return str(v)
        if n == "time":
            s, ns = divmod(v, 10**9)
            return f'"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{ns:09d}"'
        if n == "duration":
            return f'"{_duration_text(v)}"'
        if n in ("uuid", "timeuuid"):
            return f'"{v}"'
        if n == "inet":
            return f'"{_inet_text(v)}"'
        return str(v)
    if isinstance(t, ListType | SetType | VectorType):
        return "[" + ", ".join(to_json(t.element, e) for e in v) + "]"
    if isinstance(t, MapType):
        parts = []
        for k, val in v:
            kj = to_json(t.key, k)
            if not kj.startswith('"'):
                kj = json.dumps(kj)
            parts.append(f"{kj}: {to_json(t.value, val)}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(t, TupleType):
        return "[" + ", ".join(to_json(et, e) for et, e in zip(t.elements, v, strict=False)) + "]"
    assert isinstance(t, UserDefinedType)
    items = [
        f'"{n}": {to_json(ft, v[i] if i < len(v) else None)}' for i, (n, ft) in enumerate(t.fields)
    ]
    return "{" + ", ".join(items) + "}"


def json_rows(
    ks: str, table: str, cols: tuple[ColumnSpec, ...], rows: list[tuple[Any, ...]]
) -> tuple[tuple[ColumnSpec, ...], list[tuple[Any, ...]]]:
    """Turn result rows into single ``[json]`` text cells."""
    out = []
    for r in rows:
        items = []
        for c, v in zip(cols, r, strict=True):
            name = c.name if c.name == c.name.lower() else f'\\"{c.name}\\"'
            items.append(f'"{name}": {to_json(c.type, v)}')
        out.append(("{" + ", ".join(items) + "}",))
    return (ColumnSpec(ks, table, "[json]", NATIVE["text"]),), out


def from_json(t: CqlType, v: Any, name: str) -> Any:
    """A parsed JSON value → internal value of type ``t``."""
    from coodie.embedded import lexer as lx
    from coodie.embedded.literals import parse_native
    from coodie.embedded.terms import normalize_map, normalize_set

    if v is None:
        return None
    if isinstance(t, NativeType):
        n = t.name
        if n in ("text", "varchar", "ascii"):
            if not isinstance(v, str):
                raise invalid(
                    f"Error decoding JSON value for {name}: Expected a UTF-8 string, "
                    f"but got a {type(v).__name__}: {v}"
                )
            return v
        if n == "blob":
            return bytes.fromhex(v[2:])
        if isinstance(v, str):
            kind = lx.STRING
            if n in ("tinyint", "smallint", "int", "bigint", "varint", "counter"):
                kind = lx.INT
            elif n in ("float", "double", "decimal"):
                kind = lx.FLOAT
            return parse_native(n, kind, v)
        if isinstance(v, bool):
            return v
        if n in ("float", "double"):
            return float(v)
        if n == "decimal":
            from decimal import Decimal

            return Decimal(str(v))
        return parse_native(n, lx.INT, str(v))
    if isinstance(t, VectorType):
        return _vector_from_json(t, v, name)
    if isinstance(t, ListType):
        return tuple(from_json(t.element, e, name) for e in v)
    if isinstance(t, SetType):
        return normalize_set(t, [from_json(t.element, e, name) for e in v])
    if isinstance(t, MapType):
        textual = isinstance(t.key, NativeType) and t.key.name in ("text", "ascii", "varchar")
        pairs = [
            (from_json(t.key, k if textual else json.loads(k), name), from_json(t.value, val, name))
            for k, val in v.items()
        ]
        return normalize_map(t, pairs)
    if isinstance(t, TupleType):
        return tuple(from_json(et, e, name) for et, e in zip(t.elements, v, strict=False))
    assert isinstance(t, UserDefinedType)
    return tuple(from_json(ft, v.get(n), name) for n, ft in t.fields)


_JAVA_CLASS = {bool: "Boolean", int: "Integer", float: "Double", dict: "LinkedHashMap"}


def _vector_from_json(t: VectorType, v: Any, name: str) -> tuple[Any, ...]:
    """A JSON list (or a string holding one) as a vector, refused as Cassandra 5.0 does."""
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError as exc:
            raise invalid(f"Error decoding JSON value for {name}: {exc}") from None
    if not isinstance(v, list):
        kind = _JAVA_CLASS.get(type(v), type(v).__name__)
        raise invalid(
            f"Error decoding JSON value for {name}: Expected a list, but got a {kind}: {v}"
        )
    if len(v) != t.dimensions:
        raise invalid(
            f"Error decoding JSON value for {name}: List had incorrect size: expected "
            f"{t.dimensions} but given {len(v)}; {v}"
        )
    if any(e is None for e in v):
        raise invalid(f"Error decoding JSON value for {name}: Invalid null element in list")
    return tuple(from_json(t.element, e, name) for e in v)


def insert_json_values(table: Any, st: Any, ctx: Any) -> tuple[list[str], list[Any]]:
    """Column names and values of an ``INSERT ... JSON`` statement."""
    from coodie.embedded.terms import UNSET, evaluate

    text = evaluate(st.json, NATIVE["text"], "[json]", ctx)
    if text is None or text is UNSET:
        raise invalid("Got null for INSERT JSON values")
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise invalid(f"Could not decode JSON string as a map: {exc}") from None
    names, values = [], []
    given = {(k[1:-1] if k.startswith('"') else k.lower()): v for k, v in doc.items()}
    for k in given:
        table.column(k)
    for col in table.columns.values():
        if col.name in given:
            names.append(col.name)
            try:
                values.append(from_json(col.type, given[col.name], col.name))
            except (ValueError, TypeError, AttributeError, ArithmeticError, KeyError) as exc:
                raise invalid(f"Error decoding JSON value for {col.name}: {exc}") from None
        elif not col.is_primary:
            names.append(col.name)
            values.append(UNSET if st.json_default_unset else None)
    return names, values
