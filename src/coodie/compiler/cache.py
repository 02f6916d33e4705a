"""A bounded LRU cache of compiled statement templates, keyed by tree shape.

>>> c = StatementCache(maxsize=2)
>>> c.put("a", 1); c.put("b", 2); c.get("a"); c.put("c", 3)
1
>>> c.get("b") is None, c.info().size
(True, 2)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, NamedTuple, TypeVar

V = TypeVar("V")


class CacheInfo(NamedTuple):
    """Cache statistics."""

    hits: int
    misses: int
    size: int
    maxsize: int


class StatementCache(Generic[V]):
    """A thread-safe LRU mapping of at most ``maxsize`` entries."""

    def __init__(self, maxsize: int = 2048) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, key: Hashable) -> V | None:
        """The entry for ``key`` (marked most recently used), or ``None``."""
        value = self._data.get(key)
        if value is None:
            self._misses += 1
            return None
        self._hits += 1
        try:  # noqa: SIM105 - faster than contextlib.suppress on this hot path
            self._data.move_to_end(key)
        except KeyError:  # evicted by another thread meanwhile
            pass
        return value

    def put(self, key: Hashable, value: V) -> None:
        """Store ``value``, evicting the least recently used entries beyond ``maxsize``."""
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry and reset the statistics."""
        with self._lock:
            self._data.clear()
            self._hits = self._misses = 0

    def info(self) -> CacheInfo:
        """Hits, misses, current size and bound."""
        return CacheInfo(self._hits, self._misses, len(self._data), self.maxsize)
