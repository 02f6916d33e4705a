"""Describing a prepared statement: bind marker specs, result columns, routing key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE, CqlType, ListType, MapType, SetType, TupleType, UserDefinedType
from coodie.embedded.catalog import Table
from coodie.embedded.nodes import (
    AssignKind,
    BatchStmt,
    DeleteStmt,
    FuncTerm,
    IfCondition,
    InsertStmt,
    ListLit,
    MapLit,
    Marker,
    Relation,
    SelColumn,
    SelectStmt,
    SelElem,
    SelFunc,
    SelSlice,
    SelTerm,
    SetLit,
    TupleLit,
    UdtLit,
    UpdateStmt,
)
from coodie.embedded.results import ColumnSpec
from coodie.embedded.vector_functions import argument_types, is_similarity

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine, Prepared


def argument_type(fn: str) -> CqlType:
    """The type a native function expects for a bound argument."""
    if fn in ("mintimeuuid", "maxtimeuuid"):
        return NATIVE["timestamp"]
    if fn in ("totimestamp", "todate", "tounixtimestamp", "dateof", "unixtimestampof"):
        return NATIVE["timeuuid"]
    if fn.endswith("asblob") and fn[:-6] in NATIVE:
        return NATIVE[fn[:-6]]
    return NATIVE["blob"]


class _Collector:
    def __init__(self, ks: str, table: str, n: int) -> None:
        self.ks = ks
        self.table = table
        self.specs: list[ColumnSpec | None] = [None] * n

    def term(self, term: Any, t: CqlType, name: str) -> None:
        """Parse a value: literal, marker, collection, tuple, UDT or function call."""
        if isinstance(term, Marker):
            self.specs[term.index] = ColumnSpec(self.ks, self.table, term.name or name, t)
        elif (isinstance(term, ListLit) and isinstance(t, ListType | SetType)) or (
            isinstance(term, SetLit) and isinstance(t, SetType)
        ):
            for e in term.items:
                self.term(e, t.element, name)
        elif isinstance(term, MapLit) and isinstance(t, MapType):
            for k, v in term.pairs:
                self.term(k, t.key, name)
                self.term(v, t.value, name)
        elif isinstance(term, TupleLit) and isinstance(t, TupleType):
            for e, et in zip(term.items, t.elements, strict=False):
                self.term(e, et, name)
        elif isinstance(term, UdtLit) and isinstance(t, UserDefinedType):
            ft = dict(t.fields)
            for n, e in term.fields:
                if n in ft:
                    self.term(e, ft[n], f"{name}.{n}")
        elif isinstance(term, FuncTerm):
            for a in term.args:
                self.term(a, argument_type(term.name.lower()), name)

    def selector(self, table: Table, expr: Any) -> None:
        """Markers used as map keys / set elements / slice bounds in a selection."""
        if isinstance(expr, SelElem | SelSlice) and isinstance(expr.arg, SelColumn):
            col = table.columns.get(expr.arg.name)
            if col is not None and isinstance(col.type, MapType | SetType):
                kt = col.type.key if isinstance(col.type, MapType) else col.type.element
                bounds = [expr.key] if isinstance(expr, SelElem) else [expr.lo, expr.hi]
                for b in bounds:
                    if b is not None:
                        self.term(b, kt, f"key({col.name})")
        if isinstance(expr, SelFunc) and is_similarity(expr.name):
            for child, t in zip(expr.args, argument_types(table, expr), strict=True):
                if isinstance(child, SelTerm):
                    self.term(child.term, t, expr.name.lower())
            return
        for child in getattr(expr, "args", ()) or ():
            if isinstance(child, SelTerm) and isinstance(expr, SelFunc):
                self.term(child.term, argument_type(expr.name.lower()), expr.name.lower())
            self.selector(table, child)

    def conditions(self, table: Table, conds: tuple[IfCondition, ...]) -> None:
        """Markers of IF conditions (element and field conditions included)."""
        for cond in conds:
            col = table.columns.get(cond.column)
            if col is None:
                continue
            t: CqlType = col.type
            name = col.name
            if cond.elem is not None and isinstance(t, MapType):
                self.term(cond.elem, t.key, f"key({name})")
                t, name = t.value, f"value({name})"
            elif cond.elem is not None and isinstance(t, ListType):
                self.term(cond.elem, NATIVE["int"], f"idx({name})")
                t, name = t.element, f"value({name})"
            elif cond.field is not None and isinstance(t, UserDefinedType):
                t = dict(t.fields).get(cond.field, t)
                name = f"{name}.{cond.field}"
            if cond.op == "IN" and isinstance(cond.rhs, tuple):
                for x in cond.rhs:
                    self.term(x, t, name)
            elif cond.op == "IN":
                self.term(cond.rhs, ListType(t), f"in({name})")
            else:
                self.term(cond.rhs, t, name)

    def where(self, table: Table, rels: tuple[Relation, ...]) -> None:
        """Parse the relations of a WHERE clause."""
        for rel in rels:
            lhs = rel.lhs
            if isinstance(lhs, tuple) and lhs[0] == "token":
                rhs = rel.rhs
                if isinstance(rhs, FuncTerm) and rhs.name.lower() == "token":
                    for arg, pk_col in zip(rhs.args, table.partition_key, strict=False):
                        self.term(arg, pk_col.type, pk_col.name)
                else:
                    self.term(rhs, NATIVE["bigint"], "partition key token")
                continue
            if isinstance(lhs, tuple) and lhs[0] == "tuple":
                cols = [table.columns[n] for n in lhs[1] if n in table.columns]
                tt = TupleType(tuple(c.type for c in cols))
                if rel.op == "IN" and isinstance(rel.rhs, Marker):
                    self.term(rel.rhs, ListType(tt), "in(" + ",".join(lhs[1]) + ")")
                elif isinstance(rel.rhs, tuple):
                    for x in rel.rhs:
                        self.term(x, tt, "(" + ",".join(lhs[1]) + ")")
                else:
                    self.term(rel.rhs, tt, "(" + ",".join(lhs[1]) + ")")
                continue
            if isinstance(lhs, tuple) and lhs[0] == "entry":
                col = table.columns.get(lhs[1])
                if col is not None and isinstance(col.type, MapType):
                    self.term(lhs[2], col.type.key, f"key({col.name})")
                    self.term(rel.rhs, col.type.value, f"value({col.name})")
                continue
            col = table.columns.get(str(lhs))
            if col is None:
                continue
            t = col.type
            if rel.op == "IN":
                if isinstance(rel.rhs, Marker):
                    self.term(rel.rhs, ListType(t), f"in({col.name})")
                else:
                    for x in rel.rhs or ():
                        self.term(x, t, col.name)
            elif rel.op in ("CONTAINS", "CONTAINS KEY") and isinstance(
                t, ListType | SetType | MapType
            ):
                if isinstance(t, MapType):
                    et = t.key if rel.op == "CONTAINS KEY" else t.value
                else:
                    et = t.element
                self.term(rel.rhs, et, col.name)
            else:
                self.term(rel.rhs, t, col.name)


def _stmt(c: _Collector, table: Table, st: Any) -> None:
    if isinstance(st, InsertStmt):
        for n, term in zip(st.columns, st.values, strict=False):
            col = table.columns.get(n)
            if col is not None:
                c.term(term, col.type, col.name)
        if st.json is not None:
            c.term(st.json, NATIVE["text"], "[json]")
    elif isinstance(st, UpdateStmt):
        for a in st.assignments:
            col = table.columns.get(a.column)
            if col is None:
                continue
            t = col.type
            if a.kind is AssignKind.ELEM and isinstance(t, MapType):
                c.term(a.key, t.key, f"key({col.name})")
                c.term(a.value, t.value, f"value({col.name})")
            elif a.kind is AssignKind.ELEM and isinstance(t, ListType):
                c.term(a.key, NATIVE["int"], f"idx({col.name})")
                c.term(a.value, t.element, f"value({col.name})")
            elif a.kind is AssignKind.FIELD and isinstance(t, UserDefinedType):
                ft = dict(t.fields)
                if a.key in ft:
                    c.term(a.value, ft[a.key], f"{col.name}.{a.key}")
            elif t.cql() == "counter":
                c.term(a.value, NATIVE["bigint"], col.name)
            elif a.kind is AssignKind.SUB and isinstance(t, MapType):
                c.term(a.value, SetType(t.key), col.name)
            else:
                c.term(a.value, t, col.name)
        c.where(table, st.where)
        c.conditions(table, st.conditions)
    elif isinstance(st, DeleteStmt):
        for target in st.targets:
            col = table.columns.get(target.column)
            if col is not None and target.key is not None:
                if isinstance(col.type, MapType):
                    c.term(target.key, col.type.key, f"key({col.name})")
                elif isinstance(col.type, ListType):
                    c.term(target.key, NATIVE["int"], f"idx({col.name})")
                elif isinstance(col.type, SetType):
                    c.term(target.key, col.type.element, col.name)
        c.where(table, st.where)
        c.conditions(table, st.conditions)
    if isinstance(st, InsertStmt | UpdateStmt | DeleteStmt):
        ttl = getattr(st, "ttl", None)
        if ttl is not None:
            c.term(ttl, NATIVE["int"], "[ttl]")
        if st.timestamp is not None:
            c.term(st.timestamp, NATIVE["bigint"], "[timestamp]")


Description = tuple[tuple[ColumnSpec, ...], tuple[ColumnSpec, ...] | None, tuple[int, ...]]
"""Bind specs, result columns (``None``: no rows) and partition-key marker positions."""


def describe(eng: Engine, p: Prepared) -> Description:
    """Bind specs, result columns and partition-key marker positions of ``p``."""
    st = p.statement
    if isinstance(st, SelectStmt | InsertStmt | UpdateStmt | DeleteStmt):
        return _describe_statement(eng, p, st)
    if isinstance(st, BatchStmt):
        return _describe_batch(eng, p, st)
    return _blob_markers([None] * len(p.markers)), None, ()


def _blob_markers(
    specs: Sequence[ColumnSpec | None], ksn: str = "", table: str = ""
) -> tuple[ColumnSpec, ...]:
    """``specs`` with each unknown marker described as a ``markerN`` blob."""
    return tuple(
        s if s is not None else ColumnSpec(ksn, table, f"marker{i}", NATIVE["blob"])
        for i, s in enumerate(specs)
    )


def _describe_statement(
    eng: Engine, p: Prepared, st: SelectStmt | InsertStmt | UpdateStmt | DeleteStmt
) -> Description:
    ksn = eng.resolve_ks(st.keyspace, p.keyspace)
    table = eng.table(ksn, st.table)
    c = _Collector(ksn, table.name, len(p.markers))
    result: tuple[ColumnSpec, ...] | None = None
    if isinstance(st, SelectStmt):
        _select_markers(c, table, st)
        result = _select_result(ksn, table, st, len(p.markers))
    else:
        _stmt(c, table, st)
    specs = _blob_markers(c.specs, ksn, table.name)
    return specs, result, _partition_key_positions(specs, table)


def _select_markers(c: _Collector, table: Table, st: SelectStmt) -> None:
    """What each marker of a SELECT binds: selectors, WHERE, ANN OF, limits."""
    for selection in st.selections or ():
        c.selector(table, selection.expr)
    c.where(table, st.where)
    for name, term, _desc in st.ann:
        col = table.columns.get(name)
        if col is not None:
            c.term(term, col.type, col.name)
    if st.per_partition_limit is not None:
        c.term(st.per_partition_limit, NATIVE["int"], "[per_partition_limit]")
    if st.limit is not None:
        c.term(st.limit, NATIVE["int"], "[limit]")


def _select_result(ksn: str, table: Table, st: SelectStmt, n: int) -> tuple[ColumnSpec, ...]:
    """The result columns of a SELECT: ``[json]``, the table's (``*``) or the selectors'."""
    from coodie.embedded.selectors import compile_selector
    from coodie.embedded.terms import EvalContext

    if st.json:
        return (ColumnSpec(ksn, table.name, "[json]", NATIVE["text"]),)
    if st.selections is None:
        return tuple(ColumnSpec(ksn, table.name, col.name, col.type) for col in table.star)
    ctx = EvalContext([None] * n)
    return tuple(
        ColumnSpec(ksn, table.name, s.alias or sel.name, sel.type)
        for s in st.selections
        for sel in [compile_selector(table, s.expr, ctx)]
    )


def _partition_key_positions(specs: tuple[ColumnSpec, ...], table: Table) -> tuple[int, ...]:
    """The marker bound to each partition key column, in key order (``()``: not all are)."""
    pk_names = [col.name for col in table.partition_key]
    pk_idx: list[int] = []
    for name in pk_names:
        for i, s in enumerate(specs):
            if s.name == name and i not in pk_idx:
                pk_idx.append(i)
                break
    return tuple(pk_idx) if len(pk_idx) == len(pk_names) else ()


def _describe_batch(eng: Engine, p: Prepared, st: BatchStmt) -> Description:
    n = len(p.markers)
    specs: list[ColumnSpec | None] = [None] * n
    head = _Collector("", "", n)
    if st.timestamp is not None:
        head.term(st.timestamp, NATIVE["bigint"], "[timestamp]")
    if st.ttl is not None:
        head.term(st.ttl, NATIVE["int"], "[ttl]")
    collected = [head.specs]
    for sub in st.statements:
        ksn = eng.resolve_ks(sub.keyspace, p.keyspace)
        table = eng.table(ksn, sub.table)
        c = _Collector(ksn, table.name, n)
        _stmt(c, table, sub)
        collected.append(c.specs)
    for found in collected:
        for i, spec in enumerate(found):
            if spec is not None:
                specs[i] = spec
    return _blob_markers(specs), None, ()
