"""Batches: validation rules, a shared timestamp, atomic application and batch LWT."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from coodie.embedded.errors import invalid
from coodie.embedded.nodes import BatchKind, InsertStmt, UpdateStmt
from coodie.embedded.results import EngineResult
from coodie.embedded.terms import EvalContext

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

WARN_BYTES = 5 * 1024
FAIL_BYTES = 50 * 1024
UNLOGGED_PARTITION_WARN = 10


@attrs.frozen
class BatchOutcome:
    """The result of a batch and the timestamp it was written with."""

    result: EngineResult
    timestamp: int


def _is_conditional(st: Any) -> bool:
    if isinstance(st, InsertStmt):
        return st.if_not_exists
    return bool(st.conditions or st.if_exists)


def run_batch(
    eng: Engine,
    ks: str | None,
    kind: BatchKind,
    ts_term: Any,
    ttl_term: Any,
    items: list[tuple[Any, list[Any]]],
    client_ts: int | None,
) -> BatchOutcome:
    """Validate and apply a batch of modification statements atomically."""
    from coodie.embedded.executor import apply_mutations, build_mutations

    if ttl_term is not None:
        raise invalid("Global TTL on the BATCH statement is not supported.")
    ts = _batch_timestamp(eng, ts_term, items, client_ts)
    now = eng.now_us() // 1_000_000
    tables = _batch_tables(eng, ks, kind, items)
    all_muts = []
    per_stmt = []
    for (st, values), table in zip(items, tables, strict=True):
        ctx = EvalContext(values, ts // 1000)
        if (
            isinstance(st, UpdateStmt)
            and (st.conditions or st.if_exists)
            and st.timestamp is not None
        ):
            raise invalid("Cannot provide custom timestamp for conditional updates")
        muts = build_mutations(eng, st, table, ctx, ts, now)
        per_stmt.append((st, muts, ctx))
        all_muts.extend(muts)
    warnings = _size_checks(kind, tables, all_muts, items)
    if any(_is_conditional(st) for st, _ in items):
        return BatchOutcome(_conditional_batch(eng, tables, per_stmt, all_muts, now), ts)
    apply_mutations(eng, all_muts, now)
    return BatchOutcome(EngineResult.void(tuple(warnings)), ts)


def _batch_timestamp(
    eng: Engine, ts_term: Any, items: list[tuple[Any, list[Any]]], client_ts: int | None
) -> int:
    """The batch's write time: ``USING TIMESTAMP``, else the client's, else the engine's clock."""
    if ts_term is None:
        return client_ts if client_ts is not None else eng.timestamp()
    from coodie.cql.types import NATIVE
    from coodie.embedded.terms import evaluate

    for st, _ in items:
        if st.timestamp is not None:
            raise invalid("Timestamp must be set either on BATCH or individual statements")
    ts: int = evaluate(
        ts_term, NATIVE["bigint"], "[timestamp]", EvalContext(items[0][1] if items else [])
    )
    return ts


def _batch_tables(
    eng: Engine, ks: str | None, kind: BatchKind, items: list[tuple[Any, list[Any]]]
) -> list[Any]:
    """Each statement's table, checked against the batch kind (counter or not)."""
    tables = []
    for st, _ in items:
        ksn = eng.resolve_ks(st.keyspace, ks)
        table = eng.table(ksn, st.table)
        tables.append(table)
        if kind is BatchKind.LOGGED and table.is_counter:
            raise invalid("Cannot include a counter statement in a logged batch")
        if kind is BatchKind.COUNTER and not table.is_counter:
            raise invalid("Cannot include non-counter statement in a counter batch")
    if kind is BatchKind.UNLOGGED and len({t.is_counter for t in tables}) > 1:
        raise invalid("Counter and non-counter mutations cannot exist in the same batch")
    return tables


def _conditional_batch(
    eng: Engine, tables: list[Any], per_stmt: list[Any], all_muts: list[Any], now: int
) -> EngineResult:
    """A batch with conditions: one table, one partition, applied only if they all hold."""
    from coodie.embedded.lwt import conditional as run_conditional

    keys = {(m.table.keyspace, m.table.name) for m in all_muts}
    if len(keys) > 1:
        raise invalid("Batch with conditions cannot span multiple tables")
    if len({m.pk_bytes for m in all_muts}) > 1:
        raise invalid("Batch with conditions cannot span multiple partitions")
    return run_conditional(eng, tables[0], per_stmt, now, batch=True)


def _size_checks(
    kind: BatchKind, tables: list[Any], muts: list[Any], items: list[Any]
) -> list[str]:
    warnings: list[str] = []
    size = sum(m.sizer() for m in muts)
    names = sorted({t.qualified for t in tables})
    if len({(m.table.keyspace, m.pk_bytes) for m in muts}) <= 1:  # one Cassandra mutation
        return warnings
    if size > FAIL_BYTES:
        raise invalid("Batch too large")
    if size > WARN_BYTES:
        warnings.append(
            f"Batch for [{', '.join(names)}] is of size {size}, exceeding specified threshold "
            f"of {WARN_BYTES} by {size - WARN_BYTES}."
        )
    if kind is BatchKind.UNLOGGED:
        parts = {m.pk_bytes for m in muts}
        if len(parts) > UNLOGGED_PARTITION_WARN:
            warnings.append(
                f"Unlogged batch covering {len(parts)} partitions detected against table "
                f"[{', '.join(names)}]. You should use a logged batch for atomicity, or "
                "asynchronous writes for performance."
            )
    return warnings
