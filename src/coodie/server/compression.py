"""LZ4 compression of frame bodies (v3/v4) and segment payloads (v5), when ``lz4`` is installed.

v4 bodies carry their uncompressed length as a 4-byte big-endian prefix; v5 segment payloads
are bare LZ4 blocks (the length is in the segment header).

>>> ALGORITHMS if available() else ["lz4"]
['lz4']
"""

from __future__ import annotations

import importlib
import struct
from typing import Any

from coodie.server.frames import FrameError

ALGORITHMS = ["lz4"]


def _lz4() -> Any:
    try:
        return importlib.import_module("lz4.block")
    except ImportError:
        return None


_BLOCK = _lz4()


def available() -> list[str]:
    """The compression algorithms this server can offer in SUPPORTED."""
    return list(ALGORITHMS) if _BLOCK is not None else []


def compress_body(body: bytes) -> bytes:
    """A v3/v4 frame body: big-endian uncompressed length, then the LZ4 block."""
    block: bytes = _BLOCK.compress(body, store_size=False)
    return struct.pack(">i", len(body)) + block


def decompress_body(body: bytes, max_size: int) -> bytes:
    """Inverse of :func:`compress_body`; corrupt input is a protocol error."""
    if len(body) < 4:
        raise FrameError("Compressed body too short")
    size = struct.unpack_from(">i", body)[0]
    return decompress_block(body[4:], size, max_size)


def compress_block(payload: bytes) -> bytes:
    """A bare LZ4 block (v5 segment payload)."""
    block: bytes = _BLOCK.compress(payload, store_size=False)
    return block


def decompress_block(block: bytes, size: int, max_size: int) -> bytes:
    """Decompress a bare LZ4 block of known uncompressed ``size``."""
    if size < 0 or size > max_size:
        raise FrameError(f"Invalid uncompressed length {size}", fatal=True)
    try:
        data: bytes = _BLOCK.decompress(block, uncompressed_size=size)
    except Exception as exc:  # lz4 raises its own LZ4BlockError
        raise FrameError(f"Cannot decompress: {exc}", fatal=True) from exc
    if len(data) != size:
        raise FrameError("Decompressed length differs from the announced length", fatal=True)
    return data
