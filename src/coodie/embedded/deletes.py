"""DELETE: row, range, partition, column, element and UDT-field deletions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, SetType, UserDefinedType, contained_type
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import DeleteStmt, DeleteTarget
from coodie.embedded.storage import Cell, Complex, Partition, RangeTombstone, Row
from coodie.embedded.terms import EvalContext, evaluate
from coodie.embedded.where import Restrictions, analyze
from coodie.embedded.writes import (
    Mutation,
    check_static_only,
    ck_key,
    clustering_rows,
    no_filters,
    partition_keys,
    put,
    ts_and_ttl,
    write_cell,
)

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


Target = tuple[Column, Any, "str | None"]  # (column, element key or None, UDT field or None)


def delete_mutations(
    eng: Engine, st: DeleteStmt, table: Table, ctx: EvalContext, ts: int, now: int
) -> list[Mutation]:
    """Validate a DELETE into mutations (row, range, partition, column, element)."""
    check_static_only(table, st)
    r = analyze(table, st.where, ctx, for_write=True)
    no_filters(table, r)
    conditional = bool(st.conditions or st.if_exists)
    if conditional and st.timestamp is not None:
        raise invalid("Cannot provide custom timestamp for conditional updates")
    ts, _ = ts_and_ttl(st, table, ctx, ts)
    keys = partition_keys(table, r)
    targets = [_target(table.column(tg.column), tg, ctx) for tg in st.targets]
    only_static = bool(targets) and all(c.kind == "static" for c, _, _ in targets)
    cks = clustering_rows(table, r)
    restricted_ck = bool(r.ck_eq) or bool(r.ck_slices) or bool(r.multi)
    _check_rows_named(table, r, targets, cks, only_static, restricted_ck, conditional)
    ckf = ck_key(table)
    if not targets:
        ranges = _range_bounds(table, r, ckf) if (cks is None and restricted_ck) else None
        op = _row_deletion(table, cks, restricted_ck, ranges, ckf, ts)
    else:
        op = _column_deletion(table, cks, only_static, targets, ckf, ts)
    list_targets = [(c, k) for c, k, _ in targets if k is not None and isinstance(c.type, ListType)]
    muts = []
    for key in keys:
        m = Mutation(table, key)
        if list_targets:
            row_keys = [ckf(ck) for ck in cks] if cks is not None and table.clustering else [()]
            for sk in row_keys:
                for col, idx in list_targets:
                    m.checks.append(_list_check(col, idx, sk))
        m.ops.append(op)
        muts.append(m)
    return muts


def _target(col: Column, tg: DeleteTarget, ctx: EvalContext) -> Target:
    """Check one ``col``, ``col[key]`` or ``col.field`` target and evaluate its key."""
    if col.is_primary:
        raise invalid(
            f"Invalid identifier {col.name} for deletion (should not be a PRIMARY KEY part)"
        )
    key = None
    if tg.key is not None:
        if isinstance(col.type, MapType):
            key = evaluate(tg.key, col.type.key, f"key({col.name})", ctx)
        elif isinstance(col.type, ListType):
            from coodie.cql.types import NATIVE

            key = evaluate(tg.key, NATIVE["int"], f"idx({col.name})", ctx)
        elif isinstance(col.type, SetType):
            key = evaluate(tg.key, col.type.element, f"key({col.name})", ctx)
        else:
            raise invalid(f"Invalid deletion operation for non collection column {col.name}")
    if tg.field is not None:
        t = col.type
        if not isinstance(t, UserDefinedType):
            raise invalid(f"Invalid field deletion operation for non-UDT column {col.name}")
        if t.frozen:
            raise invalid(f"Frozen UDT column {col.name} does not support field deletion")
        if tg.field not in [n for n, _ in t.fields]:
            raise invalid(f"UDT column {col.name} does not have a field named {tg.field}")
    return col, key, tg.field


def _check_rows_named(
    table: Table,
    r: Restrictions,
    targets: list[Target],
    cks: Any,
    only_static: bool,
    restricted_ck: bool,
    conditional: bool,
) -> None:
    """Column deletions name whole rows; static-only ones name no clustering columns."""
    if only_static and restricted_ck:
        raise invalid(
            "Invalid restrictions on clustering columns since the DELETE statement "
            "modifies only static columns"
        )
    if targets and not only_static and table.clustering and cks is None:
        if r.has_ck_slice:
            raise invalid("Range deletions are not supported for specific columns")
        missing = [c.name for c in table.clustering if c.name not in r.ck_eq]
        raise invalid("Some clustering keys are missing: " + ", ".join(missing))
    if conditional and table.clustering and cks is None and not only_static:
        raise invalid(
            "DELETE statements must restrict all PRIMARY KEY columns with equality relations "
            "in order to delete non static columns"
        )


def _row_deletion(
    table: Table, cks: Any, restricted_ck: bool, ranges: Any, ckf: Any, ts: int
) -> Callable[[Partition, int], None]:
    """A partition, row or range tombstone (DELETE without columns)."""

    def op(p: Partition, now: int) -> None:
        if not table.clustering or (cks is None and not restricted_ck):
            p.deleted = max(p.deleted, ts)
        elif cks is not None:
            for ck in cks:
                row = p.row(ckf(ck), ck)
                row.deleted = max(row.deleted, ts)
        else:
            assert ranges is not None
            for lo, lo_i, hi, hi_i in ranges:
                p.ranges.append(RangeTombstone(lo, lo_i, hi, hi_i, ts))

    return op


def _column_deletion(
    table: Table, cks: Any, only_static: bool, targets: list[Target], ckf: Any, ts: int
) -> Callable[[Partition, int], None]:
    """Cell, element or field tombstones in the named (or static) rows."""

    def op(p: Partition, now: int) -> None:
        if only_static:
            rows = [p.static]
        elif table.clustering:
            assert cks is not None
            rows = [p.row(ckf(ck), ck) for ck in cks]
        else:
            rows = [p.row((), ())]
        for row in rows:
            for col, k, field in targets:
                _delete_column(row, col, k, field, ts, now)

    return op


def _list_check(col: Column, idx: int, sk: Any) -> Any:
    from coodie.embedded.assign import check_list_index

    def run(p: Partition | None, now: int) -> None:
        check_list_index(None if p is None else p.rows.get(sk), col, idx, now, "delete")

    return run


def _range_bounds(table: Table, r: Restrictions, ckf: Any) -> list[tuple[Any, bool, Any, bool]]:
    from coodie.embedded.slices import clustering_ranges

    return clustering_ranges(table, r, ckf)


def _delete_column(row: Row, col: Column, key: Any, field: str | None, ts: int, now: int) -> None:
    t = col.type
    if key is None and field is None:
        write_cell(row, col, None, ts, 0, now)
        return
    c = row.cells.get(col.name)
    if field is not None and isinstance(t, UserDefinedType):
        idx = [n for n, _ in t.fields].index(field)
        if not isinstance(c, Complex):
            c = Complex()
            row.set_cell(col.name, c)
        put(c, idx, Cell(ts, None, 0, now), t.fields[idx][1], now)
        return
    from coodie.embedded.ordering import key_function

    if isinstance(t, ListType):
        from coodie.embedded.assign import check_list_index, list_positions

        assert key is not None
        idx = int(key)
        check_list_index(row, col, idx, now, "delete")
        assert isinstance(c, Complex)
        c.items[list_positions(row, col, now)[idx]] = Cell(ts, None, 0, now)
        return
    if not isinstance(c, Complex):
        c = Complex()
        row.set_cell(col.name, c)
    kt = t.key if isinstance(t, MapType) else contained_type(t)
    put(c, key_function(kt)(key), Cell(ts, None, 0, now), kt, now)
