"""The engine's prepared statements, bounded like Cassandra's cache: by (estimated) memory,
least recently used first out.

An evicted id is simply unknown: EXECUTE answers ``UNPREPARED`` and drivers prepare the
statement again transparently, as they do after a Cassandra node evicted or restarted.

>>> cache = PreparedCache(max_bytes=3000)
>>> for n in range(3):
...     cache.put(bytes([n]), f"SELECT {n}")  # ~1 KiB each
>>> cache.get(bytes([0])) is None, cache.get(bytes([2]))
(True, 'SELECT 2')
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # Cassandra's floor for prepared_statements_cache_size
_ENTRY_BYTES = 1024  # parsed tree, metadata and bookkeeping of one statement, besides its text


def estimated_size(cql: str) -> int:
    """What a prepared statement of this text is counted as, in bytes."""
    return _ENTRY_BYTES + 4 * len(cql)


class PreparedCache(Generic[T]):
    """Statements by id, evicting the least recently used beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[bytes, tuple[T, int]] = OrderedDict()

    def get(self, statement_id: bytes) -> T | None:
        """The statement (now the most recently used), or ``None`` if unknown or evicted."""
        entry = self._items.get(statement_id)
        if entry is None:
            return None
        with contextlib.suppress(KeyError):  # evicted meanwhile by another thread: still valid
            self._items.move_to_end(statement_id)
        return entry[0]

    def put(self, statement_id: bytes, statement: T, cql: str | None = None) -> None:
        """Remember ``statement`` (its text ``cql`` sets its weight; ``str(statement)`` if
        omitted), evicting the least recently used ones beyond the bound."""
        old = self._items.pop(statement_id, None)
        if old is not None:
            self.size -= old[1]
        weight = estimated_size(str(statement) if cql is None else cql)
        self._items[statement_id] = (statement, weight)
        self.size += weight
        while self.size > self.max_bytes and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self.size -= dropped

    def discard(self, statement_id: bytes) -> None:
        """Forget a statement (a schema change altered its columns), if cached."""
        old = self._items.pop(statement_id, None)
        if old is not None:
            self.size -= old[1]

    def values(self) -> list[T]:
        """The cached statements."""
        return [statement for statement, _ in list(self._items.values())]

    def __len__(self) -> int:
        return len(self._items)
