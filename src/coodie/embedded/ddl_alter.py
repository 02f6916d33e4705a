"""ALTER TABLE and ALTER TYPE."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.cql.types import CqlType, NativeType, TupleType, UserDefinedType
from coodie.embedded.catalog import Column, Keyspace, Table, freeze_deep, resolve_type, type_text
from coodie.embedded.ddl import (
    SYSTEM_KEYSPACES,
    check_column_type,
    check_counter_ttl,
    parse_options,
    unauthorized_ks,
)
from coodie.embedded.errors import config_error, invalid
from coodie.embedded.nodes import AlterAction, AlterTableStmt, AlterTypeStmt, ColumnDecl
from coodie.embedded.results import EngineResult, SchemaChange

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine


def _updated(ks: str, name: str, target: str = "TABLE") -> EngineResult:
    return EngineResult("schema_change", schema_change=SchemaChange("UPDATED", target, ks, name))


def alter_table(eng: Engine, st: AlterTableStmt, session_ks: str | None) -> EngineResult:
    """ADD / DROP / WITH / RENAME / ALTER TYPE on a table."""
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    table = eng.table(ksn, st.name)
    ks = eng.keyspaces[ksn]
    if st.action is AlterAction.WITH or st.action is AlterAction.WITH_VIEW:
        options = parse_options(st.options, table.options)
        check_counter_ttl(table.is_counter, options)
        table.options = options
    elif st.action is AlterAction.ALTER:
        raise invalid("Altering column types is no longer supported")
    elif st.action is AlterAction.ADD:
        _add_columns(ks, table, st.columns)
    elif st.action is AlterAction.DROP:
        _drop_columns(eng, table, st.columns)
    elif st.action is AlterAction.RENAME:
        _rename_columns(table, st.columns)
    else:
        raise invalid("Unsupported ALTER TABLE")
    return _updated(ksn, st.name)


def _add_columns(ks: Keyspace, table: Table, decls: tuple[Any, ...]) -> None:
    """ALTER TABLE ... ADD: new regular or static columns (also in views of all columns)."""
    cols = list(table.columns.values())
    for cd in decls:
        t = _added_column_type(ks, table, cd)
        cols.append(Column(cd.name, t, "static" if cd.static else "regular"))
        if not cd.static:
            for vname in table.views:
                view = ks.tables[vname]
                if view.view_include_all:
                    view.set_columns([*view.columns.values(), Column(cd.name, t, "regular")])
    table.set_columns(cols)


def _added_column_type(ks: Keyspace, table: Table, cd: ColumnDecl) -> CqlType:
    """Resolve and check the type of one added column, like Cassandra."""
    if cd.name in table.columns:
        raise invalid(f"Column with name '{cd.name}' already exists")
    t = resolve_type(cd.type, ks.name, ks.types)
    if t.frozen or isinstance(t, TupleType):
        t = freeze_deep(t)
    check_column_type(t, cd.name, False, cd.type)
    is_counter = isinstance(t, NativeType) and t.name == "counter"
    if is_counter and not table.is_counter:
        raise config_error(
            f'{table.qualified}: Cannot have a counter column ("{cd.name}") in a non counter table'
        )
    if table.is_counter and not is_counter:
        raise config_error(
            f'{table.qualified}: Cannot have a non counter column ("{cd.name}") in a counter table'
        )
    if cd.static and not table.clustering:
        raise invalid(
            "Static columns are only useful (and thus allowed) if the table has at least "
            "one clustering column"
        )
    prev = table.dropped.get(cd.name)
    if prev is not None and type_text(prev[0]) != type_text(t):
        raise invalid(
            f"Cannot re-add previously dropped column '{cd.name}' of type {type_text(t)}, "
            f"incompatible with previous type {type_text(prev[0])}"
        )
    return t


def _drop_columns(eng: Engine, table: Table, names: tuple[Any, ...]) -> None:
    """ALTER TABLE ... DROP: remember the dropped columns and purge their data."""
    cols = list(table.columns.values())
    for name in names:
        col = table.column(name)
        if col.is_primary:
            raise invalid(f"Cannot drop PRIMARY KEY column {name}")
        if table.views:
            raise invalid(
                f"Cannot drop column {name} on base table {table.name} with materialized views."
            )
        deps = [i.name for i in table.indexes.values() if i.column == name]
        if deps:
            raise invalid(
                f"Cannot drop column {name} because it has dependent secondary indexes "
                f"({', '.join(deps)})"
            )
        table.dropped[name] = (col.type, eng.now_us(), col.kind)
        cols = [c for c in cols if c.name != name]
        _purge_column(eng, table, name)
    table.set_columns(cols)


def _rename_columns(table: Table, pairs: tuple[Any, ...]) -> None:
    """ALTER TABLE ... RENAME: only primary key columns can be renamed."""
    for old, new in pairs:
        col = table.column(old)
        if not col.is_primary:
            raise invalid(f"Cannot rename non PRIMARY KEY column {old}")
        if new in table.columns:
            raise invalid(
                f"Cannot rename column {old} to {new} in keyspace {table.keyspace}; another "
                "column of that name already exist"
            )
        col.name = new
    table.set_columns(list(table.columns.values()))


def _purge_column(eng: Engine, table: Table, name: str) -> None:
    data = eng.data.get((table.keyspace, table.name))
    if data is None:
        return
    for p in data.partitions.values():
        p.static.drop_cell(name)
        for row in p.rows.values():
            row.drop_cell(name)


def alter_type(eng: Engine, st: AlterTypeStmt, session_ks: str | None) -> EngineResult:
    """ALTER TYPE ... ADD / RENAME (ALTER field TYPE is refused as in Cassandra 4)."""
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    ks = eng.keyspace(ksn)
    udt = ks.types.get(st.name)
    if udt is None:
        raise invalid(f"No user type named {st.name} exists.")
    if st.action is AlterAction.ALTER:
        raise invalid("Altering field types is no longer supported")
    fields = list(udt.fields)
    if st.action is AlterAction.ADD:
        for fname, ref in st.items:
            if any(n == fname for n, _ in fields):
                raise invalid(
                    f"Cannot add new field {fname} to type {ksn}.{st.name}: a field of the "
                    "same name already exists"
                )
            t = resolve_type(ref, ksn, ks.types)
            if t.frozen:
                t = freeze_deep(t)
            fields.append((fname, t))
    else:
        for old, new in st.items:
            names = [n for n, _ in fields]
            if old not in names:
                raise invalid(f"Unkown field {old} in user type {ksn}.{st.name}")
            i = names.index(old)
            fields[i] = (new, fields[i][1])
    new_udt = UserDefinedType(st.name, tuple(fields), ksn, True)
    ks.types[st.name] = new_udt
    _refresh_udt(eng, ksn, new_udt)
    return _updated(ksn, st.name, "TYPE")


def _refresh_udt(eng: Engine, ksn: str, udt: UserDefinedType) -> None:
    def fix(t: CqlType) -> CqlType:
        import attrs

        from coodie.cql.types import ListType, MapType, SetType

        if isinstance(t, UserDefinedType):
            if t.name == udt.name and t.keyspace == ksn:
                return UserDefinedType(udt.name, udt.fields, ksn, t.frozen)
            return attrs.evolve(t, fields=tuple((n, fix(ft)) for n, ft in t.fields))
        if isinstance(t, ListType | SetType):
            return attrs.evolve(t, element=fix(t.element))
        if isinstance(t, MapType):
            return attrs.evolve(t, key=fix(t.key), value=fix(t.value))
        if isinstance(t, TupleType):
            return attrs.evolve(t, elements=tuple(fix(e) for e in t.elements))
        return t

    for table in eng.keyspaces[ksn].tables.values():
        assert isinstance(table, Table)
        for c in table.columns.values():
            c.type = fix(c.type)
        table.set_columns(list(table.columns.values()))
    for name, other in list(eng.keyspaces[ksn].types.items()):
        if name != udt.name:
            fixed = fix(other)
            assert isinstance(fixed, UserDefinedType)
            eng.keyspaces[ksn].types[name] = fixed
