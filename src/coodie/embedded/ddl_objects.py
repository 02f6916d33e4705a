"""CREATE TYPE and CREATE INDEX."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from coodie.cql.types import ListType, MapType, SetType, TupleType, UserDefinedType
from coodie.embedded.catalog import Index, freeze_deep, resolve_type
from coodie.embedded.ddl import SYSTEM_KEYSPACES, change, unauthorized_ks
from coodie.embedded.errors import config_error, invalid, syntax_error
from coodie.embedded.index_kinds import SAI_CLASS, check_index_options, family_of_class
from coodie.embedded.nodes import CreateIndexStmt, CreateTypeStmt
from coodie.embedded.results import EngineResult

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


def create_type(eng: Engine, st: CreateTypeStmt, session_ks: str | None) -> EngineResult:
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


def create_index(eng: Engine, st: CreateIndexStmt, session_ks: str | None) -> EngineResult:
    options = index_options(st)
    fam = family_of_class(st.custom)
    warnings: tuple[str, ...] = ()
    custom = st.custom
    if fam == "sasi":
        if not eng.settings.sasi:
            raise invalid("SASI indexes are disabled. Enable in cassandra.yaml to use.")
        warnings = ("SASI indexes are experimental and are not recommended for production use.",)
    elif fam == "sai":
        if not eng.settings.sai:
            raise config_error(f"Unable to find custom indexer class '{st.custom}'")
        custom = SAI_CLASS
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    table = eng.table(ksn, st.table)
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
    from coodie.cql.identifiers import quote_identifier

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
    warnings += check_index_options(fam, colname, t, options, name)
    for existing in table.indexes.values():
        if existing.target == target and existing.custom == custom:
            if st.if_not_exists:
                return EngineResult.void()
            raise invalid(f"Index {name} is a duplicate of existing index {existing.name}")
    table.indexes[name] = Index(name, colname, kind, custom, options)
    result = change("UPDATED", "TABLE", ksn, st.table)
    return attrs.evolve(result, warnings=warnings) if warnings else result


def index_options(st: CreateIndexStmt) -> tuple[tuple[str, str], ...]:
    """Validate ``[CUSTOM] ... USING '<class>' WITH OPTIONS = {...}`` as Cassandra 4.0 does and
    return the custom options (sorted by name; ``class_name`` and ``target`` are added by the
    catalog). SASI and SAI classes are checked against the engine's settings by
    :func:`create_index`; any other class is kept as declared (and answers no query).

    >>> from coodie.embedded.nodes import CreateIndexStmt
    >>> st = CreateIndexStmt(None, "t", None, False, (None, "v"), "SAI", (("options", {"a": "1"}),))
    >>> index_options(st)
    (('a', '1'),)
    """
    props: dict[str, Any] = {}
    for name, value in st.options:
        if name.lower() != "options":
            raise syntax_error(f"Unknown property '{name}'")
        if name.lower() in props:
            raise syntax_error(f"Multiple definition for property '{name}'")
        props[name.lower()] = value
    if st.custom == "":
        raise invalid("CUSTOM index requires specifiying the index class")
    if st.custom is None and props:
        raise invalid("Cannot specify options for a non-CUSTOM index")
    raw = props.get("options", {})
    if not isinstance(raw, dict):
        raise syntax_error("Invalid value for property 'options'. It should be a map.")
    for reserved in ("class_name", "target"):
        if reserved in raw:
            raise invalid(f"Cannot specify {reserved} as a CUSTOM option")
    if any(isinstance(v, dict) for v in raw.values()):
        raise syntax_error("Invalid value for property 'options'. It should be a map.")
    return tuple(sorted((str(k), str(v)) for k, v in raw.items()))
