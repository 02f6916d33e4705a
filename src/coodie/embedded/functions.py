"""Native CQL scalar functions (now, uuid, toTimestamp, xAsBlob, ...).

>>> scalar_function("totimestamp", [NATIVE["date"]])[0]
NativeType(name='timestamp', frozen=False)
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE, CqlType, NativeType
from coodie.embedded.codec import deserialize, serialize
from coodie.embedded.errors import invalid
from coodie.embedded.lexer import TokenKind
from coodie.embedded.nodes import Const, FuncTerm

if TYPE_CHECKING:
    from coodie.embedded.terms import EvalContext

_UUID_EPOCH_OFFSET = 0x01B21DD213814000  # 100ns intervals between 1582-10-15 and 1970-01-01
_clock_lock = threading.Lock()
_last_ts = [0]
_NODE = random.getrandbits(48) | 0x010000000000
_CLOCK_SEQ = random.getrandbits(14)


def make_timeuuid(ms: int | None = None, *, lsb: int | None = None) -> uuid.UUID:
    """A version-1 uuid; unique and increasing within the process when ``ms`` is None."""
    if ms is None:
        with _clock_lock:
            ts = time.time_ns() // 100 + _UUID_EPOCH_OFFSET
            if ts <= _last_ts[0]:
                ts = _last_ts[0] + 1
            _last_ts[0] = ts
    else:
        ts = ms * 10_000 + _UUID_EPOCH_OFFSET + (9999 if lsb == _MAX_LSB else 0)
    time_low = ts & 0xFFFFFFFF
    time_mid = (ts >> 32) & 0xFFFF
    time_hi = (ts >> 48) & 0x0FFF
    msb = (time_low << 32) | (time_mid << 16) | 0x1000 | time_hi
    if lsb is None:
        lsb = (0x8000 | _CLOCK_SEQ) << 48 | _NODE
    return uuid.UUID(int=(msb << 64) | lsb)


def timeuuid_ms(u: uuid.UUID) -> int:
    """Unix milliseconds of a version-1 uuid."""
    return (u.time - _UUID_EPOCH_OFFSET) // 10_000


_MIN_LSB = 0x8080808080808080
_MAX_LSB = 0x7F7F7F7F7F7F7F7F

_TS, _DATE, _BIGINT, _TU = NATIVE["timestamp"], NATIVE["date"], NATIVE["bigint"], NATIVE["timeuuid"]

Impl = Callable[..., Any]


def _to_date(source: str, v: Any) -> Any:
    if source == "timeuuid":
        return timeuuid_ms(v) // 86_400_000
    if source == "timestamp":
        return v // 86_400_000
    return v


def _to_ts(source: str, v: Any) -> Any:
    if source == "timeuuid":
        return timeuuid_ms(v)
    if source == "date":
        return v * 86_400_000
    return v


def scalar_function(name: str, arg_types: list[CqlType]) -> tuple[CqlType, Impl]:
    """Return type and implementation of a native scalar function, by lower-case name."""
    n = name.lower()
    a0 = arg_types[0] if arg_types else None
    source = "" if a0 is None else a0.cql()  # the argument's type name, for conversions
    if n in ("totimestamp", "dateof"):
        return _TS, lambda v: _to_ts(source, v)
    if n in ("tounixtimestamp", "unixtimestampof"):
        return _BIGINT, lambda v: _to_ts(source, v)
    if n == "todate":
        return _DATE, lambda v: _to_date(source, v)
    if n == "mintimeuuid":
        return _TU, lambda v: make_timeuuid(v, lsb=_MIN_LSB)
    if n == "maxtimeuuid":
        return _TU, lambda v: make_timeuuid(v, lsb=_MAX_LSB)
    if n.endswith("asblob") and a0 is not None:
        return NATIVE["blob"], lambda v: serialize(a0, v)
    if n.startswith("blobas"):
        target = n[6:]
        target = "text" if target == "varchar" else target
        if target in NATIVE:
            tt = NATIVE[target]
            src = a0

            def conv(v: Any) -> Any:
                raw = v if isinstance(v, bytes) or src is None else serialize(src, v)
                return deserialize(tt, raw) if raw else None

            return tt, conv
    if n == "tojson" and a0 is not None:
        from coodie.embedded.jsonio import to_json

        return NATIVE["text"], lambda v: to_json(a0, v)
    raise invalid(f"Unknown function '{name}'")


def zero_arg_function(name: str, ctx: EvalContext) -> tuple[CqlType, Any]:
    """``now()``, ``uuid()``, ``currentTimestamp()`` ... evaluated once per statement."""
    n = name.lower()
    if n in ("now", "currenttimeuuid"):
        return _TU, make_timeuuid()
    if n == "uuid":
        return NATIVE["uuid"], uuid.UUID(bytes=os.urandom(16), version=4)
    if n == "currenttimestamp":
        return _TS, ctx.now_ms
    if n == "currentdate":
        return _DATE, ctx.now_ms // 86_400_000
    if n == "currenttime":
        return NATIVE["time"], (ctx.now_ms % 86_400_000) * 1_000_000
    raise invalid(f"Unknown function '{name}'")


def call_term_function(term: FuncTerm, t: CqlType, receiver: str, ctx: EvalContext) -> Any:
    """Evaluate a function call used as a value (INSERT/UPDATE/WHERE)."""
    from coodie.embedded.terms import evaluate

    if not term.args:
        rt, value = zero_arg_function(term.name, ctx)
        _check_return(term.name, rt, t, receiver)
        return value
    n = term.name.lower()
    if n in ("mintimeuuid", "maxtimeuuid"):
        arg = evaluate(term.args[0], _TS, receiver, ctx)
        rt, impl = scalar_function(n, [_TS])
    elif n.startswith("blobas"):
        arg = evaluate(term.args[0], NATIVE["blob"], receiver, ctx)
        rt, impl = scalar_function(n, [NATIVE["blob"]])
    elif n.endswith("asblob"):
        src = NATIVE.get(n[:-6])
        if src is None:
            raise invalid(f"Unknown function '{term.name}'")
        arg = evaluate(term.args[0], src, receiver, ctx)
        rt, impl = scalar_function(n, [src])
    elif n in ("totimestamp", "todate", "tounixtimestamp", "dateof", "unixtimestampof"):
        inner = term.args[0]
        if isinstance(inner, FuncTerm) and not inner.args:
            at, arg = zero_arg_function(inner.name, ctx)
        elif isinstance(inner, Const):
            at = _TU if inner.kind is TokenKind.UUID else _TS
            arg = evaluate(inner, at, receiver, ctx)
        else:
            at = _TU
            arg = evaluate(inner, at, receiver, ctx)
        rt, impl = scalar_function(n, [at])
    else:
        raise invalid(f"Unknown function '{term.name}'")
    _check_return(term.name, rt, t, receiver)
    return None if arg is None else impl(arg)


def _check_return(name: str, rt: CqlType, t: CqlType, receiver: str) -> None:
    if not isinstance(t, NativeType):
        raise invalid(f"Type error: {name}() cannot be passed as argument {receiver}")
    ok = rt == t or (rt.cql() in ("timeuuid",) and t.cql() == "uuid")
    if not ok and not (rt.cql() == "text" and t.cql() == "varchar"):
        raise invalid(
            f"Type error: cannot assign result of function system.{name.lower()} "
            f"(type {rt.cql()}) to {receiver} (type {t.cql()})"
        )
