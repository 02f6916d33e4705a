"""In-memory storage with Cassandra's cell semantics.

Partitions are kept by serialized key and iterated in (token, key) order; rows in
clustering order. Every cell has a write timestamp and optional expiry; deletions
are tombstones (partition, range, row, cell, collection) that shadow data with an
equal or lower timestamp.

>>> Cell(1, 5).value
5
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from coodie.cql.types import CqlType, ListType, MapType, SetType, UserDefinedType
from coodie.embedded.cells import EMPTY_CELLS, Cells
from coodie.embedded.codec import serialize
from coodie.embedded.locking import checkpoint
from coodie.embedded.sortedkeys import SortedKeys

JOURNAL: ContextVar[Any] = ContextVar("coodie_embedded_journal", default=None)
"""The :class:`~coodie.embedded.journal.Journal` recording the write being applied, if any."""


class Cell:
    """A value written at ``ts``; ``value`` None is a tombstone; ``expire`` in seconds."""

    __slots__ = ("expire", "ts", "ttl", "value")

    def __init__(self, ts: int, value: Any, ttl: int = 0, expire: int = 0) -> None:
        self.ts = ts
        self.value = value
        self.ttl = ttl
        self.expire = expire

    def live(self, now: int) -> bool:
        """Whether the cell holds a value that has not expired at ``now`` (seconds)."""
        return self.value is not None and (not self.expire or self.expire > now)


class Complex:
    """A non-frozen collection / UDT: element cells plus a collection tombstone."""

    __slots__ = ("deleted", "items")

    def __init__(self) -> None:
        self.deleted = -(1 << 63)
        self.items: dict[Any, Cell] = {}


def winner(old: Cell, new: Cell, t: CqlType, now: int) -> Cell:
    """Cassandra's reconciliation of two versions of one cell."""
    if new.ts != old.ts:
        return new if new.ts > old.ts else old
    old_live, new_live = old.live(now), new.live(now)
    if old_live != new_live:
        return old if not old_live else new
    if not old_live:
        return new
    if (old.expire or new.expire) and old.expire != new.expire:
        if not old.expire:
            return new
        if not new.expire:
            return old
        return new if new.expire > old.expire else old
    a, b = serialize(t, old.value), serialize(t, new.value)
    return new if b >= a else old


class Row:
    """One row: clustering values, row marker, row tombstone and cells by column."""

    __slots__ = ("cells", "ck", "deleted", "marker")

    def __init__(self, ck: tuple[Any, ...]) -> None:
        self.ck = ck
        self.marker: Cell | None = None
        self.deleted = -(1 << 63)
        self.cells: Cells = EMPTY_CELLS

    def set_cell(self, name: str, cell: Cell | Complex) -> None:
        """Store ``cell`` as column ``name``'s (replacing any)."""
        self.cells = self.cells.with_cell(name, cell)

    def drop_cell(self, name: str) -> None:
        """Forget column ``name``'s cell, if any."""
        self.cells = self.cells.without(name)


NO_DELETION = -(1 << 63)


class RangeTombstone:
    """Deletes rows whose clustering key lies between two (prefix) bounds."""

    __slots__ = ("hi", "hi_incl", "lo", "lo_incl", "ts")

    def __init__(
        self,
        lo: tuple[Any, ...] | None,
        lo_incl: bool,
        hi: tuple[Any, ...] | None,
        hi_incl: bool,
        ts: int,
    ) -> None:
        self.lo, self.lo_incl, self.hi, self.hi_incl, self.ts = lo, lo_incl, hi, hi_incl, ts

    def covers(self, key: tuple[Any, ...]) -> bool:
        """Whether a row with clustering sort key ``key`` lies inside this range."""
        if self.lo is not None:
            p = key[: len(self.lo)]
            if p < self.lo or (p == self.lo and not self.lo_incl):
                return False
        if self.hi is not None:
            p = key[: len(self.hi)]
            if p > self.hi or (p == self.hi and not self.hi_incl):
                return False
        return True


class Partition:
    """A partition: key, token, tombstones, static row and ordered rows."""

    __slots__ = (
        "deleted",
        "key",
        "keys",
        "pk_bytes",
        "ranges",
        "rows",
        "static",
        "token",
        "touched_at",
    )

    def __init__(self, key: tuple[Any, ...], pk_bytes: bytes, token: int) -> None:
        self.key = key
        self.pk_bytes = pk_bytes
        self.token = token
        self.deleted = NO_DELETION
        self.static = Row(())
        self.rows: dict[tuple[Any, ...], Row] = {}
        self.keys = SortedKeys()
        self.ranges: list[RangeTombstone] = []
        self.touched_at = 0  # last write, in seconds: its tombstones are purged gc_grace later

    def row(self, sort_key: tuple[Any, ...], ck: tuple[Any, ...]) -> Row:
        """The row at ``sort_key``, created (in clustering order) if missing."""
        r = self.rows.get(sort_key)
        journal = JOURNAL.get()
        if journal is not None:
            journal.row(self, sort_key, r)
        if r is None:
            if len(ck) == len(sort_key) and all(map(operator.is_, ck, sort_key)):
                ck = sort_key  # the usual case (no descending order, no key transform): one tuple
            r = self.rows[sort_key] = Row(ck)
            self.keys.add(sort_key)
        return r

    def row_deletion(self, sort_key: tuple[Any, ...], row: Row) -> int:
        """The newest deletion timestamp covering a row (partition, range, row)."""
        d = max(self.deleted, row.deleted)
        for rt in self.ranges:
            if rt.ts > d and rt.covers(sort_key):
                d = rt.ts
        return d


class TableData:
    """All partitions of one table."""

    def __init__(self) -> None:
        self.partitions: dict[bytes, Partition] = {}
        self._order: list[tuple[int, bytes]] | None = None

    def get(self, pk_bytes: bytes) -> Partition | None:
        """The partition with serialized key ``pk_bytes``, if any."""
        return self.partitions.get(pk_bytes)

    def get_or_create(self, key: tuple[Any, ...], pk_bytes: bytes, token: int) -> Partition:
        """The partition with this key, created if missing."""
        p = self.partitions.get(pk_bytes)
        created = p is None
        if p is None:
            p = self.partitions[pk_bytes] = Partition(key, pk_bytes, token)
            if self._order is not None:  # kept sorted: a scan never re-sorts a big table
                bisect.insort(self._order, (token, pk_bytes))
        journal = JOURNAL.get()
        if journal is not None:
            journal.partition(self, p, created)
        return p

    def ordered(self) -> list[tuple[int, bytes]]:
        """(token, key bytes) of every partition, in ring order."""
        if self._order is None:
            self._order = sorted((p.token, b) for b, p in self.partitions.items())
        return self._order

    def scan(self, start: tuple[int, bytes] | None = None) -> Iterator[Partition]:
        """Partitions in token order, starting after ``start``."""
        order = self.ordered()
        i = bisect.bisect_right(order, start) if start is not None else 0
        parts = self.partitions
        for tok_key in order[i:]:
            checkpoint()  # in a long read: let waiting statements run (see locking)
            p = parts.get(tok_key[1])
            if p is not None:
                yield p

    def clear(self) -> None:
        """Drop every partition (TRUNCATE)."""
        self.partitions.clear()
        self._order = None


# ---------------------------------------------------------------- reading


def live_value(t: CqlType, c: Cell | Complex, deletion: int, now: int) -> tuple[Any, Cell | None]:
    """The visible value of a column (None if none) and the cell carrying its metadata."""
    if isinstance(c, Cell):
        if c.ts > deletion and c.live(now):
            return c.value, c
        return None, None
    floor = max(deletion, c.deleted)
    vals = [(k, cell) for k, cell in c.items.items() if cell.ts > floor and cell.live(now)]
    if not vals:
        return None, None
    vals.sort(key=lambda kv: kv[0])
    if isinstance(t, ListType | SetType):
        return tuple(cell.value for _, cell in vals), vals[-1][1]
    if isinstance(t, MapType):
        return tuple(cell.value for _, cell in vals), vals[-1][1]
    if isinstance(t, UserDefinedType):
        d = dict(vals)
        n = len(t.fields)
        return tuple(d[i].value if i in d else None for i in range(n)), vals[-1][1]
    return tuple(cell.value for _, cell in vals), vals[-1][1]
