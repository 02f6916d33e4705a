"""Reading and writing the native protocol's notations (``[short]``, ``[string]``, ``[bytes]`` ...).

>>> w = bytearray(); write_string(w, "hi"); bytes(w)
b'\\x00\\x02hi'
>>> Reader(bytes(w)).string()
'hi'
"""

from __future__ import annotations

import struct

from coodie.wire.errors import MarshalError

_BYTE = struct.Struct(">B")
_SHORT = struct.Struct(">H")
_INT = struct.Struct(">i")
_LONG = struct.Struct(">q")

UNSET_VALUE = object()
"""Marker returned by :meth:`Reader.value` for a protocol ``unset`` value (length ``-2``)."""


class Reader:
    """A cursor over a message body; every read raises :class:`MarshalError` past the end."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def _take(self, size: int, what: str) -> bytes:
        end = self.pos + size
        if size < 0 or end > len(self.data):
            raise MarshalError(f"Not enough bytes to read {what}")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def remaining(self) -> int:
        """Bytes left after the cursor."""
        return len(self.data) - self.pos

    def byte(self) -> int:
        """An unsigned ``[byte]``."""
        value: int = _BYTE.unpack(self._take(1, "a byte"))[0]
        return value

    def short(self) -> int:
        """An unsigned ``[short]``."""
        value: int = _SHORT.unpack(self._take(2, "a short"))[0]
        return value

    def int32(self) -> int:
        """A signed ``[int]``."""
        value: int = _INT.unpack(self._take(4, "an int"))[0]
        return value

    def int64(self) -> int:
        """A signed ``[long]``."""
        value: int = _LONG.unpack(self._take(8, "a long"))[0]
        return value

    def string(self) -> str:
        """A ``[string]`` (short length, UTF-8)."""
        return self._decode(self._take(self.short(), "a string"))

    def long_string(self) -> str:
        """A ``[long string]`` (int length, UTF-8)."""
        return self._decode(self._take(self.int32(), "a long string"))

    def blob(self) -> bytes | None:
        """A ``[bytes]``; ``None`` for a negative length."""
        size = self.int32()
        return None if size < 0 else self._take(size, "bytes")

    def value(self) -> bytes | object | None:
        """A ``[value]``: bytes, ``None`` (null, -1) or :data:`UNSET_VALUE` (-2)."""
        size = self.int32()
        if size == -2:
            return UNSET_VALUE
        return None if size < 0 else self._take(size, "a value")

    def short_bytes(self) -> bytes:
        """A ``[short bytes]``."""
        return self._take(self.short(), "short bytes")

    def string_list(self) -> list[str]:
        """A ``[string list]``."""
        return [self.string() for _ in range(self.short())]

    def string_map(self) -> dict[str, str]:
        """A ``[string map]``."""
        return {self.string(): self.string() for _ in range(self.short())}

    @staticmethod
    def _decode(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MarshalError("Invalid UTF-8 in a protocol string") from exc


def write_short(out: bytearray, value: int) -> None:
    """Append an unsigned ``[short]``."""
    out += _SHORT.pack(value)


def write_int(out: bytearray, value: int) -> None:
    """Append a signed ``[int]``."""
    out += _INT.pack(value)


def write_string(out: bytearray, value: str) -> None:
    """Append a ``[string]``."""
    raw = value.encode("utf-8")
    out += _SHORT.pack(len(raw))
    out += raw


def write_long_string(out: bytearray, value: str) -> None:
    """Append a ``[long string]``."""
    raw = value.encode("utf-8")
    out += _INT.pack(len(raw))
    out += raw


def write_bytes(out: bytearray, value: bytes | None) -> None:
    """Append ``[bytes]`` (``None`` → length -1)."""
    if value is None:
        out += b"\xff\xff\xff\xff"
    else:
        out += _INT.pack(len(value))
        out += value


def write_short_bytes(out: bytearray, value: bytes) -> None:
    """Append ``[short bytes]``."""
    out += _SHORT.pack(len(value))
    out += value


def write_string_list(out: bytearray, values: list[str] | tuple[str, ...]) -> None:
    """Append a ``[string list]``."""
    write_short(out, len(values))
    for value in values:
        write_string(out, value)


def write_string_multimap(out: bytearray, values: dict[str, list[str]]) -> None:
    """Append a ``[string multimap]``."""
    write_short(out, len(values))
    for key, items in values.items():
        write_string(out, key)
        write_string_list(out, items)
