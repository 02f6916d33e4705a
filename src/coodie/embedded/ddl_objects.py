"""CREATE TYPE and CREATE INDEX."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coodie.cqltypes import ListType, MapType, SetType, TupleType, UserDefinedType
from coodie.embedded.catalog import Index, freeze_deep, resolve_type
from coodie.embedded.ddl import SYSTEM_KEYSPACES, change, unauthorized_ks
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import CreateIndex, CreateType
from coodie.embedded.results import EngineResult

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


def create_type(eng: Engine, st: CreateType, session_ks: str | None) -> EngineResult:
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    ks = eng.keyspace_for_ddl(ksn)
    if st.name in ks.types:
        if st.if_not_exists:
            return EngineResult.void()
        raise invalid(f"A user type with name '{st.name}' already exists")
    fields = []
    names = set()
    for fname, ref in st.fields:
        if fname in names:
            raise invalid(f"Duplicate field name {fname} in type {st.name}")
        names.add(fname)
        try:
            t = resolve_type(ref, ksn, ks.types)
        except Exception:
            if not ref.args and not ref.frozen:
                raise invalid("A user type cannot contain non-frozen UDTs") from None
            raise
        if isinstance(t, UserDefinedType) and not t.frozen:
            raise invalid("A user type cannot contain non-frozen UDTs")
        if isinstance(t, ListType | SetType | MapType | TupleType) and t.frozen:
            t = freeze_deep(t)
        fields.append((fname, t))
    ks.types[st.name] = UserDefinedType(st.name, tuple(fields), ksn, True)
    return change("CREATED", "TYPE", ksn, st.name)


def create_index(eng: Engine, st: CreateIndex, session_ks: str | None) -> EngineResult:
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    table = eng.table(ksn, st.table)
    if st.custom is not None:
        cls = str(st.custom)
        if "SASI" in cls:
            raise invalid("SASI indexes are disabled. Enable in cassandra.yaml to use.")
    kind, colname = st.target
    col = table.column(colname)
    t = col.type
    if kind is None:
        if isinstance(t, ListType | SetType | MapType):
            if t.frozen:
                raise invalid(
                    f"Cannot create values() index on frozen column {colname}. Frozen collections "
                    "are immutable and must be fully indexed by using the "
                    f"'full({colname})' modifier"
                )
            kind = "values"
        else:
            kind = "simple"
    if kind == "full" and not (isinstance(t, ListType | SetType | MapType) and t.frozen):
        raise invalid("full() indexes can only be created on frozen collections")
    if kind in ("keys", "entries") and not isinstance(t, MapType):
        raise invalid(f"Cannot create index on {kind} of column {colname} with non-map type")
    if len(table.partition_key) == 1 and col.kind == "partition_key":
        raise invalid(f"Cannot create secondary index on the only partition key column {colname}")
    base = f"{st.table}_{colname}_idx"
    name = st.name or base
    all_idx = {i for tt in eng.keyspaces[ksn].tables.values() for i in tt.indexes}
    from coodie.identifiers import quote_identifier

    qcol = quote_identifier(colname)
    target = qcol if kind == "simple" else f"{kind}({qcol})"
    if st.name is not None and name in all_idx:
        if st.if_not_exists:
            return EngineResult.void()
        raise invalid(f"Index '{name}' already exists")
    if st.name is None:
        i = 0
        while name in all_idx:
            i += 1
            name = f"{base}_{i}"
    for existing in table.indexes.values():
        if existing.target == target and existing.custom == st.custom:
            if st.if_not_exists:
                return EngineResult.void()
            raise invalid(f"Index {name} is a duplicate of existing index {existing.name}")
    table.indexes[name] = Index(name, colname, kind, st.custom)
    return change("UPDATED", "TABLE", ksn, st.table)
