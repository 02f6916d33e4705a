"""Protocol v5 framing: envelopes travel inside CRC-protected segments.

After a v5 connection's STARTUP is answered (READY or AUTHENTICATE), every byte in both
directions is carried in segments: a 3-byte little-endian header (17 bits payload length,
1 bit "self-contained") with its CRC24, the payload, and the payload's CRC32. A payload
holds whole envelopes (self-contained) or one part of a larger envelope.

>>> data = encode_segments(b"hello")
>>> decode_segment_header(data[:6])
(5, True)
>>> check_payload(data[6:-4], data[-4:])
b'hello'
"""

from __future__ import annotations

import zlib

from coodie.server.frames import FrameError

MAX_PAYLOAD = 128 * 1024 - 1
HEADER_SIZE = 6
CRC32_SIZE = 4
_CRC24_INIT = 0x875060
_CRC24_POLY = 0x1974F0B
_CRC32_INITIAL = zlib.crc32(b"\xfa\x2d\x55\xca")
_SELF_CONTAINED = 1 << 17


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


def _segment(payload: bytes, self_contained: bool) -> bytes:
    header = len(payload) | (_SELF_CONTAINED if self_contained else 0)
    crc = zlib.crc32(payload, _CRC32_INITIAL)
    return (
        header.to_bytes(3, "little")
        + crc24(header, 3).to_bytes(3, "little")
        + payload
        + crc.to_bytes(4, "little")
    )


def encode_segments(envelope: bytes) -> bytes:
    """Wrap one envelope: a self-contained segment, or several parts when it is large."""
    if len(envelope) <= MAX_PAYLOAD:
        return _segment(envelope, True)
    return b"".join(
        _segment(envelope[i : i + MAX_PAYLOAD], False) for i in range(0, len(envelope), MAX_PAYLOAD)
    )


def decode_segment_header(data: bytes) -> tuple[int, bool]:
    """``(payload_length, self_contained)``; a CRC mismatch is a fatal protocol error."""
    header = int.from_bytes(data[:3], "little")
    if crc24(header, 3) != int.from_bytes(data[3:6], "little"):
        raise FrameError("CRC mismatch on a v5 segment header", version=5, fatal=True)
    return header & MAX_PAYLOAD, bool(header & _SELF_CONTAINED)


def check_payload(payload: bytes, crc: bytes) -> bytes:
    """The payload, after checking its CRC32 (mismatch: fatal protocol error)."""
    if zlib.crc32(payload, _CRC32_INITIAL) != int.from_bytes(crc, "little"):
        raise FrameError("CRC mismatch on a v5 segment payload", version=5, fatal=True)
    return payload
