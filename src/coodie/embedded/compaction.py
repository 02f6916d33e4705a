"""Compaction: drop what can never be read again, so memory and snapshots stay bounded.

Like Cassandra, a deletion is kept for the table's ``gc_grace_seconds`` (it must keep
shadowing older writes), then purged:

- a cell shadowed by a row, range or partition deletion is dropped at once (it can never
  be read again);
- a cell tombstone is purged ``gc_grace_seconds`` after its deletion time, an expired cell
  ``gc_grace_seconds`` after it expired;
- row, range and partition deletions are purged once the partition has gone
  ``gc_grace_seconds`` without a write (their exact deletion times are not kept), and
  rows and partitions left empty are removed.

``Engine.compact()`` runs it; it also runs before every checkpoint, and every
``engine.COMPACT_EVERY`` statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from coodie.embedded.schema_store import is_user_keyspace
from coodie.embedded.storage import NO_DELETION, Cell, Complex, Partition, Row

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


@attrs.define
class CompactionStats:
    """What one compaction removed."""

    cells: int = 0
    rows: int = 0
    partitions: int = 0


def compact(eng: Engine, now: int | None = None) -> CompactionStats:
    """Purge every table of ``eng`` (engine lock held); ``now`` in seconds.

    >>> from coodie.embedded import Engine
    >>> e = Engine()
    >>> s = e.session()
    >>> _ = s.execute("CREATE KEYSPACE ks WITH replication = "
    ...               "{'class': 'SimpleStrategy', 'replication_factor': 1}")
    >>> _ = s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int) WITH gc_grace_seconds = 0")
    >>> _ = s.execute("INSERT INTO ks.t (k, v) VALUES (1, 1)")
    >>> _ = s.execute("DELETE FROM ks.t WHERE k = 1")
    >>> compact(e, now=e.now_us() // 1_000_000 + 1).partitions
    1
    """
    stats = CompactionStats()
    now = eng.now_us() // 1_000_000 if now is None else now
    for (ks, name), data in eng.data.items():
        table = eng.keyspaces[ks].tables.get(name) if is_user_keyspace(ks) else None
        if table is None:
            continue
        grace = int(table.options.get("gc_grace_seconds", 864000))
        empty = []
        for pk_bytes, part in data.partitions.items():
            if _compact_partition(part, grace, now, stats):
                empty.append(pk_bytes)
        for pk_bytes in empty:
            del data.partitions[pk_bytes]
        if empty:
            data._order = None
            stats.partitions += len(empty)
    return stats


def _compact_partition(part: Partition, grace: int, now: int, stats: CompactionStats) -> bool:
    """Compact one partition; True when nothing is left in it."""
    purge_deletions = part.touched_at + grace < now
    gone = []
    for sk, row in part.rows.items():
        deletion = part.row_deletion(sk, row)
        if _compact_row(row, deletion, grace, now, purge_deletions, stats):
            gone.append(sk)
    for sk in gone:
        del part.rows[sk]
        part.keys.remove(sk)
    stats.rows += len(gone)
    _compact_row(part.static, max(part.deleted, part.static.deleted), grace, now, False, stats)
    if purge_deletions:
        part.deleted = NO_DELETION
        part.ranges.clear()
        part.static.deleted = NO_DELETION
    return (
        not part.rows and not part.static.cells and not part.ranges and part.deleted == NO_DELETION
    )


def _dead(c: Cell, deletion: int, grace: int, now: int, purge_deletions: bool) -> bool:
    if c.ts <= deletion:
        return True
    if c.value is None:
        return (c.expire + grace < now) if c.expire else purge_deletions
    return bool(c.expire) and c.expire + grace < now


def _compact_row(
    row: Row, deletion: int, grace: int, now: int, purge_deletions: bool, stats: CompactionStats
) -> bool:
    """Compact one row; True when the row holds nothing any more."""
    if row.marker is not None and _dead(row.marker, deletion, grace, now, purge_deletions):
        row.marker = None
    drop: list[Any] = []
    for name, c in row.cells.items():
        if isinstance(c, Cell):
            if _dead(c, deletion, grace, now, purge_deletions):
                drop.append(name)
            continue
        if _compact_complex(c, deletion, grace, now, purge_deletions, stats):
            drop.append(name)
    for name in drop:
        row.drop_cell(name)
    stats.cells += len(drop)
    if purge_deletions:
        row.deleted = NO_DELETION
    return row.marker is None and not row.cells and row.deleted == NO_DELETION


def _compact_complex(
    c: Complex, deletion: int, grace: int, now: int, purge_deletions: bool, stats: CompactionStats
) -> bool:
    floor = max(deletion, c.deleted)
    dead = [k for k, e in c.items.items() if _dead(e, floor, grace, now, purge_deletions)]
    for k in dead:
        del c.items[k]
    stats.cells += len(dead)
    if c.deleted <= deletion or purge_deletions:
        c.deleted = NO_DELETION
    return not c.items and c.deleted == NO_DELETION
