"""Materialized views: creation and maintenance on every base-table write.

A view row is derived from each live base row; after a base partition changes,
the view rows it produced before are deleted and the current ones written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.embedded.catalog import Column, Table
from coodie.embedded.ddl import SYSTEM_KEYSPACES, parse_options, unauthorized_ks
from coodie.embedded.errors import already_exists, invalid
from coodie.embedded.keys import clustering_key_fn, partition_bytes
from coodie.embedded.murmur3 import murmur3_token
from coodie.embedded.nodes import CreateViewStmt
from coodie.embedded.results import EngineResult, SchemaChange
from coodie.embedded.storage import Cell, Partition, TableData, live_value

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


def create_view(eng: Engine, st: CreateViewStmt, session_ks: str | None) -> EngineResult:
    """CREATE MATERIALIZED VIEW (kept up to date on every base write)."""
    if not eng.settings.materialized_views:
        raise invalid("Materialized views are disabled. Enable in cassandra.yaml to use.")
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    base = eng.table(eng.resolve_ks(st.base_keyspace, ksn), st.base_table)
    ks = eng.keyspaces[ksn]
    if st.name in ks.tables:
        if st.if_not_exists:
            return EngineResult.void()
        raise already_exists(
            f'Cannot add already existing table "{st.name}" to keyspace "{ksn}"', ksn, st.name
        )
    if base.is_counter:
        raise invalid("Materialized views are not supported on counter tables")
    pk_cols = list(st.partition_key) + list(st.clustering)
    _check_view_key(st, base, pk_cols)
    cols = _view_columns(st, base, pk_cols)
    view = Table(ksn, st.name, cols, parse_options(st.options, {}))
    view.view_of = (base.keyspace, base.name)
    view.view_include_all = st.selections is None
    view.options["_where"] = " AND ".join(f"{r.lhs} IS NOT NULL" for r in st.where)
    ks.tables[st.name] = view
    base.views.append(st.name)
    data = TableData()
    eng.data[(ksn, st.name)] = data
    now = _now(eng)
    for part in list(eng.data[(base.keyspace, base.name)].partitions.values()):
        refresh(eng, base, part, [], now)
    return EngineResult(
        "schema_change",
        schema_change=SchemaChange("CREATED", "TABLE", ksn, st.name),
        warnings=(
            "Materialized views are experimental and are not recommended for production use.",
        ),
    )


def _check_view_key(st: CreateViewStmt, base: Table, pk_cols: list[str]) -> None:
    """The view key: base columns, the whole base key plus at most one other column,
    each restricted with ``IS NOT NULL``."""
    for n in pk_cols:
        base.column(n)
    base_pk = [c.name for c in base.partition_key + base.clustering]
    missing = [n for n in base_pk if n not in pk_cols]
    if missing:
        raise invalid(
            f"Cannot create materialized view '{st.name}' without primary key columns "
            f"{', '.join(missing)} from base table '{base.name}'"
        )
    extra = [n for n in pk_cols if n not in base_pk]
    if len(extra) > 1:
        raise invalid(
            "Cannot include more than one non-primary key column in materialized view primary key"
            " (got " + ", ".join(extra) + ")"
        )
    unrestricted = [
        n for n in pk_cols if not any(r.lhs == n and r.op == "IS NOT" for r in st.where)
    ]
    if unrestricted:
        raise invalid(
            f"Primary key columns {', '.join(unrestricted)} must be restricted with 'IS NOT NULL'"
            " or otherwise"
        )


def _view_columns(st: CreateViewStmt, base: Table, pk_cols: list[str]) -> list[Column]:
    """The view's key columns, then the selected base columns (no static ones)."""
    selected = list(base.columns) if st.selections is None else list(st.selections)
    order = dict(st.clustering_order)
    cols: list[Column] = []
    for i, n in enumerate(st.partition_key):
        cols.append(Column(n, base.columns[n].type, "partition_key", i))
    for i, n in enumerate(st.clustering):
        cols.append(Column(n, base.columns[n].type, "clustering", i, order.get(n, False)))
    for n in selected:
        if n not in pk_cols:
            c = base.column(n)
            if c.kind == "static":
                raise invalid(
                    "Unable to include static column '"
                    + n
                    + "' which would be included by Materialized View SELECT * statement"
                )
            cols.append(Column(n, c.type, "regular"))
    return cols


def _now(eng: Engine) -> int:
    return eng.now_us() // 1_000_000


def _base_rows(
    base: Table, part: Partition, now: int, keys: list[Any] | None = None
) -> list[tuple[dict[str, Any], dict[str, Cell]]]:
    out = []
    key_vals = dict(zip((c.name for c in base.partition_key), part.key, strict=True))
    for sk in part.keys if keys is None else keys:
        row = part.rows.get(sk)
        if row is None:
            continue
        d = part.row_deletion(sk, row)
        vals = dict(key_vals)
        vals.update(zip((c.name for c in base.clustering), row.ck, strict=True))
        cells: dict[str, Cell] = {}
        live = row.marker is not None and row.marker.ts > d and row.marker.live(now)
        for col in base.regulars:
            c = row.cells.get(col.name)
            if c is None:
                continue
            v, cell = live_value(col.type, c, d, now)
            if v is not None:
                vals[col.name] = v
                if cell is not None:
                    cells[col.name] = cell
                live = True
        if live:
            out.append((vals, cells))
    return out


def snapshot(
    eng: Engine, base: Table, part: Partition, now: int, keys: list[Any] | None = None
) -> list[Any]:
    """The view keys derived from ``part`` before a write."""
    found: list[Any] = []
    for vname in base.views:
        view = eng.keyspaces[base.keyspace].tables[vname]
        for vals, _ in _base_rows(base, part, now, keys):
            k = _view_key(view, vals)
            if k is not None:
                found.append((vname, k))
    return found


def _view_key(view: Table, vals: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    pk = tuple(vals.get(c.name) for c in view.partition_key)
    ck = tuple(vals.get(c.name) for c in view.clustering)
    if any(v is None for v in pk + ck):
        return None
    return pk, ck


def refresh(
    eng: Engine,
    base: Table,
    part: Partition,
    before: list[Any],
    now: int,
    keys: list[Any] | None = None,
) -> None:
    """Rewrite the view rows derived from ``part``."""
    ts = eng.timestamp()
    for vname, (pk, ck) in before:
        view = eng.keyspaces[base.keyspace].tables[vname]
        data = eng.data[(view.keyspace, vname)]
        vp = _partition(view, data, pk)
        vp.touched_at = now
        ckf = clustering_key_fn(
            [c.type for c in view.clustering], [c.desc for c in view.clustering]
        )
        sk = ckf(ck)
        if sk in vp.rows:
            row = vp.row(sk, ck)
            row.deleted = max(row.deleted, ts - 1)
    for vname in base.views:
        view = eng.keyspaces[base.keyspace].tables[vname]
        data = eng.data[(view.keyspace, vname)]
        ckf = clustering_key_fn(
            [c.type for c in view.clustering], [c.desc for c in view.clustering]
        )
        for vals, cells in _base_rows(base, part, now, keys):
            k = _view_key(view, vals)
            if k is None:
                continue
            vp = _partition(view, data, k[0])
            vp.touched_at = now
            row = vp.row(ckf(k[1]), k[1])
            row.marker = Cell(ts, True)
            row.deleted = min(row.deleted, ts - 1) if row.deleted >= ts else row.deleted
            for c in view.regulars:
                cell = cells.get(c.name)
                if c.name in vals:
                    row.set_cell(
                        c.name,
                        Cell(ts, vals[c.name], cell.ttl if cell else 0, cell.expire if cell else 0),
                    )
                else:
                    row.set_cell(c.name, Cell(ts, None, 0, now))


def _partition(view: Table, data: TableData, pk: tuple[Any, ...]) -> Partition:
    pb = partition_bytes([c.type for c in view.partition_key], pk)
    return data.get_or_create(pk, pb, murmur3_token(pb))
