"""Raw CQL: ``execute_raw(cql, params)`` for anything the models do not cover.

Values are bound as ``?`` markers; every page is read; rows come back as dicts::

    rows = execute_raw("SELECT release_version FROM system.local")
    rows[0]["release_version"]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage
from coodie.exceptions import QueryError
from coodie.executor import ops
from coodie.executor.runner import Operation


def dict_rows(page: ResultPage) -> list[dict[str, Any]]:
    """A page's rows as ``{column: value}`` dicts."""
    columns = page.columns
    return [dict(zip(columns, row, strict=False)) for row in page.rows]


def raw_statement(cql: str, params: Sequence[Any] | None = None) -> CompiledStatement:
    """Wrap CQL text and positional parameters as a statement."""
    if not isinstance(cql, str) or not cql.strip():
        raise QueryError("execute_raw needs CQL text")
    if params is not None and (isinstance(params, str | bytes) or not isinstance(params, Sequence)):
        raise QueryError("execute_raw params must be a sequence bound to ? markers, in order")
    return CompiledStatement(cql, tuple(params or ()), kind=StatementKind.RAW)


def raw_operation(
    cql: str, params: Sequence[Any] | None, options: ExecutionOptions
) -> Operation[list[dict[str, Any]]]:
    """Run raw CQL and return all its rows (every page) as dicts."""
    return ops.read_all(raw_statement(cql, params), options, dict_rows)
