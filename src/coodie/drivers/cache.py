"""A small bounded LRU cache for prepared statements, one per connection.

>>> cache: PreparedCache[str] = PreparedCache(maxsize=2)
>>> cache.put("a", "A"); cache.put("b", "B"); cache.put("c", "C")
>>> cache.get("a") is None, cache.get("c")
(True, 'C')
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class PreparedCache(Generic[V]):
    """Bounded, thread-safe map from CQL text to a driver's prepared statement."""

    __slots__ = ("_data", "_lock", "maxsize")

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, cql: str) -> V | None:
        """The cached statement for ``cql`` (refreshing its recency), or ``None``."""
        data = self._data
        try:
            value = data[cql]
            data.move_to_end(cql)  # atomic under the GIL; no lock on the hot path
        except KeyError:  # absent, or evicted by another thread in between
            return None
        return value

    def put(self, cql: str, value: V) -> None:
        """Store ``value``, evicting the least recently used entry when full."""
        with self._lock:
            self._data[cql] = value
            self._data.move_to_end(cql)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def discard(self, cql: str) -> None:
        """Forget the statement for ``cql`` (its metadata went stale), if cached."""
        with self._lock:
            self._data.pop(cql, None)

    def clear(self) -> None:
        """Forget every statement (after a reconnect or a schema change)."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
