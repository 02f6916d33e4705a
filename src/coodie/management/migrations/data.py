"""The data operations of a migration context, as programs: scan, update, backfill.

``ctx.scan_table`` iterates a table by token ranges in pages; ``ctx.update_rows``
writes rows, and during a scan it sends them in one logged batch with the
checkpoint after the current page, so a rerun resumes after the last page
written. ``ctx.backfill`` does both for every row, with ``--workers N`` ranges
in parallel. ``--max-rows-per-second`` throttles, ``--shard I/N`` keeps one share
of the ranges::

    for page in ctx.scan_table(Product, columns=["id", "price"], page_size=500):
        ctx.update_rows(Product, [{"id": r["id"], "cents": int(r["price"] * 100)} for r in page])
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from coodie.cql.options import ExecutionOptions
from coodie.exceptions import MigrationError
from coodie.executor import ops
from coodie.management.calls import table_schema
from coodie.management.migrations import state
from coodie.management.migrations.program import Parallel, Pause, Program
from coodie.management.migrations.progress import Tracker
from coodie.management.migrations.scan import (
    DEFAULT_RANGES,
    DONE,
    ScanTarget,
    TokenRange,
    checkpoint_value,
    logged_batch,
    parse_shard,
    read_range_page,
    resume_state,
    shard,
    split_ring,
    update_statements,
)
from coodie.management.reads import read_table

if TYPE_CHECKING:
    from coodie.management.migrations.core import ContextCore, TableRef

Rows = list[dict[str, Any]]
Transform = Callable[[dict[str, Any]], "dict[str, Any] | None"]
_OPTIONS = ExecutionOptions()


@attrs.define
class Cursor:
    """Where one worker of a scan is: its ranges left, the current one and its paging state.

    The workers of a scan share its :class:`~.progress.Tracker` (one progress total).
    """

    name: str
    target: ScanTarget
    page_size: int
    ranges: list[TokenRange]
    tracker: Tracker
    current: TokenRange | None = None
    state: bytes | None = None
    pending: tuple[str, str] | None = None
    range_rows: int = 0


def target_of(
    core: ContextCore, table: TableRef | ScanTarget, columns: Sequence[str] = ()
) -> Program[ScanTarget]:
    """The keyspace, table, keys and columns of a Document class or a table name.

    Selected columns always include the primary key (``update_rows`` needs it).
    """
    if isinstance(table, ScanTarget):
        return table
    keyspace, name = core.table_name(table)
    if not isinstance(table, str):
        schema = table_schema(table)
        partition, key = schema.partition_key, schema.primary_key
    elif (keyspace, name) in core.keys:
        partition, key = core.keys[keyspace, name]
    else:
        live = yield read_table(keyspace, name)
        if live is None:
            raise MigrationError(f"table {keyspace}.{name} does not exist", path=core.path)
        partition, key = live.partition_key, live.partition_key + live.clustering_key
    core.keys[keyspace, name] = (partition, key)
    selected = (*[k for k in key if k not in columns], *columns) if columns else ()
    return ScanTarget(keyspace, name, partition, key, selected)


def _ranges(core: ContextCore) -> list[TokenRange]:
    ranges = split_ring(int(core.settings.get("ranges", DEFAULT_RANGES)))
    if core.settings.get("shard"):
        ranges = shard(ranges, *parse_shard(str(core.settings["shard"])))
    return list(ranges)


def open_scan(
    core: ContextCore,
    table: TableRef | ScanTarget,
    columns: Sequence[str],
    page_size: int,
    name: str | None,
) -> Program[Cursor]:
    """Start (or resume from the checkpoint) a scan of ``table``."""
    if page_size < 1:
        raise MigrationError(f"page_size must be at least 1, not {page_size}", path=core.path)
    target = yield from target_of(core, table, columns)
    scan_name = name or target.table
    ranges = _ranges(core)
    left = [r for r in ranges if core.checkpoint.get(f"{scan_name}/{r.index}") != DONE]
    tracker = Tracker(
        scan_name, ranges_total=len(ranges), ranges_to_do=len(left), sink=core.progress
    )
    return Cursor(scan_name, target, page_size, left, tracker)


def _key(cursor: Cursor, token_range: TokenRange) -> str:
    return f"{cursor.name}/{token_range.index}"


def save_pending(core: ContextCore, cursor: Cursor) -> Program[None]:
    """Write the checkpoint of the last page read if ``update_rows`` did not carry it."""
    if cursor.pending is None or core.dry_run:
        cursor.pending = None
        return
    key, value = cursor.pending
    cursor.pending = None
    core.checkpoint[key] = value
    yield ops.write(
        state.checkpoint_statement(core.state_keyspace, core.migration_id, key, value), _OPTIONS
    )


def next_page(core: ContextCore, cursor: Cursor) -> Program[Rows | None]:
    """The next non-empty page of the scan, or ``None`` when every range is done."""
    yield from save_pending(core, cursor)
    while True:
        if cursor.current is None:
            if not cursor.ranges:
                cursor.tracker.finish()
                return None
            cursor.current = cursor.ranges.pop(0)
            cursor.state = resume_state(core.checkpoint.get(_key(cursor, cursor.current)))
            cursor.range_rows = 0
        token_range = cursor.current
        page: tuple[Rows, bytes | None] = yield read_range_page(
            cursor.target, token_range, cursor.page_size, cursor.state
        )
        rows, after = page
        cursor.pending = (_key(cursor, token_range), checkpoint_value(after))
        cursor.range_rows += len(rows)
        cursor.state = after
        if after is None:
            cursor.current = None
        cursor.tracker.page(len(rows), cursor.range_rows if after is None else None)
        yield from _throttle(core, cursor.tracker)
        if rows:
            return rows
        yield from save_pending(core, cursor)


def _throttle(core: ContextCore, tracker: Tracker) -> Program[None]:
    """Pause while the scan (all its workers) is ahead of ``--max-rows-per-second``."""
    limit = core.settings.get("max_rows_per_second")
    if not limit:
        return
    ahead = tracker.rows / float(limit) - (time.monotonic() - tracker.started)
    if ahead > 0:
        yield Pause(ahead)


def update_rows(
    core: ContextCore,
    table: TableRef | ScanTarget,
    rows: Sequence[dict[str, Any]],
    cursor: Cursor | None,
) -> Program[int]:
    """Write ``rows`` (primary key + columns to set); during a scan, with its checkpoint."""
    target = yield from target_of(core, table)
    statements = list(update_statements(target, rows))
    if cursor is not None and cursor.pending is not None:
        key, value = cursor.pending
        statements.append(
            state.checkpoint_statement(core.state_keyspace, core.migration_id, key, value)
        )
        cursor.pending = None
        if not core.dry_run:
            core.checkpoint[key] = value
    if not statements:
        return 0
    if core.dry_run:
        for statement in statements:
            core.report(f"{statement.cql} -- params {statement.params!r}")
        return len(rows)
    yield ops.write(logged_batch(statements), _OPTIONS)
    return len(rows)


def backfill(
    core: ContextCore,
    table: TableRef | ScanTarget,
    transform: Transform,
    columns: Sequence[str],
    page_size: int,
) -> Program[int]:
    """Scan ``table`` and write ``transform(row)`` (when not ``None``) back into each row.

    With ``--workers N`` the ranges are processed by N workers in parallel.
    """
    cursor = yield from open_scan(core, table, columns, page_size, None)
    workers = max(1, int(core.settings.get("workers", 1)))
    queues = [cursor.ranges[i::workers] for i in range(workers)]
    totals = yield Parallel(
        tuple(_backfill_worker(core, attrs.evolve(cursor, ranges=q), transform) for q in queues)
    )
    return int(sum(totals))


def _backfill_worker(core: ContextCore, cursor: Cursor, transform: Transform) -> Program[int]:
    written = 0
    while (page := (yield from next_page(core, cursor))) is not None:
        updates = []
        for row in page:
            change = transform(row)
            if change is not None:
                updates.append({**{k: row[k] for k in cursor.target.primary_key}, **change})
        written += yield from update_rows(core, cursor.target, updates, cursor)
        yield from save_pending(core, cursor)
    return written
