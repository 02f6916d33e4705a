"""What separates a model's schema from the live one: a pure comparison.

:func:`diff_table` / :func:`diff_type` / :func:`diff_view` compare a model's
schema with the ``Live*`` record read from ``system_schema`` (``None`` when the
object does not exist) and say what to create, what to add, which table options to
alter, what to warn about and which differences coodie refuses to fix::

    d = diff_table(Product.__schema__, live)
    d.add_columns          # columns to ALTER TABLE ADD
    d.mismatches           # ('column price: the model says float, the table has text', ...)

Nothing is ever dropped here except indexes, and only with ``drop_removed_indexes``.
"""

from __future__ import annotations

from typing import Any

import attrs

from coodie.management.compare import normalize_type, option_matches, same_class, same_type
from coodie.management.ddl import table_options
from coodie.management.introspect import LiveIndex, LiveTable, LiveType, LiveView
from coodie.model.schema import (
    ColumnKind,
    ColumnSchema,
    IndexSchema,
    TableSchema,
    TypeSchema,
    ViewSchema,
)


@attrs.frozen(slots=True)
class TableDiff:
    """The changes a table needs, the warnings and the refused differences."""

    create: bool = False
    add_columns: tuple[ColumnSchema, ...] = ()
    create_indexes: tuple[IndexSchema, ...] = ()
    drop_indexes: tuple[LiveIndex, ...] = ()
    alter_options: tuple[tuple[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    mismatches: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class TypeDiff:
    """The changes a user type needs: create it, or add fields."""

    create: bool = False
    add_fields: tuple[tuple[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    mismatches: tuple[str, ...] = ()


def _kind_text(kind: ColumnKind) -> str:
    return kind.value.replace("_", " ")


def _key_differences(schema: TableSchema, live: LiveTable) -> list[str]:
    found: list[str] = []
    if schema.partition_key != live.partition_key:
        found.append(
            f"partition key: the model has ({', '.join(schema.partition_key)}), "
            f"the table has ({', '.join(live.partition_key)})"
        )
    if schema.clustering_key != live.clustering_key:
        found.append(
            f"clustering key: the model has ({', '.join(schema.clustering_key)}), "
            f"the table has ({', '.join(live.clustering_key)})"
        )
    for name in schema.clustering_key:
        column, live_column = schema.columns[name], live.columns.get(name)
        if live_column is None or live_column.kind is not ColumnKind.CLUSTERING:
            continue
        if live_column.order is not None and live_column.order is not column.order:
            found.append(
                f"clustering order of {name}: the model has {column.order.value}, "
                f"the table has {live_column.order.value}"
            )
    return found


def _column_differences(
    schema: TableSchema, live: LiveTable
) -> tuple[list[str], list[ColumnSchema]]:
    found: list[str] = []
    add: list[ColumnSchema] = []
    for column in schema.columns.values():
        live_column = live.columns.get(column.name)
        if live_column is None:
            if not column.is_primary_key:
                add.append(column)
            continue
        if not same_type(column.cql_type, live_column.cql_type):
            found.append(
                f"type of {column.name}: the model has {normalize_type(column.cql_type).cql()}, "
                f"the table has {live_column.type_text}"
            )
        key_kinds = (ColumnKind.PARTITION_KEY, ColumnKind.CLUSTERING)
        if column.kind is not live_column.kind and not (
            column.kind in key_kinds and live_column.kind in key_kinds
        ):
            found.append(
                f"{column.name}: the model has a {_kind_text(column.kind)} column, "
                f"the table has a {_kind_text(live_column.kind)} column"
            )
    return found, add


def _index_matches(index: IndexSchema, live: LiveIndex) -> bool:
    if index.column != live.column or index.kind is not live.kind:
        return False
    if (index.custom_class is None) != (live.custom_class is None):
        return False
    if index.custom_class is None or live.custom_class is None:
        return True
    return same_class(index.custom_class, live.custom_class) and dict(index.options) == dict(
        live.options
    )


def _describe(index: IndexSchema | LiveIndex) -> str:
    kind = index.kind.value
    target = index.column if kind == "values" else f"{kind}({index.column})"
    if not index.custom_class:
        return target
    options = ", ".join(f"{k}={v}" for k, v in index.options)
    return f"{target} using {index.custom_class}" + (f" ({options})" if options else "")


def _index_changes(
    schema: TableSchema, live: LiveTable, drop_removed: bool
) -> tuple[list[IndexSchema], list[LiveIndex], list[str], list[str]]:
    create: list[IndexSchema] = []
    kept: set[str] = set()
    warnings: list[str] = []
    mismatches: list[str] = []
    by_name = {i.name: i for i in live.indexes}
    for index in schema.indexes:
        same_name = by_name.get(index.name)
        if same_name is not None:
            kept.add(same_name.name)
            if not _index_matches(index, same_name):
                mismatches.append(
                    f"index {index.name}: the model indexes {_describe(index)}, "
                    f"the table indexes {_describe(same_name)}"
                )
            continue
        twin = next((i for i in live.indexes if _index_matches(index, i)), None)
        if twin is not None:
            kept.add(twin.name)
            warnings.append(
                f"index {index.name} on {_describe(index)} exists as {twin.name}; keeping it"
            )
            continue
        create.append(index)
    drop = [i for i in live.indexes if i.name not in kept]
    if not drop_removed:
        warnings.extend(
            f"index {i.name} on {_describe(i)} is not declared by the model; "
            "sync_table(drop_removed_indexes=True) drops it"
            for i in drop
        )
        drop = []
    return create, drop, warnings, mismatches


def diff_table(
    schema: TableSchema, live: LiveTable | None, *, drop_removed_indexes: bool = False
) -> TableDiff:
    """Compare a model's table with the live one (``None``: it does not exist yet)."""
    if live is None:
        return TableDiff(create=True, create_indexes=schema.indexes)
    mismatches = _key_differences(schema, live)
    column_mismatches, add = _column_differences(schema, live)
    mismatches.extend(column_mismatches)
    warnings = [
        f"column {name} exists in the table but not in the model; coodie never drops columns"
        for name, column in live.columns.items()
        if name not in schema.columns and column.kind in (ColumnKind.REGULAR, ColumnKind.STATIC)
    ]
    create, drop, index_warnings, index_mismatches = _index_changes(
        schema, live, drop_removed_indexes
    )
    warnings.extend(index_warnings)
    mismatches.extend(index_mismatches)
    alter = tuple(
        (name, value)
        for name, value in table_options(schema)
        if not option_matches(name, value, live.options.get(name))
    )
    return TableDiff(
        create=False,
        add_columns=tuple(add),
        create_indexes=tuple(create),
        drop_indexes=tuple(drop),
        alter_options=alter,
        warnings=tuple(warnings),
        mismatches=tuple(mismatches),
    )


def diff_type(schema: TypeSchema, live: LiveType | None) -> TypeDiff:
    """Compare a model's user type with the live one (``None``: it does not exist yet)."""
    if live is None:
        return TypeDiff(create=True)
    live_fields = dict(live.fields)
    mismatches = [
        f"type of field {name}: the model has {normalize_type(t).cql()}, "
        f"the type has {normalize_type(live_fields[name]).cql()}"
        for name, t in schema.fields
        if name in live_fields and not same_type(t, live_fields[name])
    ]
    add = tuple((name, t) for name, t in schema.fields if name not in live_fields)
    declared = {name for name, _ in schema.fields}
    warnings = tuple(
        f"field {name} exists in type {live.name} but not in the model; coodie never drops fields"
        for name in live_fields
        if name not in declared
    )
    return TypeDiff(add_fields=add, warnings=warnings, mismatches=tuple(mismatches))


def diff_view(schema: ViewSchema, live: LiveView | None) -> TableDiff:
    """Compare a model's materialized view with the live one.

    A view's columns, key and base table cannot change in place: differences are
    mismatches (drop the view and sync it again). Declared options are altered.
    """
    if live is None:
        return TableDiff(create=True)
    table = schema.table
    mismatches = _key_differences(table, live.table)
    column_mismatches, missing = _column_differences(table, live.table)
    mismatches.extend(column_mismatches)
    mismatches.extend(
        f"column {c.name}: the model selects it, the view does not have it" for c in missing
    )
    if live.base_table != schema.base_table:
        mismatches.append(
            f"base table: the model has {schema.base_table}, the view has {live.base_table}"
        )
    alter = tuple(
        (name, value)
        for name, value in table_options(table)
        if not option_matches(name, value, live.table.options.get(name))
    )
    return TableDiff(alter_options=alter, mismatches=tuple(mismatches))
