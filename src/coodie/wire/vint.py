"""Cassandra's variable-length integers (``VIntCoding``), used by ``duration`` and vectors.

>>> encode_uvint(300)
b'\\x81,'
>>> decode_uvint(b"\\x81,", 0)
(300, 2)
>>> decode_zigzag(encode_zigzag(-5))
-5
"""

from __future__ import annotations

from coodie.wire.errors import MarshalError

_U64 = (1 << 64) - 1


def encode_zigzag(value: int) -> int:
    """Map a signed 64-bit integer to an unsigned one (0, -1, 1, -2 ... → 0, 1, 2, 3 ...)."""
    return ((value << 1) ^ (value >> 63)) & _U64


def decode_zigzag(value: int) -> int:
    """Inverse of :func:`encode_zigzag`."""
    return (value >> 1) ^ -(value & 1)


def encode_uvint(value: int) -> bytes:
    """Encode an unsigned 64-bit integer; the first byte's leading ones count the extra bytes."""
    if value < 0 or value > _U64:
        raise MarshalError(f"{value} cannot be encoded as an unsigned vint")
    if value < 0x80:
        return bytes((value,))
    extra = 1
    while extra < 8 and value >> (8 * extra + 7 - extra) != 0:
        extra += 1
    raw = value.to_bytes(extra + 1, "big")
    first = raw[0] | (0xFF << (8 - extra)) & 0xFF
    return bytes((first,)) + raw[1:]


def decode_uvint(data: bytes, offset: int) -> tuple[int, int]:
    """Decode an unsigned vint at ``offset``; return ``(value, next_offset)``."""
    if offset >= len(data):
        raise MarshalError("Not enough bytes to read a vint")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    extra = 8 - (~first & 0xFF).bit_length()
    end = offset + 1 + extra
    if end > len(data):
        raise MarshalError("Not enough bytes to read a vint")
    value = first & (0xFF >> extra)
    value = (value << (8 * extra)) | int.from_bytes(data[offset + 1 : end], "big")
    return value, end
