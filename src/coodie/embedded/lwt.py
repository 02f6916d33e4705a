"""Lightweight transactions: IF NOT EXISTS / IF EXISTS / IF conditions (single or batch)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE, ListType, MapType, NativeType, UserDefinedType
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import IfCondition, InsertStmt
from coodie.embedded.ordering import key_function
from coodie.embedded.results import ColumnSpec, EngineResult
from coodie.embedded.storage import Partition, live_value
from coodie.embedded.terms import UNSET, EvalContext, evaluate, to_py

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine
    from coodie.embedded.writes import Mutation

_BOOL = NATIVE["boolean"]


def _current_row(
    table: Table, part: Partition | None, ck: tuple[Any, ...] | None, now: int
) -> dict[str, Any] | None:
    """Visible values of one row (with statics), or None if neither row nor statics exist."""
    if part is None:
        return None
    from coodie.embedded.keys import clustering_key_fn

    vals: dict[str, Any] = dict(zip((c.name for c in table.partition_key), part.key, strict=True))
    live = False
    for col in table.statics:
        c = part.static.cells.get(col.name)
        if c is not None:
            v, _ = live_value(col.type, c, max(part.deleted, part.static.deleted), now)
            if v is not None:
                vals[col.name] = v
    static_live = any(col.name in vals for col in table.statics)
    if ck is not None:
        ckf = clustering_key_fn(
            [c.type for c in table.clustering], [c.desc for c in table.clustering]
        )
        sk = ckf(ck)
        row = part.rows.get(sk)
        if row is not None:
            d = part.row_deletion(sk, row)
            if row.marker is not None and row.marker.ts > d and row.marker.live(now):
                live = True
            for col in table.regulars:
                c = row.cells.get(col.name)
                if c is not None:
                    v, _ = live_value(col.type, c, d, now)
                    if v is not None:
                        vals[col.name] = v
                        live = True
        if live:
            vals.update(zip((c.name for c in table.clustering), ck, strict=True))
    if not live and not (static_live and ck is None):
        return None if not static_live else {"__static_only__": True, **vals}
    return vals


def _row_key(st: Any, table: Table, ctx: EvalContext) -> tuple[Any, ...] | None:
    from coodie.embedded.where import analyze

    if isinstance(st, InsertStmt):
        given = dict(zip(st.columns, st.values, strict=False))
        if not table.clustering or any(c.name not in given for c in table.clustering):
            return () if not table.clustering else None
        return tuple(evaluate(given[c.name], c.type, c.name, ctx) for c in table.clustering)
    r = analyze(table, st.where, ctx, for_write=True)
    if r.pk_in:
        raise invalid("IN on the partition key is not supported with conditional updates")
    if not table.clustering:
        return ()
    if all(c.name in r.ck_eq for c in table.clustering):
        return tuple(r.ck_eq[c.name][0] for c in table.clustering)
    return None


def _check(table: Table, cond: IfCondition, row: dict[str, Any] | None, ctx: EvalContext) -> bool:
    col = table.column(cond.column)
    actual = None if row is None else row.get(col.name)
    t = col.type
    if cond.elem is not None:
        if isinstance(t, MapType):
            key = evaluate(cond.elem, t.key, f"key({col.name})", ctx)
            kf = key_function(t.key)
            actual = next((v for k, v in actual or () if kf(k) == kf(key)), None)
            t = t.value
        elif isinstance(t, ListType):
            idx = evaluate(cond.elem, NATIVE["int"], f"idx({col.name})", ctx)
            actual = actual[idx] if actual is not None and 0 <= idx < len(actual) else None
            t = t.element
    elif cond.field is not None and isinstance(t, UserDefinedType):
        names = [n for n, _ in t.fields]
        i = names.index(cond.field)
        actual = None if actual is None or i >= len(actual) else actual[i]
        t = t.fields[i][1]
    if cond.op == "IN":
        if isinstance(cond.rhs, tuple):
            vals = [evaluate(x, t, col.name, ctx) for x in cond.rhs]
        else:
            vals = list(evaluate(cond.rhs, ListType(t), col.name, ctx) or ())
        return any(_compare("=", actual, v, t) for v in vals)
    v = evaluate(cond.rhs, t, col.name, ctx)
    if v is UNSET:
        raise invalid(f"Invalid unset value for column {col.name}")
    return _compare(cond.op, actual, v, t)


def _compare(op: str, actual: Any, v: Any, t: Any) -> bool:
    if v is None or actual is None:
        if op == "=":
            return actual is None and v is None
        if op == "!=":
            return (actual is None) != (v is None)
        if v is None:
            raise invalid(f'Invalid comparison with null for operator "{op}"')
        return False
    kf = key_function(t)
    a, b = kf(actual), kf(v)
    return bool({"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])


def _validate(table: Table, st: Any) -> None:
    for cond in getattr(st, "conditions", ()):
        col = table.column(cond.column)
        if col.is_primary:
            raise invalid(f"PRIMARY KEY column '{col.name}' cannot have IF conditions")
        if isinstance(col.type, NativeType) and col.type.name == "counter":
            raise invalid("Conditions on counters are not supported")
    if table.is_counter and (getattr(st, "conditions", None) or getattr(st, "if_exists", False)):
        raise invalid("Conditions on counters are not supported")


def conditional(
    eng: Engine,
    table: Table,
    stmts: list[tuple[Any, list[Mutation], EvalContext]],
    now: int,
    batch: bool = False,
) -> EngineResult:
    """Check every statement's condition against current data; apply all or nothing."""
    from coodie.embedded.executor import apply_mutations

    data = eng.data[(table.keyspace, table.name)]
    shown: list[Shown] = []
    existing: dict[tuple[Any, ...], dict[str, Any]] = {}
    for st, muts, ctx in stmts:
        _validate(table, st)
        if (
            not (isinstance(st, InsertStmt) and st.if_not_exists)
            and not getattr(st, "conditions", ())
            and not getattr(st, "if_exists", False)
        ):
            continue
        part = data.get(muts[0].pk_bytes) if muts else None
        ck = _row_key(st, table, ctx)
        row = _current_row(table, part, ck, now)
        static_only = row is not None and row.pop("__static_only__", False)
        if row is not None and not static_only:
            key = tuple(row.get(c.name) for c in table.partition_key + table.clustering)
            if key not in existing:
                existing[key] = _without_statics(table, row)
        failed = _failed_condition(table, st, row, static_only, ck, ctx)
        if failed is not None:
            shown.append(failed)
    if not shown:
        for _, muts, _ctx in stmts:
            apply_mutations(eng, muts, now)
        return EngineResult(
            "rows",
            (ColumnSpec(table.keyspace, table.name, "[applied]", _BOOL),),
            [(True,)],
            raw_rows=[(True,)],
        )
    return _not_applied(table, shown[0], existing if batch else None)


Shown = tuple[tuple[Column, ...], "dict[str, Any] | None"]  # columns and row of [applied]=False


def _failed_condition(
    table: Table,
    st: Any,
    row: dict[str, Any] | None,
    static_only: bool,
    ck: Any,
    ctx: EvalContext,
) -> Shown | None:
    """None when the statement's condition holds, else what the answer shows."""
    if isinstance(st, InsertStmt) and st.if_not_exists:
        exists = row is not None and (not static_only or not table.clustering or ck is None)
        if exists and row is not None:
            return tuple(table.star), _without_statics(table, row)
        return None
    if getattr(st, "if_exists", False):
        return ((), None) if row is None or static_only else None
    conds: tuple[IfCondition, ...] = getattr(st, "conditions", ())
    ok = all(
        _check(
            table,
            c,
            row
            if not static_only or _static_cond(table, c)
            else ({k: v for k, v in row.items()} if row else None),
            ctx,
        )
        for c in conds
    )
    if ok:
        return None
    cols: list[Column] = []
    for c in conds:
        col = table.columns[c.column]
        if col not in cols:
            cols.append(col)
    return (tuple(cols) if row is not None else ()), row


def _not_applied(
    table: Table, first: Shown, batch_rows: dict[tuple[Any, ...], dict[str, Any]] | None
) -> EngineResult:
    """``[applied] = False`` with the current values: every existing row of a batch, or the
    columns the (first) failed statement's condition named."""
    if batch_rows is not None:
        cols_b = tuple(table.star)
        raw = [(False, *(r.get(c.name) for c in cols_b)) for r in batch_rows.values()]
        if not raw:
            cols_b = ()
            raw = [(False,)]
        return _rows(table, cols_b, raw)
    cols_s, row = first
    if row is None or not cols_s:
        return _rows(table, (), [(False,)])
    return _rows(table, cols_s, [(False, *(row.get(c.name) for c in cols_s))])


def _without_statics(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    if not table.clustering:
        return row
    return {k: v for k, v in row.items() if table.columns[k].kind != "static"}


def _static_cond(table: Table, c: IfCondition) -> bool:
    return table.columns[c.column].kind == "static"


def _rows(table: Table, cols: tuple[Column, ...], raw: list[tuple[Any, ...]]) -> EngineResult:
    applied = ColumnSpec(table.keyspace, table.name, "[applied]", _BOOL)
    specs = (applied, *(ColumnSpec(table.keyspace, table.name, c.name, c.type) for c in cols))
    types = [s.type for s in specs]
    rows = [tuple(to_py(t, v) for t, v in zip(types, r, strict=True)) for r in raw]
    return EngineResult("rows", specs, rows, raw_rows=raw)
