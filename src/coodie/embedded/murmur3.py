"""Cassandra's Murmur3Partitioner token: MurmurHash3 x64_128 with Java's signed bytes.

Cassandra's variant sign-extends the tail bytes (Java ``byte`` is signed), which
differs from the reference implementation for bytes >= 0x80.

>>> murmur3_token(b"\\x00\\x00\\x00\\x00")
-3485513579396041028
"""

from __future__ import annotations

_M = (1 << 64) - 1
_C1 = 0x87C37B91114253D5
_C2 = 0x4CF5AD432745937F


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M
    k ^= k >> 33
    return k


def murmur3_token(data: bytes) -> int:
    """The signed 64-bit token of a serialized partition key."""
    length = len(data)
    nblocks = length // 16
    h1 = h2 = 0
    for i in range(nblocks):
        k1 = int.from_bytes(data[i * 16 : i * 16 + 8], "little")
        k2 = int.from_bytes(data[i * 16 + 8 : i * 16 + 16], "little")
        k1 = (k1 * _C1) & _M
        k1 = _rotl(k1, 31)
        k1 = (k1 * _C2) & _M
        h1 ^= k1
        h1 = _rotl(h1, 27)
        h1 = (h1 + h2) & _M
        h1 = (h1 * 5 + 0x52DCE729) & _M
        k2 = (k2 * _C2) & _M
        k2 = _rotl(k2, 33)
        k2 = (k2 * _C1) & _M
        h2 ^= k2
        h2 = _rotl(h2, 31)
        h2 = (h2 + h1) & _M
        h2 = (h2 * 5 + 0x38495AB5) & _M
    tail = data[nblocks * 16 :]
    k1 = k2 = 0
    for i in range(len(tail) - 1, -1, -1):
        b = tail[i]
        signed = (b - 256 if b > 127 else b) & _M  # Java sign extension
        if i >= 8:
            k2 ^= (signed << ((i - 8) * 8)) & _M
        else:
            k1 ^= (signed << (i * 8)) & _M
    if len(tail) > 8:
        k2 = (k2 * _C2) & _M
        k2 = _rotl(k2, 33)
        k2 = (k2 * _C1) & _M
        h2 ^= k2
    if tail:
        k1 = (k1 * _C1) & _M
        k1 = _rotl(k1, 31)
        k1 = (k1 * _C2) & _M
        h1 ^= k1
    h1 ^= length
    h2 ^= length
    h1 = (h1 + h2) & _M
    h2 = (h2 + h1) & _M
    h1 = _fmix(h1)
    h2 = _fmix(h2)
    h1 = (h1 + h2) & _M
    token = h1 - (1 << 64) if h1 >= (1 << 63) else h1
    return (1 << 63) - 1 if token == -(1 << 63) else token  # MINIMUM is reserved
