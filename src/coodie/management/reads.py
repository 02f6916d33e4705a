"""Sans-I/O operations that read the live schema from ``system_schema``.

Each function returns an :data:`~coodie.executor.runner.Operation`, so the same
code serves ``coodie.sync`` (``run``) and ``coodie.aio`` (``run_async``)::

    live = run(read_table("shop", "product"))     # LiveTable | None

The statements are built as AST nodes and compiled like every other query; the
keyspace and table names are bound as ``?`` parameters.
"""

from __future__ import annotations

from typing import Any

from coodie.ast.predicates import Comparison, Operator
from coodie.ast.statements import Select, Table
from coodie.ast.terms import Bind, Column
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.cql.types import NATIVE
from coodie.drivers.base import ResultPage
from coodie.executor import ops
from coodie.executor.runner import Operation
from coodie.management.introspect import (
    LiveKeyspace,
    LiveTable,
    LiveType,
    LiveView,
    live_keyspace,
    live_table,
    live_types,
    live_view,
)

_OPTIONS = ExecutionOptions()
_TEXT = NATIVE["text"]


def system_schema_query(
    table: str, where: tuple[str, ...], params: tuple[str, ...]
) -> CompiledStatement:
    """``SELECT * FROM system_schema.<table> WHERE <col> = ? AND ...``, names bound.

    The first ``where`` column is the table's partition key (``keyspace_name``).

    >>> system_schema_query("tables", ("keyspace_name",), ("shop",)).cql
    'SELECT * FROM system_schema.tables WHERE keyspace_name = ?'
    """
    predicates = tuple(
        Comparison(Column(column), Operator.EQ, Bind(value, _TEXT))
        for column, value in zip(where, params, strict=True)
    )
    return compile(Select(Table("system_schema", table, where[:1]), where=predicates))


def _as_records(page: ResultPage) -> list[dict[str, Any]]:
    columns = page.columns
    return [dict(zip(columns, row, strict=True)) for row in page.rows]


def read_records(statement: CompiledStatement) -> Operation[list[dict[str, Any]]]:
    """All rows of ``statement`` (every page) as dicts keyed by column name."""
    return ops.read_all(statement, _OPTIONS, _as_records)


def read_table(keyspace: str, name: str) -> Operation[LiveTable | None]:
    """The live table ``keyspace.name`` with its columns and indexes, or ``None``."""
    key = ("keyspace_name", "table_name")
    tables = yield from read_records(system_schema_query("tables", key, (keyspace, name)))
    columns = yield from read_records(system_schema_query("columns", key, (keyspace, name)))
    indexes = yield from read_records(system_schema_query("indexes", key, (keyspace, name)))
    if not tables:
        return None
    return live_table(keyspace, name, table_rows=tables, column_rows=columns, index_rows=indexes)


def read_types(keyspace: str) -> Operation[dict[str, LiveType]]:
    """Every user type of ``keyspace``, by name."""
    rows = yield from read_records(system_schema_query("types", ("keyspace_name",), (keyspace,)))
    return live_types(keyspace, rows)


def read_view(keyspace: str, name: str) -> Operation[LiveView | None]:
    """The live materialized view ``keyspace.name``, or ``None``."""
    views = yield from read_records(
        system_schema_query("views", ("keyspace_name", "view_name"), (keyspace, name))
    )
    if not views:
        return None
    columns = yield from read_records(
        system_schema_query("columns", ("keyspace_name", "table_name"), (keyspace, name))
    )
    return live_view(keyspace, name, view_rows=views, column_rows=columns)


def read_keyspace(name: str) -> Operation[LiveKeyspace | None]:
    """The live keyspace ``name``, or ``None``."""
    rows = yield from read_records(system_schema_query("keyspaces", ("keyspace_name",), (name,)))
    return live_keyspace(rows)
