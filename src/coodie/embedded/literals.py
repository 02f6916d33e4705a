"""Converting CQL literals (parsed constants) to internal values, with server messages.

>>> from coodie.cql.types import NATIVE
>>> from coodie.embedded.lexer import TokenKind
>>> from coodie.embedded.nodes import Const
>>> coerce_const(NATIVE["int"], Const(TokenKind.INT, "7"), "v")
7
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from coodie.cql.types import CqlType, NativeType
from coodie.cql.values import CqlDuration
from coodie.embedded import lexer as lx
from coodie.embedded.errors import invalid, syntax_error
from coodie.embedded.nodes import Const

_KIND_NAMES = {
    lx.STRING: "STRING",
    lx.INT: "INTEGER",
    lx.FLOAT: "FLOAT",
    lx.HEX: "HEX",
    lx.UUID: "UUID",
    lx.BOOL: "BOOLEAN",
    lx.DURATION: "DURATION",
}
_ACCEPTS: dict[lx.TokenKind, set[str]] = {
    lx.STRING: {"ascii", "text", "varchar", "inet", "date", "time", "timestamp"},
    lx.INT: {
        "tinyint",
        "smallint",
        "int",
        "bigint",
        "counter",
        "varint",
        "decimal",
        "float",
        "double",
        "timestamp",
        "date",
        "time",
    },
    lx.FLOAT: {"decimal", "double", "float"},
    lx.HEX: {"blob"},
    lx.UUID: {"uuid", "timeuuid"},
    lx.BOOL: {"boolean"},
    lx.DURATION: {"duration"},
}
INT_RANGES = {
    "tinyint": (8, "byte"),
    "smallint": (16, "short"),
    "int": (32, "int"),
    "bigint": (64, "long"),
    "counter": (64, "long"),
}
_TS_RE = re.compile(
    r"(\d{4,})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\Z"
)
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\Z")
_EPOCH = dt.date(1970, 1, 1)


def type_name(t: CqlType) -> str:
    """How error messages spell a type."""
    from coodie.embedded.catalog import type_text

    return type_text(t)


def coerce_const(t: CqlType, c: Const, receiver: str) -> Any:
    """Convert constant ``c`` to a value of native type ``t`` or raise like Cassandra."""
    if not isinstance(t, NativeType) or t.name not in _ACCEPTS.get(c.kind, set()):
        raise invalid(
            f"Invalid {_KIND_NAMES.get(c.kind, c.kind.value.upper())} constant ({c.text}) "
            f'for "{receiver}" of type {type_name(t)}'
        )
    return parse_native(t.name, c.kind, c.text)


def parse_native(name: str, kind: lx.TokenKind, text: str) -> Any:
    """Parse the text of a literal for native type ``name``."""
    if name in INT_RANGES:
        bits, jname = INT_RANGES[name]
        v = int(text)
        if not -(1 << (bits - 1)) <= v < (1 << (bits - 1)):
            raise invalid(f"Unable to make {jname} from '{text}'")
        return v
    if name == "varint":
        return int(text)
    if name in ("float", "double"):
        return _parse_float(name, text)
    if name == "decimal":
        if text.lstrip("-").lower() in ("nan", "infinity"):
            raise invalid(f"unable to make BigDecimal from '{text}'")
        try:
            d = Decimal(text)
            return d.copy_abs() if d.is_zero() else d
        except InvalidOperation:
            raise invalid(f"unable to make BigDecimal from '{text}'") from None
    if name in ("text", "varchar"):
        return text
    if name == "ascii":
        if not text.isascii():
            raise invalid(
                "Invalid ASCII character in string literal: "
                "java.nio.charset.UnmappableCharacterException: Input length = 1"
            )
        return text
    if name == "blob":
        hexpart = text[2:]
        if len(hexpart) % 2:
            raise invalid(f"cannot parse '{hexpart}' as hex bytes")
        return bytes.fromhex(hexpart)
    if name == "boolean":
        return text.lower() == "true"
    if name in ("uuid", "timeuuid"):
        u = uuid.UUID(text)
        if name == "timeuuid" and u.version != 1:
            raise invalid("TimeUUID supports only version 1 UUIDs")
        return u
    if name == "inet":
        try:
            addr = ipaddress.ip_address(text)
        except ValueError:
            raise invalid(f"Unable to make inet address from '{text}'") from None
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            return addr.ipv4_mapped
        return addr
    if name == "timestamp":
        return parse_timestamp(text) if kind == lx.STRING else int(text)
    if name == "date":
        return parse_date(text, kind)
    if name == "time":
        return parse_time(text, kind)
    if name == "duration":
        return parse_duration(text)
    raise invalid(f"Invalid constant ({text}) for type {name}")


def _parse_float(name: str, text: str) -> float:
    low = text.lower()
    if low in ("nan", "-nan"):
        return float("nan")
    if low in ("infinity", "-infinity"):
        return float(low.replace("infinity", "inf"))
    v = float(text)
    if name == "double" and v in (float("inf"), float("-inf")):
        raise syntax_error(
            "Failed parsing statement: [{statement}] reason: NumberFormatException Character I "
            'is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'
        )
    if name == "float":
        import struct

        try:
            v = struct.unpack(">f", struct.pack(">f", v))[0]
        except OverflowError:
            v = float("inf") if v > 0 else float("-inf")
    return v


def parse_timestamp(text: str) -> int:
    """Parse a CQL timestamp string to ms since epoch (no zone = UTC)."""
    s = text.strip()
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    m = _TS_RE.match(s)
    if not m:
        raise invalid(f"Unable to parse a date/time from '{text}'")
    y, mo, d, hh, mi, ss, frac, zone = m.groups()
    try:
        base = dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        raise invalid(f"Unable to parse a date/time from '{text}'") from None
    ms = int((frac or "0")[:3].ljust(3, "0"))
    offset = 0
    if zone and zone != "Z":
        z = zone.replace(":", "")
        offset = (int(z[1:3]) * 60 + int(z[3:5])) * (1 if z[0] == "+" else -1)
    delta = base - dt.datetime(1970, 1, 1)
    return (delta.days * 86400 + delta.seconds - offset * 60) * 1000 + ms


def parse_date(text: str, kind: lx.TokenKind = lx.STRING) -> int:
    """Parse a date literal to days since epoch."""
    if kind == lx.INT or re.fullmatch(r"\d+", text):
        v = int(text)
        if not 0 <= v < (1 << 32):
            raise invalid(f"Unable to coerce '{text}' to a formatted date (long)")
        return v - (1 << 31)
    m = re.fullmatch(r"(-?\d+)-(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise invalid(f"Unable to coerce '{text}' to a formatted date (long)")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= mo <= 12 and 1 <= d <= _month_days(y, mo)):
        raise invalid(f"Unable to coerce '{text}' to a formatted date (long)")
    return days_from_civil(y, mo, d)


def _month_days(y: int, m: int) -> int:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_time(text: str, kind: lx.TokenKind = lx.STRING) -> int:
    """Parse a time literal to nanoseconds since midnight."""
    if kind == lx.INT:
        return int(text)
    m = _TIME_RE.match(text.strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59 or int(m[3]) > 59:
        raise invalid(f"(TimeType) Unable to coerce '{text}' to a formatted time (long)")
    nanos = int((m[4] or "0").ljust(9, "0"))
    return ((int(m[1]) * 60 + int(m[2])) * 60 + int(m[3])) * 10**9 + nanos


_UNITS = {
    "y": (12, 0, 0),
    "mo": (1, 0, 0),
    "w": (0, 7, 0),
    "d": (0, 1, 0),
    "h": (0, 0, 3600 * 10**9),
    "m": (0, 0, 60 * 10**9),
    "s": (0, 0, 10**9),
    "ms": (0, 0, 10**6),
    "us": (0, 0, 1000),
    "µs": (0, 0, 1000),
    "ns": (0, 0, 1),
}


def parse_duration(text: str) -> CqlDuration:
    """Parse ``1h30m`` / ISO 8601 ``P1DT2H`` durations."""
    neg = text.startswith("-")
    body = text[1:] if neg else text
    months = days = nanos = 0
    alt = re.fullmatch(r"P(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})", body.upper())
    if alt:
        y, mo, d, h, mi, s = (int(g) for g in alt.groups())
        months, days, nanos = y * 12 + mo, d, ((h * 60 + mi) * 60 + s) * 10**9
    elif body.upper().startswith("P"):
        m = re.fullmatch(
            r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
            body.upper(),
        )
        if not m:
            raise invalid(f"Unable to convert '{text}' to a duration")
        y, mo, w, d, h, mi, s = (int(g or 0) for g in m.groups())
        months = y * 12 + mo
        days = w * 7 + d
        nanos = ((h * 60 + mi) * 60 + s) * 10**9
    else:
        for num, unit in re.findall(r"(\d+)(mo|ms|us|µs|ns|y|w|d|h|m|s)", body.lower()):
            a, b, c = _UNITS[unit]
            months += int(num) * a
            days += int(num) * b
            nanos += int(num) * c
    sign = -1 if neg else 1
    return CqlDuration(sign * months, sign * days, sign * nanos)


def ms_to_datetime(ms: int) -> dt.datetime | int:
    """Timestamp ms → aware UTC datetime (the int itself when out of range)."""
    try:
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=ms)
    except OverflowError:
        return ms


def days_to_date(days: int) -> dt.date | int:
    """Days since epoch → date (the int itself when out of range)."""
    try:
        return _EPOCH + dt.timedelta(days=days)
    except OverflowError:
        return days
