"""Encoders and decoders for the native (scalar) CQL types, in coodie value form.

Each native type has an :class:`ScalarCodec`: ``encode(value) -> bytes`` and
``decode(bytes) -> value``. Zero-length bytes of a non-string type decode to
:data:`EMPTY` (Cassandra's "empty value", distinct from null) where Cassandra
accepts them.

>>> SCALARS["int"].decode(b"\\x00\\x00\\x00\\x07")
7
>>> SCALARS["int"].decode(b"")
EMPTY
"""

from __future__ import annotations

import datetime as _dt
import decimal
import ipaddress
import struct
import uuid
from collections.abc import Callable
from typing import Any, Final

import attrs

from coodie.cql.values import CqlDuration
from coodie.wire.errors import MarshalError
from coodie.wire.vint import decode_uvint, decode_zigzag, encode_uvint, encode_zigzag


class _Empty:
    """The type of :data:`EMPTY`."""

    _instance: _Empty | None = None

    def __new__(cls) -> _Empty:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "EMPTY"

    def __reduce__(self) -> str:
        return "EMPTY"


EMPTY: Final = _Empty()
"""A zero-length value of a non-string type (not null): ``int`` column set to ``0x``."""

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_MS = _dt.timedelta(milliseconds=1)
_DATE_CENTER = 1 << 31
_NANOS_PER_DAY = 86_400 * 10**9


@attrs.frozen(slots=True)
class ScalarCodec:
    """The encoder and decoder of one native type.

    ``size`` is the fixed serialized size (used by vectors), ``None`` if variable.
    """

    encode: Callable[[Any], bytes]
    decode: Callable[[bytes], Any]
    size: int | None = None


def _check_int(value: Any, bits: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MarshalError(f"Expected an int for {name}, got {type(value).__name__}")
    limit = 1 << (bits - 1)
    if not -limit <= value < limit:
        raise MarshalError(f"Value {value} out of range for {name}")
    return value


def _int_codec(fmt: str, bits: int, name: str, bad_size: str, empty_ok: bool) -> ScalarCodec:
    packer = struct.Struct(fmt)
    size = packer.size

    def encode(value: Any) -> bytes:
        return packer.pack(_check_int(value, bits, name))

    def decode(data: bytes) -> Any:
        if len(data) != size:
            if not data and empty_ok:
                return EMPTY
            raise MarshalError(bad_size % len(data))
        return packer.unpack(data)[0]

    return ScalarCodec(encode, decode, size)


def _float_codec(fmt: str, name: str, bad_size: str) -> ScalarCodec:
    packer = struct.Struct(fmt)
    size = packer.size

    def encode(value: Any) -> bytes:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise MarshalError(f"Expected a float for {name}, got {type(value).__name__}")
        try:
            return packer.pack(value)
        except (OverflowError, struct.error) as exc:
            raise MarshalError(f"Value {value} out of range for {name}") from exc

    def decode(data: bytes) -> Any:
        if len(data) != size:
            if not data:
                return EMPTY
            raise MarshalError(bad_size % len(data))
        return packer.unpack(data)[0]

    return ScalarCodec(encode, decode, size)


def _encode_varint(value: Any) -> bytes:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MarshalError(f"Expected an int for varint, got {type(value).__name__}")
    magnitude = value if value >= 0 else ~value
    return value.to_bytes(magnitude.bit_length() // 8 + 1, "big", signed=True)


def _decode_varint(data: bytes) -> Any:
    if not data:
        return EMPTY
    return int.from_bytes(data, "big", signed=True)


def _encode_decimal(value: Any) -> bytes:
    if isinstance(value, int) and not isinstance(value, bool):
        value = decimal.Decimal(value)
    if not isinstance(value, decimal.Decimal) or not value.is_finite():
        raise MarshalError(f"Expected a finite Decimal for decimal, got {value!r}")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    unscaled = int("".join(map(str, digits)) or "0")
    scale = -exponent
    if not -(1 << 31) <= scale < (1 << 31):
        raise MarshalError(f"Decimal {value} has a scale out of range")
    return struct.pack(">i", scale) + _encode_varint(-unscaled if sign else unscaled)


def _decode_decimal(data: bytes) -> Any:
    if not data:
        return EMPTY
    if len(data) < 4:
        raise MarshalError(f"Expected 0 or at least 4 bytes ({len(data)})")
    scale = struct.unpack_from(">i", data)[0]
    unscaled = int.from_bytes(data[4:], "big", signed=True) if len(data) > 4 else 0
    digits = tuple(int(d) for d in str(abs(unscaled)))
    return decimal.Decimal((int(unscaled < 0), digits, -scale))


def _encode_text(value: Any) -> bytes:
    if not isinstance(value, str):
        raise MarshalError(f"Expected a str for text, got {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MarshalError("String didn't validate.") from exc


def _decode_text(data: bytes) -> Any:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MarshalError("String didn't validate.") from exc


def _encode_ascii(value: Any) -> bytes:
    if not isinstance(value, str):
        raise MarshalError(f"Expected a str for ascii, got {type(value).__name__}")
    try:
        return value.encode("ascii")
    except UnicodeEncodeError as exc:
        raise MarshalError(f"Invalid ascii character in {value!r}") from exc


def _decode_ascii(data: bytes) -> Any:
    for byte in data:
        if byte > 0x7F:
            raise MarshalError(f"Invalid byte for ascii: {byte - 256}")
    return data.decode("ascii")


def _encode_blob(value: Any) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise MarshalError(f"Expected bytes for blob, got {type(value).__name__}")
    return bytes(value)


def _encode_boolean(value: Any) -> bytes:
    if not isinstance(value, bool):
        raise MarshalError(f"Expected a bool for boolean, got {type(value).__name__}")
    return b"\x01" if value else b"\x00"


def _decode_boolean(data: bytes) -> Any:
    if len(data) != 1:
        if not data:
            return EMPTY
        raise MarshalError(f"Expected 1 or 0 byte value ({len(data)})")
    return data != b"\x00"


def _uuid_codec(time_based: bool) -> ScalarCodec:
    name = "timeuuid" if time_based else "uuid"

    def encode(value: Any) -> bytes:
        if not isinstance(value, uuid.UUID):
            raise MarshalError(f"Expected a UUID for {name}, got {type(value).__name__}")
        if time_based and value.bytes[6] >> 4 != 1:
            raise MarshalError("Invalid version for TimeUUID type.")
        return value.bytes

    def decode(data: bytes) -> Any:
        if len(data) != 16:
            if not data:
                return EMPTY
            raise MarshalError(f"UUID should be 16 or 0 bytes ({len(data)})")
        if time_based and data[6] >> 4 != 1:
            raise MarshalError("Invalid version for TimeUUID type.")
        return uuid.UUID(bytes=data)

    return ScalarCodec(encode, decode, 16)


def _encode_timestamp(value: Any) -> bytes:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        millis = (value - _EPOCH) // _MS
    elif isinstance(value, int) and not isinstance(value, bool):
        millis = value
    else:
        raise MarshalError(f"Expected a datetime for timestamp, got {type(value).__name__}")
    return struct.pack(">q", _check_int(millis, 64, "timestamp"))


def _decode_timestamp(data: bytes) -> Any:
    if len(data) != 8:
        if not data:
            return EMPTY
        raise MarshalError(f"Expected 8 or 0 byte long for date ({len(data)})")
    millis: int = struct.unpack(">q", data)[0]
    try:
        return _EPOCH + millis * _MS
    except OverflowError:
        return millis


def _encode_date(value: Any) -> bytes:
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        days = value.toordinal() - _EPOCH_ORDINAL
    elif isinstance(value, int) and not isinstance(value, bool):
        days = value
    else:
        raise MarshalError(f"Expected a date for date, got {type(value).__name__}")
    if not -_DATE_CENTER <= days < _DATE_CENTER:
        raise MarshalError(f"Value {value} out of range for date")
    return struct.pack(">I", days + _DATE_CENTER)


def _decode_date(data: bytes) -> Any:
    if len(data) != 4:
        if not data:
            return EMPTY
        raise MarshalError(f"Expected 4 byte long for date ({len(data)})")
    days: int = struct.unpack(">I", data)[0] - _DATE_CENTER
    ordinal = days + _EPOCH_ORDINAL
    if 1 <= ordinal <= _dt.date.max.toordinal():
        return _dt.date.fromordinal(ordinal)
    return days


def _encode_time(value: Any) -> bytes:
    if isinstance(value, _dt.time):
        secs = value.hour * 3600 + value.minute * 60 + value.second
        value = secs * 10**9 + value.microsecond * 1000
    if not isinstance(value, int) or isinstance(value, bool):
        raise MarshalError(f"Expected int nanoseconds for time, got {type(value).__name__}")
    if not 0 <= value < _NANOS_PER_DAY:
        raise MarshalError(f"Value {value} out of range for time")
    return struct.pack(">q", value)


def _decode_time(data: bytes) -> Any:
    if len(data) != 8:
        if not data:
            return EMPTY
        raise MarshalError(f"Expected 8 byte long for time ({len(data)})")
    nanos: int = struct.unpack(">q", data)[0]
    if not 0 <= nanos < _NANOS_PER_DAY:
        raise MarshalError(f"Time value {nanos} out of range (0 to 86399999999999 ns)")
    return nanos


def _encode_duration(value: Any) -> bytes:
    if isinstance(value, _dt.timedelta):
        value = CqlDuration.from_timedelta(value)
    if not isinstance(value, CqlDuration):
        raise MarshalError(f"Expected a CqlDuration for duration, got {type(value).__name__}")
    _check_int(value.months, 32, "duration months")
    _check_int(value.days, 32, "duration days")
    _check_int(value.nanoseconds, 64, "duration nanoseconds")
    parts = (value.months, value.days, value.nanoseconds)
    return b"".join(encode_uvint(encode_zigzag(p)) for p in parts)


def _decode_duration(data: bytes) -> Any:
    if not data:
        return EMPTY
    if len(data) < 3:
        raise MarshalError(f"Expected at least 3 bytes for a duration ({len(data)})")
    months, pos = decode_uvint(data, 0)
    days, pos = decode_uvint(data, pos)
    nanos, pos = decode_uvint(data, pos)
    if pos != len(data):
        raise MarshalError("Invalid duration: extra bytes after the value")
    values = (decode_zigzag(months), decode_zigzag(days), decode_zigzag(nanos))
    if not all(-(1 << 31) <= v < (1 << 31) for v in values[:2]):
        raise MarshalError(f"The duration months and days must be 32 bits integers {values}")
    try:
        return CqlDuration(*values)
    except ValueError as exc:
        raise MarshalError(
            "The duration months, days and nanoseconds must be all of the same sign "
            f"({values[0]}, {values[1]}, {values[2]})"
        ) from exc


def _encode_inet(value: Any) -> bytes:
    if isinstance(value, str):
        try:
            value = ipaddress.ip_address(value)
        except ValueError as exc:
            raise MarshalError(f"Invalid inet address {value!r}") from exc
    if not isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        raise MarshalError(f"Expected an IP address for inet, got {type(value).__name__}")
    return value.packed


def _decode_inet(data: bytes) -> Any:
    if len(data) == 4:
        return ipaddress.IPv4Address(data)
    if len(data) == 16:
        return ipaddress.IPv6Address(data)
    if not data:
        return EMPTY
    raise MarshalError(f"Expected 4 or 16 byte inetaddress; got {data.hex()}")


SCALARS: dict[str, ScalarCodec] = {
    "ascii": ScalarCodec(_encode_ascii, _decode_ascii),
    "bigint": _int_codec(">q", 64, "bigint", "Expected 8 or 0 byte long (%d)", True),
    "blob": ScalarCodec(_encode_blob, bytes),
    "boolean": ScalarCodec(_encode_boolean, _decode_boolean, 1),
    "counter": _int_codec(">q", 64, "counter", "Expected 8 or 0 byte long (%d)", True),
    "date": ScalarCodec(_encode_date, _decode_date, 4),
    "decimal": ScalarCodec(_encode_decimal, _decode_decimal),
    "double": _float_codec(">d", "double", "Expected 8 or 0 byte value for a double (%d)"),
    "duration": ScalarCodec(_encode_duration, _decode_duration),
    "float": _float_codec(">f", "float", "Expected 4 or 0 byte value for a float (%d)"),
    "inet": ScalarCodec(_encode_inet, _decode_inet),
    "int": _int_codec(">i", 32, "int", "Expected 4 or 0 byte int (%d)", True),
    "smallint": _int_codec(">h", 16, "smallint", "Expected 2 bytes for a smallint (%d)", False),
    "text": ScalarCodec(_encode_text, _decode_text),
    "time": ScalarCodec(_encode_time, _decode_time, 8),
    "timestamp": ScalarCodec(_encode_timestamp, _decode_timestamp, 8),
    "timeuuid": _uuid_codec(time_based=True),
    "tinyint": _int_codec(">b", 8, "tinyint", "Expected 1 byte for a tinyint (%d)", False),
    "uuid": _uuid_codec(time_based=False),
    "varint": ScalarCodec(_encode_varint, _decode_varint),
}
"""The codec of every native CQL type, by name."""
