"""Protocol v5 framing: envelopes travel inside CRC-protected segments.

After a v5 connection's STARTUP is answered (READY or AUTHENTICATE), every byte in both
directions is carried in segments: a little-endian header (17 bits payload length, with LZ4
17 more bits of uncompressed length, then 1 bit "self-contained") with its CRC24, the
payload, and the payload's CRC32. A payload holds whole envelopes (self-contained) or one
part of a larger envelope.

>>> data = encode_segments(b"hello")
>>> decode_segment_header(data[:6])
(5, 0, True)
>>> check_payload(data[6:-4], data[-4:])
b'hello'
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from coodie.server.frames import FrameError

MAX_PAYLOAD = 128 * 1024 - 1
CRC32_SIZE = 4
_CRC24_INIT = 0x875060
_CRC24_POLY = 0x1974F0B
_CRC32_INITIAL = zlib.crc32(b"\xfa\x2d\x55\xca")


def header_size(compressed: bool) -> int:
    """Bytes of a segment header including its CRC24 (6 plain, 8 with compression)."""
    return 8 if compressed else 6


def crc24(value: int, length: int) -> int:
    """Cassandra's CRC24 of the ``length`` low bytes of ``value`` (little-endian order)."""
    crc = _CRC24_INIT
    for _ in range(length):
        crc ^= (value & 0xFF) << 16
        value >>= 8
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= _CRC24_POLY
    return crc


def _segment(
    payload: bytes, self_contained: bool, compress: Callable[[bytes], bytes] | None
) -> bytes:
    if compress is None:
        header, size = len(payload) | (self_contained << 17), 3
    else:
        packed = compress(payload)
        uncompressed = len(payload)
        if len(packed) >= uncompressed:
            packed, uncompressed = payload, 0
        header = len(packed) | (uncompressed << 17) | (self_contained << 34)
        payload, size = packed, 5
    crc = zlib.crc32(payload, _CRC32_INITIAL)
    return (
        header.to_bytes(size, "little")
        + crc24(header, size).to_bytes(3, "little")
        + payload
        + crc.to_bytes(4, "little")
    )


def encode_segments(envelope: bytes, compress: Callable[[bytes], bytes] | None = None) -> bytes:
    """Wrap one envelope: a self-contained segment, or several parts when it is large."""
    if len(envelope) <= MAX_PAYLOAD:
        return _segment(envelope, True, compress)
    return b"".join(
        _segment(envelope[i : i + MAX_PAYLOAD], False, compress)
        for i in range(0, len(envelope), MAX_PAYLOAD)
    )


def decode_segment_header(data: bytes) -> tuple[int, int, bool]:
    """``(payload_length, uncompressed_length, self_contained)`` of a 6- or 8-byte header.

    ``uncompressed_length`` is 0 when the payload is not compressed. A CRC mismatch is a
    fatal protocol error.
    """
    size = len(data) - 3
    header = int.from_bytes(data[:size], "little")
    if crc24(header, size) != int.from_bytes(data[size:], "little"):
        raise FrameError("CRC mismatch on a v5 segment header", version=5, fatal=True)
    length = header & MAX_PAYLOAD
    if size == 3:
        return length, 0, bool(header >> 17 & 1)
    return length, header >> 17 & MAX_PAYLOAD, bool(header >> 34 & 1)


def check_payload(payload: bytes, crc: bytes) -> bytes:
    """The payload, after checking its CRC32 (mismatch: fatal protocol error)."""
    if zlib.crc32(payload, _CRC32_INITIAL) != int.from_bytes(crc, "little"):
        raise FrameError("CRC mismatch on a v5 segment payload", version=5, fatal=True)
    return payload
