"""Framing of the engine's data files: a magic header, then checksummed, numbered records.

Each record is a 20-byte header — payload length, sequence number, CRC-32 of the
payload, CRC-32 of the first 16 header bytes — followed by the payload. Reading
tells a *torn tail* (the last record was cut short by a crash: dropped, reported)
from *damage* anywhere else (refused with :class:`~coodie.exceptions.DataCorrupted`
naming the file and the offset).

>>> data = MAGIC_LOG + frame(1, b"a") + frame(2, b"bc")
>>> scan = read_records("log", data, MAGIC_LOG, 1)
>>> [(r.seq, r.payload) for r in scan.records], scan.torn_at
([(1, b'a'), (2, b'bc')], None)
>>> read_records("log", data[:-1], MAGIC_LOG, 1).torn_at
29
"""

from __future__ import annotations

import struct
import zlib

import attrs

from coodie.exceptions import DataCorrupted

MAGIC_LOG = b"CDLOG01\n"
"""First bytes of a commit log file."""
MAGIC_SNAPSHOT = b"CDSNAP1\n"
"""First bytes of a snapshot file."""
HEADER = struct.Struct(">IQII")
"""payload length, sequence number, payload CRC-32, header CRC-32."""


def frame(seq: int, payload: bytes) -> bytes:
    """One record: header then payload.

    >>> len(frame(7, b"xyz"))
    23
    """
    head = struct.pack(">IQI", len(payload), seq, zlib.crc32(payload))
    return head + struct.pack(">I", zlib.crc32(head)) + payload


@attrs.frozen
class Record:
    """A record read back: where it starts, its number and its payload."""

    offset: int
    seq: int
    payload: bytes


@attrs.frozen
class Scan:
    """Every intact record of a file, and where a torn last record starts (if any)."""

    records: list[Record]
    torn_at: int | None


def read_records(name: str, data: bytes, magic: bytes, first_seq: int | None) -> Scan:
    """Parse a whole file; ``first_seq`` None accepts any first number, then +1 each."""
    if not data.startswith(magic):
        if len(data) < len(magic) and magic.startswith(data):
            return Scan([], 0)  # created, then cut short before its header was complete
        raise DataCorrupted(
            f"{name}: not a coodie data file of this version (bad header at offset 0)", name, 0
        )
    pos, n = len(magic), len(data)
    out: list[Record] = []
    expected = first_seq
    while pos < n:
        if n - pos < HEADER.size:
            return Scan(out, pos)
        length, seq, crc, head_crc = HEADER.unpack_from(data, pos)
        if zlib.crc32(data[pos : pos + 16]) != head_crc:
            if not data[pos:].strip(b"\x00"):
                return Scan(out, pos)
            raise _damaged(name, pos, "record header checksum mismatch")
        end = pos + HEADER.size + length
        if end > n:
            return Scan(out, pos)
        payload = data[pos + HEADER.size : end]
        if zlib.crc32(payload) != crc:
            if end == n:
                return Scan(out, pos)
            raise _damaged(name, pos, "record checksum mismatch")
        if expected is not None and seq != expected:
            raise _damaged(name, pos, f"sequence number {seq} where {expected} was expected")
        out.append(Record(pos, seq, payload))
        expected = seq + 1
        pos = end
    return Scan(out, None)


def _damaged(name: str, offset: int, what: str) -> DataCorrupted:
    return DataCorrupted(
        f"{name} is damaged at offset {offset} ({what}); the engine will not start on it. "
        f"Run `coodie repair-data --path <data directory>`: it keeps a copy of the files, "
        f"then drops the damaged records.",
        name,
        offset,
    )
