"""Small deterministic text embeddings, computed offline: a hashed bag of words and trigrams.

Each lower-cased word and each of its character trigrams (``"lamp"`` -> ``"#la"``, ``"lam"``,
``"amp"``, ``"mp#"``) is hashed (BLAKE2b, so the same on every machine and run) to one of
``DIMENSIONS`` slots with a sign; the vector is normalised to length 1. Texts sharing words or
word stems ("lamp", "lamps") point in close directions, so cosine similarity ranks them near.
It is no language model, but it needs no download; the README shows how to plug in one.

>>> v = embed("Desk lamp")
>>> len(v), round(sum(x * x for x in v), 6)
(64, 1.0)
>>> cosine(embed("desk lamp"), embed("lamps for a desk")) > cosine(embed("desk lamp"), embed("tea"))
True
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

DIMENSIONS = 64
WORD = re.compile(r"[a-z0-9]+")
TRIGRAM_WEIGHT = 0.5


class EmptyTextError(ValueError):
    """The text has no word to embed (a zero vector has no direction to compare)."""


def features(text: str) -> list[tuple[str, float]]:
    """The weighted features of ``text``: its words and their character trigrams."""
    out: list[tuple[str, float]] = []
    for word in WORD.findall(text.lower()):
        out.append((word, 1.0))
        padded = f"#{word}#"
        out.extend((padded[i : i + 3], TRIGRAM_WEIGHT) for i in range(len(padded) - 2))
    return out


def _slot(feature: str, dimensions: int) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
    number = int.from_bytes(digest, "big")
    return number % dimensions, 1.0 if number >> 63 else -1.0


def embed(text: str, dimensions: int = DIMENSIONS) -> list[float]:
    """The unit vector of ``text``; :class:`EmptyTextError` when it has no word."""
    vector = [0.0] * dimensions
    for feature, weight in features(text):
        slot, sign = _slot(feature, dimensions)
        vector[slot] += sign * weight
    norm = math.sqrt(sum(x * x for x in vector))
    if norm == 0.0:
        raise EmptyTextError(f"no word to search for in {text!r}")
    return [x / norm for x in vector]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The cosine of the angle between two vectors (1 same direction, -1 opposite)."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


def similarity(a: Sequence[float], b: Sequence[float]) -> float:
    """Cassandra's ``similarity_cosine``: ``(1 + cosine) / 2``, from 0 to 1."""
    return (1.0 + cosine(a, b)) / 2.0
