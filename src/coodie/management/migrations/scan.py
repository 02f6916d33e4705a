"""Data migrations at scale: token ranges, paged scans, checkpoints, batched writes.

The Murmur3 ring is cut into :class:`TokenRange` work units (plain, picklable);
a scan reads each range in pages (memory bounded by the page size), and its
checkpoint — the ranges done and the paging state inside the current one — is
kept in the state row's ``checkpoint`` map. A page's writes and the checkpoint
after that page go in one logged batch, so a killed migration resumes after the
last page it wrote and writes no row twice::

    ranges = split_ring(64)
    mine = shard(ranges, 0, 4)                      # --shard 0/4
    rows, state = run(read_range_page(target, ranges[0], 500, None))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.cql.identifiers import qualified_name, quote_identifier
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import MigrationError
from coodie.executor.raw import dict_rows
from coodie.executor.runner import Operation

MIN_TOKEN = -(2**63)
MAX_TOKEN = 2**63 - 1
DEFAULT_RANGES = 64
"""How many token ranges a scan is cut into (fixed, so checkpoints and shards agree)."""
DONE = "done"


@attrs.frozen(slots=True)
class TokenRange:
    """Rows whose partition token ``t`` satisfies ``start < t <= end``; ``index`` names it.

    >>> import pickle
    >>> pickle.loads(pickle.dumps(TokenRange(0, MIN_TOKEN, 0))) == TokenRange(0, MIN_TOKEN, 0)
    True
    """

    index: int
    start: int
    end: int


def split_ring(count: int = DEFAULT_RANGES) -> tuple[TokenRange, ...]:
    """Cut the whole Murmur3 ring into ``count`` contiguous ranges.

    >>> [(r.start, r.end) for r in split_ring(2)]
    [(-9223372036854775808, -1), (-1, 9223372036854775807)]
    """
    if count < 1:
        raise MigrationError(f"a scan needs at least one token range, not {count}")
    width = (MAX_TOKEN - MIN_TOKEN) // count
    bounds = [MIN_TOKEN + i * width for i in range(count)] + [MAX_TOKEN]
    return tuple(TokenRange(i, bounds[i], bounds[i + 1]) for i in range(count))


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> ``(I, N)`` with ``0 <= I < N``.

    >>> parse_shard("1/4")
    (1, 4)
    """
    try:
        index, total = (int(p) for p in text.split("/"))
    except ValueError:
        raise MigrationError(f"--shard takes I/N (e.g. 0/4), not {text!r}") from None
    if not 0 <= index < total:
        raise MigrationError(f"--shard {text}: I must be between 0 and N-1")
    return index, total


def shard(ranges: Sequence[TokenRange], index: int, total: int) -> tuple[TokenRange, ...]:
    """The ranges shard ``index`` of ``total`` processes (every ``total``-th one).

    >>> [r.index for r in shard(split_ring(8), 1, 3)]
    [1, 4, 7]
    """
    return tuple(r for r in ranges if r.index % total == index)


@attrs.frozen(slots=True)
class ScanTarget:
    """What a scan reads: ``keyspace.table``, its partition key, the selected columns."""

    keyspace: str
    table: str
    partition_key: tuple[str, ...]
    primary_key: tuple[str, ...]
    columns: tuple[str, ...]

    def select(self) -> str:
        """The range query: ``SELECT ... WHERE token(pk) > ? AND token(pk) <= ?``."""
        names = ", ".join(quote_identifier(c) for c in self.columns) if self.columns else "*"
        token = "token(" + ", ".join(quote_identifier(c) for c in self.partition_key) + ")"
        where = f"{token} > ? AND {token} <= ?"
        return f"SELECT {names} FROM {qualified_name(self.keyspace, self.table)} WHERE {where}"


def read_range_page(
    target: ScanTarget, token_range: TokenRange, page_size: int, state: bytes | None
) -> Operation[tuple[list[dict[str, Any]], bytes | None]]:
    """One page of a range: its rows (dicts) and the paging state after it (``None``: done)."""
    statement = CompiledStatement(
        target.select(), (token_range.start, token_range.end), kind=StatementKind.SELECT
    )
    page = yield statement, ExecutionOptions(fetch_size=page_size, paging_state=state)
    return dict_rows(page), page.paging_state


def checkpoint_value(state: bytes | None) -> str:
    """What the checkpoint map stores for a range: ``done`` or the paging state in hex.

    >>> checkpoint_value(None), checkpoint_value(b"\\x01")
    ('done', 'page:01')
    """
    return DONE if state is None else "page:" + state.hex()


def resume_state(value: str | None) -> bytes | None:
    """The paging state a checkpoint value resumes from (``None``: from the start)."""
    if value is None or value == DONE:
        return None
    return bytes.fromhex(value.removeprefix("page:"))


def update_statements(
    target: ScanTarget, rows: Sequence[dict[str, Any]]
) -> tuple[CompiledStatement, ...]:
    """One ``UPDATE ... SET ... WHERE <primary key>`` per row; values bound.

    Each row holds the primary key columns and the columns to set.
    """
    out: list[CompiledStatement] = []
    key = target.primary_key
    table = qualified_name(target.keyspace, target.table)
    for row in rows:
        missing = [k for k in key if k not in row]
        if missing:
            raise MigrationError(
                f"update_rows on {target.table}: a row lacks primary key column(s) "
                f"{', '.join(missing)}"
            )
        values = [c for c in row if c not in key]
        if not values:
            continue
        sets = ", ".join(f"{quote_identifier(c)} = ?" for c in values)
        where = " AND ".join(f"{quote_identifier(k)} = ?" for k in key)
        params = tuple(row[c] for c in values) + tuple(row[k] for k in key)
        out.append(
            CompiledStatement(
                f"UPDATE {table} SET {sets} WHERE {where}", params, kind=StatementKind.UPDATE
            )
        )
    return tuple(out)


def logged_batch(statements: Sequence[CompiledStatement]) -> CompiledBatch:
    """A logged batch: all of it is applied, or none (the checkpoint rides with the rows)."""
    return CompiledBatch(BatchType.LOGGED, tuple(statements))
