"""Autogeneration: what separates the live schema from the Document classes, as changes.

:func:`schema_changes` compares each model's table (and the user types it uses)
with the live schema and returns :class:`Change` records: an executable
``upgrade`` line with its inverse ``downgrade`` line, or, for what CQL cannot
change in place (a key, a column's type, a removed column), a TODO with the
reason and a recipe. :mod:`.render` writes them as a migration file and
``coodie schema-diff`` prints them::

    live = run(read_live(schemas, "shop", views))
    changes = schema_changes(schemas, live, views)
    [c.summary for c in changes]     # ['add column product.rating int', ...]
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from coodie.compiler import compile
from coodie.exceptions import ConfigurationError
from coodie.executor.runner import Operation
from coodie.management import ddl
from coodie.management.compare import normalize_type
from coodie.management.diff import diff_table, diff_type
from coodie.management.introspect import LiveTable, LiveType, LiveView
from coodie.management.migrations.autoviews import read_views, view_changes
from coodie.management.migrations.changes import PLACEHOLDER, Change, ctx_execute
from coodie.management.plan import table_types
from coodie.management.reads import read_table, read_types
from coodie.model.polymorphism import shared_table_schema
from coodie.model.schema import ColumnKind, TableSchema, ViewSchema


@attrs.frozen(slots=True)
class LiveSchema:
    """The live tables (by name; ``None`` when missing), user types and views of a keyspace."""

    tables: dict[str, LiveTable | None]
    types: dict[str, LiveType]
    views: dict[str, LiveView] = attrs.field(factory=dict)


def model_classes(module_names: Iterable[str]) -> tuple[Any, ...]:
    """The concrete Document and MaterializedView classes of the modules, in definition order."""
    found: dict[str, Any] = {}
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise ConfigurationError(f"cannot import model module {name!r}: {error}") from error
        for value in vars(module).values():
            schema = getattr(value, "__schema__", None)
            if (
                isinstance(value, type)
                and isinstance(schema, TableSchema)
                and value.__module__ == module.__name__
            ):
                found.setdefault(schema.name, value)
    if not found:
        raise ConfigurationError(
            'no Document classes found: set models = ["your.models"] in [tool.coodie], '
            "COODIE_MODELS or --models"
        )
    return tuple(found.values())


def schemas_of(models: Sequence[Any]) -> tuple[TableSchema, ...]:
    """The table schemas of the models (a polymorphic family: its shared table; views are
    left to :func:`~.autoviews.views_of`)."""
    tables = (m for m in models if getattr(m, "__view_schema__", None) is None)
    return tuple(dict.fromkeys(shared_table_schema(m) for m in tables))


def read_live(
    schemas: Sequence[TableSchema], keyspace: str, views: Sequence[ViewSchema] = ()
) -> Operation[LiveSchema]:
    """Read the live tables of ``schemas`` and every user type and view of ``keyspace``
    (and of the keyspaces ``views`` name)."""
    tables: dict[str, LiveTable | None] = {}
    for schema in schemas:
        tables[schema.name] = yield from read_table(schema.keyspace or keyspace, schema.name)
    types = yield from read_types(keyspace)
    live_views: dict[str, LiveView] = {}
    for ks in dict.fromkeys([keyspace, *(v.table.keyspace for v in views if v.table.keyspace)]):
        live_views.update((yield from read_views(ks)))
    return LiveSchema(tables, types, live_views)


def _type_changes(schema: TableSchema, live: LiveSchema, keyspace: str) -> list[Change]:
    changes: list[Change] = []
    for type_schema in table_types(schema):
        diff = diff_type(type_schema, live.types.get(type_schema.name))
        if diff.create:
            changes.append(
                Change(
                    f"create type {type_schema.name}",
                    (ctx_execute(compile(ddl.create_type(type_schema, keyspace)).cql),),
                    (f"ctx.drop_type({type_schema.name!r}, destructive=True)",),
                )
            )
        for field, cql_type in diff.add_fields:
            text = normalize_type(cql_type).cql()
            changes.append(
                Change(
                    f"add field {type_schema.name}.{field} {text}",
                    (f"ctx.alter_type({type_schema.name!r}, {field!r}, {text!r})",),
                    ("# CQL cannot drop a field from a user type",),
                )
            )
        changes.extend(
            Change(f"type {type_schema.name}: {m}", todo=(m, _TYPE_RECIPE)) for m in diff.mismatches
        )
    return changes


_TYPE_RECIPE = (
    "recipe: add a new field (or type) with the new definition, copy the values with "
    "ctx.scan_table/ctx.update_rows, then stop using the old one"
)
_KEY_RECIPE = (
    "recipe: create a new table with the new key (ctx.create_table), copy the rows with "
    "ctx.scan_table + ctx.update_rows, switch the application, then drop the old table"
)
_COLUMN_RECIPE = (
    "recipe: add a column with a new name and the new type, backfill it with "
    "ctx.scan_table + ctx.update_rows, switch the model, then drop the old column"
)


def _todo_for(message: str) -> tuple[str, ...]:
    if "key" in message or "clustering" in message:
        return ("CQL cannot change a primary key or clustering in place: " + message, _KEY_RECIPE)
    return ("CQL cannot change a column's type or kind in place: " + message, _COLUMN_RECIPE)


def _table_changes(schema: TableSchema, live: LiveTable | None, keyspace: str) -> list[Change]:
    name = schema.name
    diff = diff_table(schema, live)
    if diff.create:
        ups = [ctx_execute(compile(ddl.create_table(schema, keyspace)).cql)]
        ups.extend(ctx_execute(compile(i).cql) for i in ddl.create_indexes(schema, keyspace))
        return [
            Change(
                f"create table {name}", tuple(ups), (f"ctx.drop_table({name!r}, destructive=True)",)
            )
        ]
    assert live is not None
    changes: list[Change] = []
    for column in diff.add_columns:
        text = normalize_type(column.cql_type).cql()
        static = ", static=True" if column.kind is ColumnKind.STATIC else ""
        changes.append(
            Change(
                f"add column {name}.{column.name} {text}",
                (f"ctx.add_column({name!r}, {column.name!r}, {text!r}{static})",),
                (f"ctx.drop_column({name!r}, {column.name!r}, destructive=True)",),
            )
        )
    for index in diff.create_indexes:
        subset = attrs.evolve(schema, indexes=(index,))
        (node,) = ddl.create_indexes(subset, keyspace)
        changes.append(
            Change(
                f"create index {index.name} on {name}({index.column})",
                (ctx_execute(compile(node).cql),),
                (f"ctx.drop_index({index.name!r})" if index.name else "# drop the index by name",),
            )
        )
    if diff.alter_options:
        new = {k: v for k, v in diff.alter_options}
        old = {k: live.options.get(k) for k in new}
        changes.append(
            Change(
                f"alter options of {name}: {', '.join(sorted(new))}",
                (f"ctx.alter_table_options({name!r}, **{new!r})",),
                (f"ctx.alter_table_options({name!r}, **{old!r})",),
            )
        )
    changes.extend(Change(f"{name}: {m}", todo=_todo_for(m)) for m in diff.mismatches)
    changes.extend(_removed_columns(schema, live))
    return changes


def _removed_columns(schema: TableSchema, live: LiveTable) -> list[Change]:
    name = schema.name
    removed = [
        c
        for c in live.columns.values()
        if c.name not in schema.columns and c.kind in (ColumnKind.REGULAR, ColumnKind.STATIC)
    ]
    return [
        Change(
            f"column {name}.{c.name} is not in the model",
            todo=(
                f"the model no longer declares {name}.{c.name} ({c.type_text}); "
                "dropping it destroys its data, so it is not generated",
                *_renamed_hint(schema, c.name),
                f"recipe: once nothing reads it, "
                f"ctx.drop_column({name!r}, {c.name!r}, destructive=True)",
            ),
        )
        for c in removed
    ]


def _renamed_hint(schema: TableSchema, column: str) -> tuple[str, ...]:
    """A live column named like an attribute that ``ColumnName`` maps elsewhere."""
    moved = schema.by_attribute.get(column)
    if moved is None or moved.name == column:
        return ()
    return (
        f"attribute {column} now maps to column {moved.name} (ColumnName): its data stays "
        f"in {column} until copied (ctx.update_rows) or the attribute maps back",
    )


def schema_changes(
    schemas: Sequence[TableSchema], live: LiveSchema, views: Sequence[ViewSchema] = ()
) -> tuple[Change, ...]:
    """Every change that brings the live schema to the models, in execution order (types,
    then each table, then the materialized views)."""
    changes: list[Change] = []
    seen_types: set[str] = set()
    for schema in schemas:
        ks = schema.keyspace or PLACEHOLDER
        for change in _type_changes(schema, live, ks):
            if change.summary not in seen_types:
                seen_types.add(change.summary)
                changes.append(change)
        changes.extend(_table_changes(schema, live.tables.get(schema.name), ks))
    changes.extend(view_changes(views, schemas, live.views))
    return tuple(changes)
