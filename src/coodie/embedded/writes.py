"""INSERT / UPDATE / DELETE: validation into mutations, then application.

A statement is fully validated into a list of :class:`Mutation` before anything
is applied, so a bad statement never changes stored data.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, NativeType, SetType, UserDefinedType
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid
from coodie.embedded.index_kinds import check_indexed_vectors
from coodie.embedded.keys import clustering_key_fn, partition_bytes
from coodie.embedded.murmur3 import murmur3_token
from coodie.embedded.mutation_size import value_size
from coodie.embedded.nodes import DeleteStmt, InsertStmt, UpdateStmt
from coodie.embedded.storage import Cell, Complex, Partition, Row, winner
from coodie.embedded.terms import UNSET, EvalContext, evaluate
from coodie.embedded.where import Restrictions, analyze

if TYPE_CHECKING:
    from coodie.embedded.assign import Apply
    from coodie.embedded.engine import Engine

MAX_TTL = 630720000
Op = Callable[[Partition, int], None]


class Mutation:
    """Changes to one partition of one table, applied atomically."""

    __slots__ = ("checks", "key", "ops", "pk_bytes", "size", "sizer", "table", "token", "touched")

    def __init__(self, table: Table, key: tuple[Any, ...]) -> None:
        self.table = table
        self.key = key
        self.pk_bytes = partition_bytes([c.type for c in table.partition_key], key)
        if not self.pk_bytes and len(key) == 1:
            raise invalid("Key may not be empty")
        self.token = murmur3_token(self.pk_bytes)
        self.ops: list[Op] = []
        self.sizer: Callable[[], int] = lambda: 0  # batch size (serialized values)
        self.size = 0  # approximate bytes written (for max_mutation_size)
        self.touched: list[Any] | None = None  # clustering sort keys written (None: any)
        self.checks: list[Callable[[Partition | None, int], None]] = []


MAX_DELETION_TIME_4_0 = (1 << 31) - 2  # 2038-01-19T03:14:06Z


def check_expiry(eng: Engine, table: Table, ttl: int, now: int) -> None:
    """Cassandra 4.0 stores expiry times as 32-bit seconds: a TTL reaching past 2038 is
    refused (expiration date overflow policy REJECT); 5.0 lifted the limit to 2106."""
    if ttl and eng.settings.cassandra == "4.0" and now + ttl > MAX_DELETION_TIME_4_0:
        raise invalid(
            f"Request on table {table.keyspace}.{table.name} with ttl of {ttl} seconds exceeds "
            "maximum supported expiration date of 2038-01-19T03:14:06+00:00. In order to avoid "
            "this use a lower TTL, change the expiration date overflow policy or upgrade to a "
            "version where this limitation is fixed. See CASSANDRA-14092 for more details."
        )


def ts_and_ttl(stmt: Any, table: Table, ctx: EvalContext, ts: int) -> tuple[int, int]:
    from coodie.cql.types import NATIVE

    if stmt.timestamp is not None:
        v = evaluate(stmt.timestamp, NATIVE["bigint"], "[timestamp]", ctx)
        if v is None:
            raise invalid("Invalid null value of timestamp")
        if v is not UNSET:
            if v == -(1 << 63):
                raise invalid(
                    "Out of bound timestamp, must be in [-9223372036854775807, 9223372036854775807]"
                )
            ts = v
    ttl = int(table.options.get("default_time_to_live") or 0)
    if getattr(stmt, "ttl", None) is not None:
        v = evaluate(stmt.ttl, NATIVE["int"], "[ttl]", ctx)
        if v is not UNSET and v is not None:
            if v < 0:
                raise invalid(f"A TTL must be greater or equal to 0, but was {v}")
            if v > MAX_TTL:
                raise invalid(f"ttl is too large. requested ({v}) maximum ({MAX_TTL})")
            ttl = v
    return ts, ttl


def _key_value(col: Column, v: Any) -> Any:
    if v is UNSET:
        raise invalid(f"Invalid unset value for column {col.name}")
    if v is None:
        raise invalid(f"Invalid null value in condition for column {col.name}")
    return v


def write_cell(row: Row, col: Column, value: Any, ts: int, ttl: int, now: int) -> None:
    """Write a whole-column value (None deletes) with last-write-wins."""
    # a tombstone keeps its local deletion time in ``expire`` (purged gc_grace_seconds later)
    expire = (now + ttl if ttl else 0) if value is not None else now
    t = col.type
    if _multicell(t):
        c = row.cells.get(col.name)
        if not isinstance(c, Complex):
            c = Complex()
            row.set_cell(col.name, c)
        c.deleted = max(c.deleted, ts - 1)
        if value is not None:
            add_elements(c, t, value, ts, ttl, expire, now)
        return
    new = Cell(ts, value, ttl if value is not None else 0, expire)
    old = row.cells.get(col.name)
    if isinstance(old, Cell):
        new = winner(old, new, t, now)
    if new is not old:
        row.set_cell(col.name, new)


def _multicell(t: Any) -> bool:
    return isinstance(t, ListType | SetType | MapType | UserDefinedType) and not t.frozen


_seq = itertools.count()


def add_elements(
    c: Complex, t: Any, value: Any, ts: int, ttl: int, expire: int, now: int, prepend: bool = False
) -> None:
    from coodie.embedded.ordering import key_function

    if isinstance(t, ListType):
        base = time.time_ns()
        n = len(value)
        for i, e in enumerate(value):
            k = (-base + i - n, next(_seq)) if prepend else (base, next(_seq))
            c.items[k] = Cell(ts, e, ttl, expire)
    elif isinstance(t, SetType):
        kf = key_function(t.element)
        for e in value:
            put(c, kf(e), Cell(ts, e, ttl, expire), t.element, now)
    elif isinstance(t, MapType):
        kf = key_function(t.key)
        for k, v in value:
            put(c, kf(k), Cell(ts, (k, v), ttl, expire), t.value, now)
    else:
        for i, v in enumerate(value):
            if i < len(t.fields):
                put(
                    c,
                    i,
                    Cell(ts, v, ttl if v is not None else 0, expire if v is not None else 0),
                    t.fields[i][1],
                    now,
                )


def put(c: Complex, k: Any, cell: Cell, t: Any, now: int) -> None:
    old = c.items.get(k)
    c.items[k] = winner(old, cell, t, now) if old is not None else cell


# ---------------------------------------------------------------- INSERT


def insert_mutations(
    eng: Engine, st: InsertStmt, table: Table, ctx: EvalContext, ts: int, now: int
) -> list[Mutation]:
    """Validate an INSERT into mutations."""
    if table.is_counter:
        raise invalid("INSERT statements are not allowed on counter tables, use UPDATE instead")
    names, values = _insert_values(table, st, ctx)
    given = dict(zip(names, values, strict=True))
    missing = _missing_insert_keys(table, names, given)
    if st.if_not_exists and st.timestamp is not None:
        raise invalid("Cannot provide custom timestamp for conditional updates")
    ts, ttl = ts_and_ttl(st, table, ctx, ts)
    check_expiry(eng, table, ttl, now)
    key = tuple(_key_value(c, given[c.name]) for c in table.partition_key)
    m = Mutation(table, key)
    ck = () if missing else tuple(_key_value(c, given[c.name]) for c in table.clustering)
    _check_value_sizes(table, names, values)
    check_indexed_vectors(table, given.items())
    regular = [
        (table.columns[n], v) for n, v in given.items() if table.columns[n].kind == "regular"
    ]
    static = [(table.columns[n], v) for n, v in given.items() if table.columns[n].kind == "static"]
    sk = ck_key(table)(ck)
    m.sizer = _insert_sizer(table, ck, regular + static)
    m.size = sum(value_size(v) + 8 for v in values if v is not UNSET)
    m.touched = [] if missing else [sk]
    m.ops.append(_insert_op(static, regular, None if missing else (sk, ck), ts, ttl))
    return [m]


def _insert_values(table: Table, st: InsertStmt, ctx: EvalContext) -> tuple[list[str], list[Any]]:
    """The INSERT's column names and their evaluated values (from JSON or the VALUES list)."""
    if st.json is not None:
        from coodie.embedded.jsonio import insert_json_values

        return insert_json_values(table, st, ctx)
    names = list(st.columns)
    if len(set(names)) != len(names):
        raise invalid("The column names contains duplicates")
    if len(names) != len(st.values):
        raise invalid("Unmatched column names/values")
    cols = [table.column(n) for n in names]
    return names, [
        evaluate(term, c.type, c.name, ctx) for c, term in zip(cols, st.values, strict=True)
    ]


def _missing_insert_keys(table: Table, names: list[str], given: dict[str, Any]) -> list[str]:
    """The clustering columns an INSERT leaves out (allowed when it writes only statics)."""
    missing = [c.name for c in table.partition_key if c.name not in given]
    if missing:
        raise invalid("Some partition key parts are missing: " + ", ".join(missing))
    missing = [c.name for c in table.clustering if c.name not in given]
    only_static = all(table.columns[n].kind in ("partition_key", "static") for n in names)
    if missing and not (only_static and table.statics):
        raise invalid("Some clustering keys are missing: " + ", ".join(missing))
    return missing


def _insert_sizer(
    table: Table, ck: tuple[Any, ...], cells: list[tuple[Column, Any]]
) -> Callable[[], int]:
    """The batch-size measure of an INSERT's row (serialized clustering key and cells)."""

    def sizer() -> int:
        total = sum(_data_size([c], (v,)) + 8 for c, v in cells if v is not UNSET)
        return _data_size(table.clustering, ck) + 8 + total

    return sizer


def _insert_op(
    static: list[tuple[Column, Any]],
    regular: list[tuple[Column, Any]],
    row_key: tuple[Any, tuple[Any, ...]] | None,
    ts: int,
    ttl: int,
) -> Op:
    """Write an INSERT's static cells and, given its row's keys, the row marker and cells."""

    def op(p: Partition, now: int) -> None:
        if static:
            for col, v in static:
                if v is not UNSET:
                    write_cell(p.static, col, v, ts, ttl, now)
        if row_key is None:
            return
        row = p.row(*row_key)
        marker = Cell(ts, True, ttl, now + ttl if ttl else 0)
        row.marker = marker if row.marker is None else winner(row.marker, marker, _BOOL, now)
        for col, v in regular:
            if v is not UNSET:
                write_cell(row, col, v, ts, ttl, now)

    return op


def _check_value_sizes(table: Table, names: list[str], values: list[Any]) -> None:
    for n, v in zip(names, values, strict=True):
        col = table.columns[n]
        if col.is_primary and isinstance(v, str | bytes) and len(v) > 0xFFFF:
            raise invalid(f"Key length of {len(v)} is longer than maximum of 65535")


def ck_key(table: Table) -> Any:
    return clustering_key_fn([c.type for c in table.clustering], [c.desc for c in table.clustering])


_BOOL = NativeType("boolean")


# ---------------------------------------------------------------- key sets for UPDATE/DELETE


def partition_keys(table: Table, r: Restrictions) -> list[tuple[Any, ...]]:
    missing = [c.name for c in table.partition_key if c.name not in r.pk]
    if missing or r.token or r.pk_slice:
        raise invalid("Some partition key parts are missing: " + ", ".join(missing or ["k"]))
    keys = r.partition_keys(table)
    assert keys is not None
    return keys


def clustering_rows(table: Table, r: Restrictions) -> list[tuple[Any, ...]] | None:
    """Full clustering keys (None if not all clustering columns are restricted by = / IN)."""
    if r.multi:
        names = tuple(c.name for c in table.clustering)
        for cols, op, vals in r.multi:
            if op in ("=", "IN") and cols == names:
                return list(dict.fromkeys(vals))
        return None
    if not all(c.name in r.ck_eq for c in table.clustering):
        return None
    return list(dict.fromkeys(itertools.product(*(r.ck_eq[c.name] for c in table.clustering))))


# ---------------------------------------------------------------- UPDATE


def update_mutations(
    eng: Engine, st: UpdateStmt, table: Table, ctx: EvalContext, ts: int, now: int
) -> list[Mutation]:
    """Validate an UPDATE into mutations."""
    from coodie.embedded.assign import plan_assignments

    check_static_only(table, st)
    r = analyze(table, st.where, ctx, for_write=True)
    no_filters(table, r)
    _check_update_timestamp(table, st)
    ts, ttl = ts_and_ttl(st, table, ctx, ts)
    check_expiry(eng, table, ttl, now)
    planned = plan_assignments(table, st.assignments, ctx)
    applies = planned.ops
    keys = partition_keys(table, r)
    cks = _updated_clustering_keys(table, st, r)
    statics = [a for a in applies if a[0].kind == "static"]
    regulars = [a for a in applies if a[0].kind != "static"]
    if not cks and regulars:
        raise invalid("Some clustering keys are missing")
    ckf = ck_key(table)
    muts = []
    for key in keys:
        m = Mutation(table, key)
        rows = [(ckf(ck), ck) for ck in cks]
        m.touched = [sk for sk, _ in rows] if regulars else []
        m.size = (planned.size + 8 * len(applies)) * max(1, len(rows))
        for _col, fn in regulars:
            check = getattr(fn, "check", None)
            if check is not None:
                for sk, _ck in rows:
                    m.checks.append(_row_check(check, sk))
        m.ops.append(_update_op(rows, statics, regulars, ts, ttl))
        muts.append(m)
    return muts


def _check_update_timestamp(table: Table, st: UpdateStmt) -> None:
    """Refuse a custom timestamp (or TTL) where Cassandra does: counters, conditional updates."""
    if table.is_counter:
        if st.timestamp is not None:
            raise invalid("Cannot provide custom timestamp for counter updates")
        if st.ttl is not None:
            raise invalid("Cannot provide custom TTL for counter updates")
    if (st.conditions or st.if_exists) and st.timestamp is not None:
        raise invalid("Cannot provide custom timestamp for conditional updates")


def _updated_clustering_keys(
    table: Table, st: UpdateStmt, r: Restrictions
) -> list[tuple[Any, ...]]:
    """The full clustering keys an UPDATE writes (none when it sets only static columns)."""
    all_static = all(table.columns[a.column].kind == "static" for a in st.assignments)
    if r.has_ck_slice:
        raise invalid(
            "Slice restrictions are not supported on the clustering columns in UPDATE statements"
        )
    if not table.clustering:
        return [()]
    cks = clustering_rows(table, r)
    if cks is None:
        if all_static and not r.ck_eq:
            return []
        missing = [c.name for c in table.clustering if c.name not in r.ck_eq]
        raise invalid("Some clustering keys are missing: " + ", ".join(missing))
    return cks


def _update_op(
    rows: list[tuple[Any, tuple[Any, ...]]],
    statics: list[tuple[Column, Apply]],
    regulars: list[tuple[Column, Apply]],
    ts: int,
    ttl: int,
) -> Op:
    """Apply an UPDATE's static assignments, then its regular ones to each of ``rows``."""

    def op(p: Partition, now: int) -> None:
        for _col, fn in statics:
            fn(p, p.static, ts, ttl, now)
        for sk, ck in rows:
            if not regulars:
                if not statics:
                    p.row(sk, ck)
                continue
            row = p.row(sk, ck)
            for _col, fn in regulars:
                fn(p, row, ts, ttl, now)

    return op


def _row_check(check: Any, sk: Any) -> Callable[[Partition | None, int], None]:
    def run(p: Partition | None, now: int) -> None:
        check(None if p is None else p.rows.get(sk), now)

    return run


def check_static_only(table: Table, st: UpdateStmt | DeleteStmt) -> None:
    """Refuse clustering restrictions on a write that touches only static columns.

    Cassandra checks the statement's shape (also at PREPARE): an UPDATE or a column DELETE
    whose assignments/targets and conditions are all static columns must restrict the
    partition key alone.
    """
    columns = (
        [a.column for a in st.assignments]
        if isinstance(st, UpdateStmt)
        else [tg.column for tg in st.targets]
    )
    columns += [c.column for c in st.conditions]
    if not columns or st.if_exists or not table.clustering:
        return
    if not all(n in table.columns and table.columns[n].kind == "static" for n in columns):
        return
    clustering = {c.name for c in table.clustering}
    for rel in st.where:
        lhs = rel.lhs
        names = lhs[1] if isinstance(lhs, tuple) and lhs[0] == "tuple" else [lhs]
        if any(isinstance(n, str) and n in clustering for n in names):
            kind = "UPDATE" if isinstance(st, UpdateStmt) else "DELETE"
            raise invalid(
                f"Invalid restrictions on clustering columns since the {kind} statement "
                "modifies only static columns"
            )


def no_filters(table: Table, r: Restrictions) -> None:
    missing = [c.name for c in table.partition_key if c.name not in r.pk]
    if missing and not r.token:
        raise invalid("Some partition key parts are missing: " + ", ".join(missing))
    for col, _op, _v, _k in r.filters:
        if col.kind in ("regular", "static"):
            raise invalid(f"Non PRIMARY KEY columns found in where clause: {col.name} ")


def _data_size(cols: Any, values: Any) -> int:
    from coodie.embedded.codec import serialize

    total = 0
    for c, v in zip(cols, values, strict=False):
        if v is not None and v is not UNSET:
            try:
                total += len(serialize(c.type, v))
            except Exception:
                total += 8
    return total
