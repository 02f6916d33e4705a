"""Dispatching one parsed statement to reads, writes, LWT, batches or DDL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.embedded.errors import invalid
from coodie.embedded.nodes import (
    BatchStmt,
    DeleteStmt,
    InsertStmt,
    SelectStmt,
    TruncateStmt,
    UnsupportedStmt,
    UpdateStmt,
    UseStmt,
)
from coodie.embedded.results import ColumnSpec, EngineResult
from coodie.embedded.terms import EvalContext, to_py
from coodie.exceptions import error_for_code

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine, Prepared, Session
    from coodie.embedded.writes import Mutation


def run_statement(
    session: Session,
    p: Prepared,
    values: list[Any],
    page_size: int | None,
    paging_state: bytes | None,
    timestamp: int | None,
) -> EngineResult:
    """Execute ``p`` with bound ``values`` (engine lock held)."""
    eng = session.engine
    st = p.statement
    ks = p.keyspace if p.keyspace is not None else session.keyspace
    if isinstance(st, SelectStmt):
        return run_select(eng, st, ks, values, page_size, paging_state)
    if isinstance(st, InsertStmt | UpdateStmt | DeleteStmt):
        ts = timestamp if timestamp is not None else eng.timestamp()
        return eng.logged(lambda: run_write(eng, st, ks, values, ts))
    if isinstance(st, BatchStmt):
        from coodie.embedded.batch import run_batch

        items = [(s, values) for s in st.statements]
        out = eng.logged(
            lambda: run_batch(eng, ks, st.kind, st.timestamp, st.ttl, items, timestamp)
        )
        return out.result
    if isinstance(st, UseStmt):
        if st.keyspace not in eng.keyspaces:
            raise invalid(f"Keyspace '{st.keyspace}' does not exist")
        session.keyspace = st.keyspace
        return EngineResult("set_keyspace", keyspace=st.keyspace)
    if isinstance(st, UnsupportedStmt):
        raise error_for_code(st.code, st.message)
    from coodie.embedded.ddl import execute_ddl

    def apply() -> EngineResult:
        result = execute_ddl(eng, st, ks)
        if result.kind == "schema_change" or isinstance(st, TruncateStmt):
            eng.index_stores.clear()  # rebuilt from the data on their next use
        if result.kind == "schema_change":
            eng.schema_version += 1
        return result

    if eng.log is None:
        return apply()
    # a schema change is logged as its statement (replayed with the same clock) plus the
    # rows it wrote (a new view's rows), whether or not it changed anything
    return eng.logged(apply, ddl=(ks, p.cql, values))


def run_select(
    eng: Engine,
    st: SelectStmt,
    ks: str | None,
    values: list[Any],
    page_size: int | None,
    paging_state: bytes | None,
) -> EngineResult:
    """Run a SELECT and convert its rows to coodie value form."""
    from coodie.embedded.pager import run_query
    from coodie.embedded.reads import Query

    ksn = eng.resolve_ks(st.keyspace, ks)
    table = eng.table(ksn, st.table)
    if not eng.settings.vectors:
        _refuse_vector_search(st)
    ctx = EvalContext(values)
    from coodie.embedded.index_store import store_for

    q = Query(
        table, eng.table_data(table), st, ctx, page_size, lambda idx: store_for(eng, table, idx)
    )
    q.load_candidates()  # index lookups (and a first build) before the lock may be yielded
    with eng.lock.yielding():  # a long scan lets waiting statements run
        raw, state = run_query(q, page_size, paging_state)
    cols = tuple(ColumnSpec(ksn, table.name, s.name, s.type) for s in q.sels)
    if st.json:
        from coodie.embedded.jsonio import json_rows

        cols, raw = json_rows(ksn, table.name, cols, raw)
    types = [c.type for c in cols]
    rows = [tuple(to_py(t, v) for t, v in zip(types, r, strict=True)) for r in raw]
    return EngineResult("rows", cols, rows, state, warnings=tuple(q.warnings), raw_rows=raw)


def _refuse_vector_search(st: SelectStmt) -> None:
    """Before Cassandra 5.0 the similarity functions do not exist (nor ANN ordering, which
    the parser refuses)."""
    from coodie.embedded.nodes import SelFunc
    from coodie.embedded.vector_functions import is_similarity

    for selection in st.selections or ():
        expr = selection.expr
        if isinstance(expr, SelFunc) and is_similarity(expr.name):
            raise invalid(f"Unknown function '{expr.name}'")


def run_write(eng: Engine, st: Any, ks: str | None, values: list[Any], ts: int) -> EngineResult:
    """Run one INSERT/UPDATE/DELETE (conditional or not)."""
    ksn = eng.resolve_ks(st.keyspace, ks)
    table = eng.table(ksn, st.table)
    if table.virtual or ksn in ("system", "system_schema"):
        from coodie.embedded.ddl import unauthorized_ks

        raise unauthorized_ks(ksn)
    if table.view_of is not None:
        raise invalid("Cannot directly modify a materialized view")
    ctx = EvalContext(values, ts // 1000)
    now = eng.now_us() // 1_000_000
    muts = build_mutations(eng, st, table, ctx, ts, now)
    lwt = (isinstance(st, InsertStmt) and st.if_not_exists) or (
        isinstance(st, UpdateStmt | DeleteStmt) and (st.conditions or st.if_exists)
    )
    if lwt:
        from coodie.embedded.lwt import conditional

        return conditional(eng, table, [(st, muts, ctx)], now)
    apply_mutations(eng, muts, now)
    return EngineResult.void()


def build_mutations(
    eng: Engine, st: Any, table: Any, ctx: EvalContext, ts: int, now: int
) -> list[Mutation]:
    """Validate a modification statement into mutations."""
    from coodie.embedded.deletes import delete_mutations
    from coodie.embedded.writes import insert_mutations, update_mutations

    if isinstance(st, InsertStmt):
        return insert_mutations(eng, st, table, ctx, ts, now)
    if isinstance(st, UpdateStmt):
        return update_mutations(eng, st, table, ctx, ts, now)
    return delete_mutations(eng, st, table, ctx, ts, now)


def apply_mutations(eng: Engine, muts: list[Mutation], now: int) -> None:
    """Apply validated mutations (and maintain materialized views)."""
    from coodie.embedded.mutation_size import check_mutation_sizes

    check_mutation_sizes(muts, eng.settings.max_mutation_size)
    for m in muts:  # every precondition first: a failing statement changes nothing
        if m.checks:
            existing = eng.data[(m.table.keyspace, m.table.name)].get(m.pk_bytes)
            for check in m.checks:
                check(existing, now)
    touched = []
    for m in muts:
        data = eng.data[(m.table.keyspace, m.table.name)]
        part = data.get_or_create(m.key, m.pk_bytes, m.token)
        part.touched_at = now
        if m.table.views:
            from coodie.embedded.views import snapshot

            before = snapshot(eng, m.table, part, now, m.touched)
        else:
            before = None
        for op in m.ops:
            op(part, now)
        if m.table.indexes and eng.index_stores:
            from coodie.embedded.index_store import maintain

            maintain(eng, m.table, part, m.touched, now)
        if before is not None:
            touched.append((m.table, part, before, m.touched))
    if touched:
        from coodie.embedded.views import refresh

        for table, part, before, keys in touched:
            refresh(eng, table, part, before, now, keys)
