"""What one write changed: before-images to undo it, after-images to log and replay it.

While a :class:`Journal` is active (``storage.JOURNAL``), every partition and row a write
touches is recorded once, before its first change. Afterwards the journal can

- ``undo()`` the write (the log append failed: nothing of it stays visible), or
- ``records()`` the *evaluated* result — cells with their write timestamps, absolute
  expiry times and generated values — as plain data that :func:`apply_records` sets
  back exactly, whatever the clock says at replay.

>>> from coodie.embedded.storage import TableData, JOURNAL
>>> data, j = TableData(), Journal()
>>> token = JOURNAL.set(j)
>>> p = data.get_or_create((1,), b"\\x00\\x00\\x00\\x01", 5)
>>> JOURNAL.reset(token)
>>> j.undo()
>>> data.partitions
{}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.embedded.keys import clustering_key_fn, partition_bytes
from coodie.embedded.murmur3 import murmur3_token
from coodie.embedded.storage import Cell, Complex, Partition, RangeTombstone, Row, TableData

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

CellRecord = tuple[int, Any, int, int]
"""``(write timestamp µs, value or None for a tombstone, ttl, absolute expiry s or 0)``."""
RowRecord = tuple[tuple[Any, ...], CellRecord | None, int, list[tuple[str, Any]]]
"""``(clustering values, row marker, row deletion, [(column, cell or [deleted, items])])``."""
PartitionRecord = tuple[str, str, tuple[Any, ...], int, list[Any], RowRecord, list[RowRecord], int]
"""``(keyspace, table, key, deletion, new range tombstones, static row, rows, last write s)``."""


class _RowImage:
    __slots__ = ("cells", "complex", "deleted", "marker")

    def __init__(self, row: Row) -> None:
        self.marker = row.marker
        self.deleted = row.deleted
        self.cells = row.cells  # immutable: the object is the before-image
        self.complex = {
            name: (c.deleted, dict(c.items))
            for name, c in row.cells.items()
            if isinstance(c, Complex)
        }

    def restore(self, row: Row) -> None:
        row.marker, row.deleted, row.cells = self.marker, self.deleted, self.cells
        for name, (deleted, items) in self.complex.items():
            c = self.cells.get(name)
            assert isinstance(c, Complex)
            c.deleted, c.items = deleted, dict(items)


class _Touched:
    __slots__ = ("created", "data", "deleted", "nranges", "part", "rows", "static")

    def __init__(self, data: TableData, part: Partition, created: bool) -> None:
        self.data, self.part, self.created = data, part, created
        self.deleted, self.nranges = part.deleted, len(part.ranges)
        self.static = _RowImage(part.static)
        self.rows: dict[Any, _RowImage | None] = {}


class Journal:
    """The partitions and rows one write touched, with their state before it."""

    def __init__(self) -> None:
        self.touched: dict[int, _Touched] = {}

    def partition(self, data: TableData, part: Partition, created: bool) -> None:
        """Called by ``TableData.get_or_create`` before a partition can change."""
        if id(part) not in self.touched:
            self.touched[id(part)] = _Touched(data, part, created)

    def row(self, part: Partition, sort_key: Any, row: Row | None) -> None:
        """Called by ``Partition.row`` before a row can change (``None``: it is new)."""
        t = self.touched.get(id(part))
        if t is None:
            raise RuntimeError("a partition was changed without TableData.get_or_create")
        if sort_key not in t.rows:
            t.rows[sort_key] = None if row is None else _RowImage(row)

    def undo(self) -> None:
        """Put every touched partition back as it was before the write."""
        for t in reversed(list(self.touched.values())):
            part = t.part
            if t.created:
                t.data.partitions.pop(part.pk_bytes, None)
                t.data._order = None
                continue
            part.deleted = t.deleted
            del part.ranges[t.nranges :]
            t.static.restore(part.static)
            for sk, image in t.rows.items():
                if image is not None:
                    image.restore(part.rows[sk])
                    continue
                part.rows.pop(sk, None)
                part.keys.remove(sk)

    def records(self, names: dict[int, tuple[str, str]]) -> list[PartitionRecord]:
        """The after-images of everything changed (``names``: id(TableData) -> table)."""
        out = []
        for t in self.touched.values():
            part = t.part
            ks, table = names[id(t.data)]
            ranges = [_range_record(rt) for rt in part.ranges[t.nranges :]]
            static = _row_record(part.static, t.static)
            rows = [_row_record(part.rows[sk], image) for sk, image in t.rows.items()]
            out.append((ks, table, part.key, part.deleted, ranges, static, rows, part.touched_at))
        return out


def partition_record(ks: str, table: str, part: Partition) -> PartitionRecord:
    """The whole of one partition as a record (for snapshots)."""
    rows = [_row_record(part.rows[sk], None) for sk in part.keys]
    ranges = [_range_record(rt) for rt in part.ranges]
    static = _row_record(part.static, None)
    return (ks, table, part.key, part.deleted, ranges, static, rows, part.touched_at)


def _range_record(rt: RangeTombstone) -> tuple[Any, ...]:
    return (rt.lo, rt.lo_incl, rt.hi, rt.hi_incl, rt.ts)


def _cell_record(c: Cell) -> CellRecord:
    return (c.ts, c.value, c.ttl, c.expire)


def _row_record(row: Row, before: _RowImage | None) -> RowRecord:
    cells: list[tuple[str, Any]] = []
    for name, c in row.cells.items():
        old = None if before is None else before.cells.get(name)
        if isinstance(c, Cell):
            if c is not old:
                cells.append((name, _cell_record(c)))
            continue
        if old is c and before is not None:
            deleted, items = before.complex[name]
            changed = [(k, e) for k, e in c.items.items() if items.get(k) is not e]
            if deleted == c.deleted and not changed:
                continue
        else:
            changed = list(c.items.items())
        cells.append((name, [c.deleted, [(k, _cell_record(e)) for k, e in changed]]))
    marker = None if row.marker is None else _cell_record(row.marker)
    return (row.ck, marker, row.deleted, cells)


def apply_records(eng: Engine, records: list[PartitionRecord]) -> None:
    """Set the recorded after-images into the engine's storage, exactly as recorded."""
    for ks, table_name, key, deleted, ranges, static, rows, touched_at in records:
        table = eng.table(ks, table_name)
        data = eng.data[(ks, table_name)]
        key = tuple(key)
        pb = partition_bytes([c.type for c in table.partition_key], key)
        part = data.get_or_create(key, pb, murmur3_token(pb))
        part.deleted = deleted
        part.touched_at = touched_at
        part.ranges.extend(RangeTombstone(*r) for r in ranges)
        _set_row(part.static, static)
        ckf = clustering_key_fn(
            [c.type for c in table.clustering], [c.desc for c in table.clustering]
        )
        for rec in rows:
            ck = tuple(rec[0])
            _set_row(part.row(ckf(ck), ck), rec)


def _set_row(row: Row, rec: RowRecord) -> None:
    _, marker, deleted, cells = rec
    row.marker = None if marker is None else Cell(*marker)
    row.deleted = deleted
    for name, c in cells:
        if isinstance(c, tuple):
            row.set_cell(name, Cell(*c))
            continue
        cx = row.cells.get(name)
        if not isinstance(cx, Complex):
            cx = Complex()
            row.set_cell(name, cx)
        cx.deleted = c[0]
        for k, e in c[1]:
            cx.items[k] = Cell(*e)
