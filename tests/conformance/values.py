"""Decoding the corpus' JSON values and matching them against results.

Results are compared in server order: sets and maps must be given as ordered
sequences (the embedded target uses the engine's ``raw_rows``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import uuid
from decimal import Decimal
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
from coodie.embedded import EMPTY, UNSET, RawValue

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def decode_param(v: Any) -> Any:
    """Corpus param JSON → coodie value form (or UNSET / RawValue)."""
    if isinstance(v, list):
        return [decode_param(x) for x in v]
    if not isinstance(v, dict):
        return v
    ((tag, x),) = v.items() if len(v) == 1 else (next(iter(v.items())),)
    if tag == "unset":
        return UNSET
    if tag == "raw_hex":
        return RawValue(bytes.fromhex(x))
    if tag == "empty":
        return RawValue(b"")
    if tag == "float":
        return float(x)
    if tag == "decimal":
        return Decimal(x)
    if tag == "blob_hex":
        return bytes.fromhex(x)
    if tag == "inet":
        return ipaddress.ip_address(x)
    if tag == "uuid":
        return uuid.UUID(x)
    if tag == "timestamp_ms":
        return _EPOCH + dt.timedelta(milliseconds=x)
    if tag == "date_days":
        return dt.date(1970, 1, 1) + dt.timedelta(days=x)
    if tag == "time_ns":
        return x
    if tag == "duration":
        return CqlDuration(*x)
    if tag == "list":
        return [decode_param(e) for e in x]
    if tag == "set":
        return [decode_param(e) for e in x]
    if tag == "map":
        return {_hashable(decode_param(k)): decode_param(e) for k, e in x}
    if tag == "tuple":
        return tuple(decode_param(e) for e in x)
    if tag == "udt":
        return {k: decode_param(e) for k, e in x.items()}
    raise ValueError(f"unknown value tag {tag}")


def _hashable(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_hashable(e) for e in v)
    if isinstance(v, dict):
        return tuple((k, _hashable(e)) for k, e in v.items())
    return v


def type_name(t: CqlType) -> str:
    """Render a type like the driver does in result metadata (no frozen)."""
    if isinstance(t, NativeType):
        return t.name
    if isinstance(t, ListType):
        return f"list<{type_name(t.element)}>"
    if isinstance(t, SetType):
        return f"set<{type_name(t.element)}>"
    if isinstance(t, MapType):
        return f"map<{type_name(t.key)}, {type_name(t.value)}>"
    if isinstance(t, TupleType):
        return "tuple<" + ", ".join(type_name(e) for e in t.elements) + ">"
    if isinstance(t, UserDefinedType):
        return f"{t.keyspace}.{t.name}"
    if isinstance(t, VectorType):
        return f"vector<{type_name(t.element)}, {t.dimensions}>"
    return str(t)


def _ms(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=dt.timezone.utc)
        d = v - _EPOCH
        return (d.days * 86400 + d.seconds) * 1000 + d.microseconds // 1000
    return v


def _days(v: Any) -> Any:
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    return v


def matches(exp: Any, act: Any, t: CqlType) -> bool:
    """Whether actual value ``act`` of type ``t`` matches expected JSON ``exp``."""
    if exp is None:
        return act is None
    if isinstance(exp, bool):
        return act is exp or (isinstance(act, bool) and act == exp)
    if isinstance(exp, int):
        return isinstance(act, int) and not isinstance(act, bool) and act == exp
    if isinstance(exp, str):
        return isinstance(act, str) and act == exp
    (tag, x), *_ = exp.items()
    if tag == "empty":
        return act is EMPTY or act == b""
    if act is None:
        return False
    if tag == "float":
        e = float(x)
        if math.isnan(e):
            return isinstance(act, float) and math.isnan(act)
        return isinstance(act, float) and act == e and math.copysign(1, act) == math.copysign(1, e)
    if tag == "decimal":
        return isinstance(act, Decimal) and act.as_tuple() == Decimal(x).as_tuple()
    if tag == "blob_hex":
        return isinstance(act, bytes) and act.hex() == x
    if tag == "inet":
        return ipaddress.ip_address(act) == ipaddress.ip_address(x)
    if tag == "uuid":
        return str(act) == x
    if tag == "any_uuid":
        return isinstance(act, uuid.UUID)
    if tag == "any_timeuuid":
        return isinstance(act, uuid.UUID) and act.version == 1
    if tag == "timestamp_ms":
        return _ms(act) == x
    if tag == "any_timestamp_ms_between":
        return x[0] <= _ms(act) <= x[1]
    if tag == "any_int_between":
        return isinstance(act, int) and x[0] <= act <= x[1]
    if tag == "date_days":
        return _days(act) == x
    if tag == "time_ns":
        return act == x
    if tag == "duration":
        return (act.months, act.days, act.nanoseconds) == tuple(x)
    if tag in ("list", "set"):
        et = t.element if isinstance(t, ListType | SetType | VectorType) else t
        items = list(act)
        return len(items) == len(x) and all(
            matches(e, a, et) for e, a in zip(x, items, strict=True)
        )  # type: ignore[arg-type]
    if tag == "map":
        assert isinstance(t, MapType)
        pairs = list(act.items()) if isinstance(act, dict) else list(act)
        return len(pairs) == len(x) and all(
            matches(ek, ak, t.key) and matches(ev, av, t.value)
            for (ek, ev), (ak, av) in zip(x, pairs, strict=True)
        )
    if tag == "tuple":
        assert isinstance(t, TupleType)
        items = list(act) + [None] * (len(t.elements) - len(act))
        return all(matches(e, a, et) for e, a, et in zip(x, items, t.elements, strict=False))
    if tag == "udt":
        assert isinstance(t, UserDefinedType)
        vals = list(act.values()) if isinstance(act, dict) else list(act)
        vals += [None] * (len(t.fields) - len(vals))
        return all(matches(x.get(n), a, ft) for (n, ft), a in zip(t.fields, vals, strict=False))
    if tag == "any_timestamp_ms":
        return True
    raise ValueError(f"unknown expected tag {tag}")
