"""Pure planning: model schema + live schema → the DDL statements to send.

Every function here is free of I/O and returns a :class:`SyncPlan`; ``sync_table``
and ``sync_table(dry_run=True)`` both go through them::

    plan = plan_table_sync(Product.__schema__, live_table, keyspace="shop")
    plan.mismatches       # refused differences (SchemaMismatch is raised for these)
    plan.warnings         # e.g. a column the model no longer declares
    [compile(s).cql for s in plan.statements]
    # ['ALTER TABLE shop.product ADD (rating int)', 'CREATE INDEX IF NOT EXISTS ...']

Statements are idempotent where CQL allows it (``IF NOT EXISTS`` / ``IF EXISTS``);
``ALTER TABLE ... ADD`` and ``ALTER TYPE ... ADD`` have no such clause in
Cassandra 4.x, so a concurrent run can make them fail with "already exists": the
executing side re-reads the schema and plans again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from coodie.ast.ddl import DdlStatement
from coodie.cql.types import (
    CqlType,
    UserDefinedType,
    inner_types,
)
from coodie.management import ddl
from coodie.management.diff import diff_table, diff_type, diff_view
from coodie.management.introspect import LiveTable, LiveType, LiveView
from coodie.model.schema import TableSchema, TypeSchema, ViewSchema


@attrs.frozen(slots=True)
class SyncPlan:
    """What a sync will send, what it warns about, and what it refuses.

    ``statements`` are DDL AST nodes in execution order; ``mismatches`` lists the
    differences that make the sync raise :class:`~coodie.exceptions.SchemaMismatch`
    before anything is sent.
    """

    statements: tuple[DdlStatement, ...] = ()
    warnings: tuple[str, ...] = ()
    mismatches: tuple[str, ...] = ()

    def __add__(self, other: SyncPlan) -> SyncPlan:
        return SyncPlan(
            self.statements + other.statements,
            self.warnings + other.warnings,
            self.mismatches + other.mismatches,
        )


def plan_table_sync(
    schema: TableSchema,
    live: LiveTable | None,
    *,
    keyspace: str | None = None,
    drop_removed_indexes: bool = False,
) -> SyncPlan:
    """Plan the statements that bring table ``schema`` to the model (UDTs not included).

    ``keyspace`` overrides ``schema.keyspace`` (a model without one uses its
    connection's keyspace).
    """
    ks = keyspace or schema.keyspace or ""
    diff = diff_table(schema, live, drop_removed_indexes=drop_removed_indexes)
    statements: list[DdlStatement] = []
    if diff.create:
        statements.append(ddl.create_table(schema, ks))
    if diff.add_columns:
        statements.append(ddl.alter_table_add(schema, (c.name for c in diff.add_columns), ks))
    if diff.alter_options:
        statements.append(ddl.alter_table_with(schema, dict(diff.alter_options), ks))
    statements.extend(ddl.drop_index(i.name, ks) for i in diff.drop_indexes)
    if diff.create_indexes:
        subset = attrs.evolve(schema, indexes=diff.create_indexes)
        statements.extend(ddl.create_indexes(subset, ks))
    return SyncPlan(tuple(statements), diff.warnings, _prefixed(ks, schema.name, diff.mismatches))


def _prefixed(keyspace: str, name: str, messages: tuple[str, ...]) -> tuple[str, ...]:
    where = f"{keyspace}.{name}" if keyspace else name
    return tuple(f"{where}: {m}" for m in messages)


def plan_type_sync(
    schema: TypeSchema, live: LiveType | None, *, keyspace: str | None = None
) -> SyncPlan:
    """Plan ``CREATE TYPE IF NOT EXISTS`` or one ``ALTER TYPE ... ADD`` per new field."""
    ks = keyspace or schema.keyspace or ""
    diff = diff_type(schema, live)
    statements: list[DdlStatement] = []
    if diff.create:
        statements.append(ddl.create_type(schema, ks))
    statements.extend(ddl.alter_type_add(schema, name, ks) for name, _ in diff.add_fields)
    return SyncPlan(tuple(statements), diff.warnings, _prefixed(ks, schema.name, diff.mismatches))


def plan_types_sync(
    types: Iterable[TypeSchema], live: Mapping[str, LiveType], *, keyspace: str | None = None
) -> SyncPlan:
    """Plan several user types, in the order given (dependencies first)."""
    plan = SyncPlan()
    for schema in types:
        plan += plan_type_sync(schema, live.get(schema.name), keyspace=keyspace)
    return plan


def plan_user_type_sync(
    schema: TypeSchema, live_types: Mapping[str, LiveType], *, keyspace: str | None = None
) -> SyncPlan:
    """The user types ``schema``'s fields use (dependencies first), then ``schema`` itself."""
    nested = used_types(t for _, t in schema.fields)
    plan = plan_types_sync(nested, live_types, keyspace=keyspace)
    return plan + plan_type_sync(schema, live_types.get(schema.name), keyspace=keyspace)


def plan_model_sync(
    schema: TableSchema,
    live: LiveTable | None,
    live_types: Mapping[str, LiveType],
    *,
    keyspace: str | None = None,
    drop_removed_indexes: bool = False,
) -> SyncPlan:
    """The user types a table uses (dependencies first), then the table itself."""
    ks = keyspace or schema.keyspace
    types = plan_types_sync(table_types(schema), live_types, keyspace=ks)
    table = plan_table_sync(schema, live, keyspace=ks, drop_removed_indexes=drop_removed_indexes)
    return types + table


def plan_view_sync(
    schema: ViewSchema, live: LiveView | None, *, keyspace: str | None = None
) -> SyncPlan:
    """Plan ``CREATE MATERIALIZED VIEW IF NOT EXISTS``; a changed view is a mismatch.

    Options of an existing view that differ from the model are reported as
    warnings (coodie does not alter views).
    """
    table = schema.table
    ks = keyspace or table.keyspace or ""
    diff = diff_view(schema, live)
    warnings = tuple(
        f"option {name} of view {table.name} differs from the model; coodie does not alter views"
        for name, _ in diff.alter_options
    )
    statements: tuple[DdlStatement, ...] = ()
    if diff.create:
        statements = (ddl.create_view(schema, ks),)
    return SyncPlan(statements, warnings, _prefixed(ks, table.name, diff.mismatches))


def _direct_udts(t: CqlType) -> Iterator[UserDefinedType]:
    for child in inner_types(t):
        if isinstance(child, UserDefinedType):
            yield child
        else:
            yield from _direct_udts(child)


def used_types(types: Iterable[CqlType]) -> tuple[TypeSchema, ...]:
    """The user types inside ``types`` (nested ones, inside collections), dependencies first.

    >>> from coodie.cql.types import NATIVE, ListType, UserDefinedType
    >>> inner = UserDefinedType("phone", (("number", NATIVE["text"]),))
    >>> outer = UserDefinedType("contact", (("phones", ListType(inner)),))
    >>> [t.name for t in used_types([outer])]
    ['phone', 'contact']
    """
    found: dict[str, TypeSchema] = {}

    def visit(t: CqlType) -> None:
        for child in inner_types(t):
            visit(child)
        if isinstance(t, UserDefinedType) and t.name not in found:
            deps = tuple(dict.fromkeys(u.name for u in _direct_udts(t)))
            found[t.name] = TypeSchema(t.name, t.keyspace, t.name, t.fields, deps)

    for t in types:
        visit(t)
    return tuple(found.values())


def table_types(schema: TableSchema) -> tuple[TypeSchema, ...]:
    """The user types a table uses, dependencies first (the model's TypeSchemas when known)."""
    declared = {t.name: t for t in schema.user_types}
    derived = used_types(c.cql_type for c in schema.columns.values())
    return tuple(declared.get(t.name, t) for t in derived)
