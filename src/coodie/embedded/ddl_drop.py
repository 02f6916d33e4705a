"""DROP KEYSPACE / TABLE / MATERIALIZED VIEW / TYPE / INDEX."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, SetType, TupleType, UserDefinedType
from coodie.embedded.catalog import Keyspace
from coodie.embedded.ddl import SYSTEM_KEYSPACES, change, unauthorized_ks, user_keyspace
from coodie.embedded.errors import config_error, invalid
from coodie.embedded.nodes import DropKind, DropStmt
from coodie.embedded.results import EngineResult

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


def drop(eng: Engine, st: DropStmt, session_ks: str | None) -> EngineResult:
    """DROP KEYSPACE / TABLE / MATERIALIZED VIEW / TYPE / INDEX (functions are disabled)."""
    if st.what is DropKind.KEYSPACE:
        return _drop_keyspace(eng, st)
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    if ksn not in eng.keyspaces:
        if st.if_exists:
            return EngineResult.void()
        raise config_error(f"Keyspace '{ksn}' doesn't exist")
    ks = eng.keyspaces[ksn]
    if st.what in (DropKind.TABLE, DropKind.VIEW):
        return _drop_table_or_view(eng, ks, st)
    if st.what is DropKind.TYPE:
        return _drop_type(ks, st)
    if st.what is DropKind.INDEX:
        return _drop_index(ks, st)
    raise invalid(
        "User defined functions are disabled in cassandra.yaml - set "
        "enable_user_defined_functions=true to enable"
    )


def _drop_keyspace(eng: Engine, st: DropStmt) -> EngineResult:
    user_keyspace(st.name)
    if st.name not in eng.keyspaces:
        if st.if_exists:
            return EngineResult.void()
        raise invalid(f"Keyspace '{st.name}' doesn't exist")
    ks = eng.keyspaces.pop(st.name)
    for tname in ks.tables:
        eng.data.pop((st.name, tname), None)
    return change("DROPPED", "KEYSPACE", st.name)


def _drop_table_or_view(eng: Engine, ks: Keyspace, st: DropStmt) -> EngineResult:
    """A table without views, or a view (then forgotten by its base table)."""
    ksn = ks.name
    t = ks.tables.get(st.name)
    if t is None or (st.what is DropKind.TABLE) == (t.view_of is not None):
        if st.if_exists:
            return EngineResult.void()
        if st.what is DropKind.VIEW:
            raise config_error(f"Materialized view '{ksn}.{st.name}' doesn't exist")
        raise invalid(f"Table '{ksn}.{st.name}' doesn't exist")
    if t.views:
        raise invalid(f"Cannot drop a table when materialized views still depend on it ({ksn})")
    del ks.tables[st.name]
    eng.data.pop((ksn, st.name), None)
    if t.view_of is not None:
        base = ks.tables.get(t.view_of[1])
        if base is not None and st.name in base.views:
            base.views.remove(st.name)
    return change("DROPPED", "TABLE", ksn, st.name)


def _drop_type(ks: Keyspace, st: DropStmt) -> EngineResult:
    """A user type no table column and no other type uses."""
    ksn = ks.name
    if st.name not in ks.types:
        if st.if_exists:
            return EngineResult.void()
        raise invalid(f"No user type named {st.name} exists.")
    users = [
        t.name
        for t in ks.tables.values()
        if any(_uses(c.type, st.name) for c in t.columns.values())
    ]
    users += [
        n
        for n, u in ks.types.items()
        if n != st.name and any(_uses(ft, st.name) for _, ft in u.fields)
    ]
    if users:
        raise invalid(
            f"Cannot drop user type '{ksn}.{st.name}' as it is still used by tables "
            + ", ".join(users)
        )
    del ks.types[st.name]
    return change("DROPPED", "TYPE", ksn, st.name)


def _drop_index(ks: Keyspace, st: DropStmt) -> EngineResult:
    for tbl in ks.tables.values():
        if st.name in tbl.indexes:
            del tbl.indexes[st.name]
            return change("UPDATED", "TABLE", ks.name, tbl.name)
    if st.if_exists:
        return EngineResult.void()
    raise invalid(f"Index '{ks.name}.{st.name}' doesn't exist")


def _uses(t: Any, name: str) -> bool:
    if isinstance(t, UserDefinedType):
        return t.name == name or any(_uses(ft, name) for _, ft in t.fields)
    if isinstance(t, ListType | SetType):
        return _uses(t.element, name)
    if isinstance(t, MapType):
        return _uses(t.key, name) or _uses(t.value, name)
    if isinstance(t, TupleType):
        return any(_uses(e, name) for e in t.elements)
    return False
