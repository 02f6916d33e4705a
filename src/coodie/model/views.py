"""Building the :class:`~coodie.model.schema.ViewSchema` of a materialized view model.

Cassandra's rules are checked when the base is a model class: the view's primary
key holds every base primary key column plus at most one other base column, and
each view column exists in the base with the same type::

    view = build_view_schema("ProductByBrand", settings, specs)
    view.where_not_null      # ('brand', 'id')
"""

from __future__ import annotations

from typing import Any

from coodie.exceptions import ModelDefinitionError
from coodie.model.schema import TableSchema, ViewSchema
from coodie.model.schema_builder import FieldSpec, build_table_schema
from coodie.model.settings import ModelSettings


def build_view_schema(model: str, settings: ModelSettings, specs: list[FieldSpec]) -> ViewSchema:
    """The view's table shape, base table and ``IS NOT NULL`` filter columns.

    Example: ``build_view_schema("ByBrand", ByBrand.__settings__, specs).base_table``.
    """
    base = settings.base_table
    base_schema = _base_schema(model, base)
    if base_schema is None:
        base_keyspace, base_name = _split_name(model, base)
    else:
        base_keyspace, base_name = base_schema.keyspace, base_schema.name
    for spec in specs:
        if spec.static:
            raise ModelDefinitionError(model, spec.name, "a view cannot have static columns")
        if spec.is_counter:
            raise ModelDefinitionError(model, spec.name, "a view cannot select counter columns")
    table = build_table_schema(
        model,
        specs,
        table=settings.name,
        keyspace=settings.keyspace or base_keyspace,
        allow_indexes=False,
    )
    if base_schema is not None:
        _check_against_base(model, table, base_schema)
    return ViewSchema(
        table=table,
        base_keyspace=base_keyspace,
        base_table=base_name,
        where_not_null=table.primary_key,
    )


def _base_schema(model: str, base: Any) -> TableSchema | None:
    if base is None:
        raise ModelDefinitionError(model, None, "a view needs Settings.__base_table__")
    if isinstance(base, str):
        return None
    schema = getattr(base, "__schema__", None)
    if not isinstance(schema, TableSchema) or getattr(base, "__coodie_abstract__", True):
        raise ModelDefinitionError(
            model, None, "Settings.__base_table__ must be a concrete Document class or a table name"
        )
    return schema


def _split_name(model: str, base: str) -> tuple[str | None, str]:
    keyspace, dot, name = base.rpartition(".")
    if not name or (dot and not keyspace):
        raise ModelDefinitionError(model, None, f"invalid base table name {base!r}")
    return keyspace or None, name


def _check_against_base(model: str, view: TableSchema, base: TableSchema) -> None:
    for name, column in view.columns.items():
        base_column = base.columns.get(name)
        if base_column is None:
            raise ModelDefinitionError(model, name, f"is not a column of {base.name}")
        if base_column.cql_type != column.cql_type:
            raise ModelDefinitionError(
                model,
                name,
                f"is {column.cql_type.cql()} but {base.name}.{name} is "
                f"{base_column.cql_type.cql()}",
            )
    missing = [k for k in base.primary_key if k not in view.primary_key]
    if missing:
        raise ModelDefinitionError(
            model, missing[0], f"the view's primary key must include {base.name}'s key column"
        )
    extra = [k for k in view.primary_key if k not in base.primary_key]
    if len(extra) > 1:
        raise ModelDefinitionError(
            model, extra[1], "a view's primary key may add at most one non-key base column"
        )
