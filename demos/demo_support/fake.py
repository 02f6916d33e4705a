"""Deterministic generated data for seed scripts (no download, same output for the same seed).

>>> fake = Fake(7)
>>> fake.name() == Fake(7).name()
True
>>> len(fake.sentence(words=5).split())
5
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

FIRST = [
    "Ada",
    "Bea",
    "Cyd",
    "Dov",
    "Eli",
    "Fay",
    "Gus",
    "Hal",
    "Ivy",
    "Jon",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Quin",
    "Rae",
    "Sam",
    "Tess",
    "Uma",
    "Vic",
    "Wyn",
    "Zoe",
]
LAST = [
    "Almeida",
    "Brandt",
    "Chen",
    "Dubois",
    "Eze",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Rossi",
    "Silva",
    "Tanaka",
    "Varga",
    "Weber",
    "Yilmaz",
]
WORDS = [
    "amber",
    "basalt",
    "cobalt",
    "drift",
    "ember",
    "fjord",
    "granite",
    "harbor",
    "indigo",
    "juniper",
    "kelp",
    "lumen",
    "meadow",
    "nimbus",
    "opal",
    "prism",
    "quartz",
    "ripple",
    "saffron",
    "tundra",
    "umber",
    "velvet",
    "willow",
    "zephyr",
    "cedar",
    "delta",
    "echo",
    "flare",
    "glacier",
    "horizon",
]


class Fake:
    """A seeded source of names, words, sentences, ids and times."""

    def __init__(self, seed: int = 42) -> None:
        self.random = random.Random(seed)

    def name(self) -> str:
        """``"Ada Chen"``."""
        return f"{self.random.choice(FIRST)} {self.random.choice(LAST)}"

    def username(self) -> str:
        """``"ada.chen42"``."""
        first, last = self.name().lower().split()
        return f"{first}.{last}{self.random.randint(1, 99)}"

    def word(self) -> str:
        """One word of the list above."""
        return self.random.choice(WORDS)

    def words(self, n: int) -> list[str]:
        """``n`` distinct words."""
        return self.random.sample(WORDS, n)

    def title(self, words: int = 3) -> str:
        """``"Cobalt Fjord Echo"``."""
        return " ".join(w.capitalize() for w in self.words(words))

    def sentence(self, words: int = 8) -> str:
        """A sentence of ``words`` words ending with a full stop."""
        text = " ".join(self.random.choice(WORDS) for _ in range(words))
        return text.capitalize() + "."

    def uuid(self) -> uuid.UUID:
        """A random (version 4) UUID drawn from the seeded generator."""
        return uuid.UUID(int=self.random.getrandbits(128), version=4)

    def past(self, days: int = 30) -> datetime:
        """A UTC time within the last ``days`` days, to the millisecond (CQL timestamp)."""
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return now - timedelta(seconds=self.random.randint(0, days * 86400))
