"""Autogeneration for materialized views: created, dropped, or changed (a TODO).

A view holds no data of its own (the server builds it from its base table), so:

* a view the models declare and the database lacks is created (``CREATE MATERIALIZED
  VIEW IF NOT EXISTS``; undone by ``ctx.drop_view``);
* a live view on one of the models' tables that no model declares is dropped
  (``ctx.drop_view``; undone by re-creating it from its live definition);
* a changed key, column or base table cannot be altered in place: a TODO with a
  recipe (drop and re-create, or build a new view and switch the readers)::

    changes = view_changes(views_of(classes), tables, run(read_views("shop")))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coodie.ast.ddl import CreateMaterializedView
from coodie.ast.enums import ClusteringOrder
from coodie.ast.predicates import IsNotNull
from coodie.ast.terms import Column
from coodie.compiler import compile
from coodie.executor.runner import Operation
from coodie.management import ddl
from coodie.management.diff import diff_view
from coodie.management.introspect import LiveView
from coodie.management.migrations.changes import PLACEHOLDER, Change, ctx_execute
from coodie.management.reads import read_records, read_view, system_schema_query
from coodie.model.schema import ColumnKind, TableSchema, ViewSchema

_NOT_NULL = re.compile(r'^\s*("(?:[^"]|"")+"|\w+)\s+IS\s+NOT\s+NULL\s*$', re.IGNORECASE)


def views_of(classes: Iterable[Any]) -> tuple[ViewSchema, ...]:
    """The :class:`ViewSchema` of each ``MaterializedView`` class among ``classes``."""
    found = (getattr(c, "__view_schema__", None) for c in classes)
    return tuple(v for v in found if isinstance(v, ViewSchema))


def read_views(keyspace: str) -> Operation[dict[str, LiveView]]:
    """Every live materialized view of ``keyspace``, by name."""
    rows = yield from read_records(system_schema_query("views", ("keyspace_name",), (keyspace,)))
    views: dict[str, LiveView] = {}
    for row in rows:
        name = str(row["view_name"])
        view = yield from read_view(keyspace, name)
        if view is not None:
            views[name] = view
    return views


def view_changes(
    views: Sequence[ViewSchema], tables: Sequence[TableSchema], live: Mapping[str, LiveView]
) -> list[Change]:
    """The changes that bring the live views to the declared ones (after the tables')."""
    changes: list[Change] = []
    for view in views:
        changes.extend(_declared(view, live.get(view.table.name)))
    declared = {v.table.name for v in views}
    bases = {t.name for t in tables} | {v.base_table for v in views}
    for name, existing in live.items():
        if name not in declared and existing.base_table in bases:
            changes.append(_undeclared(existing))
    return changes


def _declared(view: ViewSchema, live: LiveView | None) -> list[Change]:
    name, base = view.table.name, view.base_table
    keyspace = view.table.keyspace or PLACEHOLDER
    create = ctx_execute(compile(ddl.create_view(view, keyspace)).cql)
    if live is None:
        return [
            Change(
                f"create materialized view {name} on {base}",
                (create,),
                (f"ctx.drop_view({name!r})",),
            )
        ]
    mismatches = diff_view(view, live).mismatches
    if not mismatches:
        return []
    recipe = (
        f"recipe: a view is rebuilt from its base table: ctx.drop_view({name!r}), then "
        f"{create}; its reads are incomplete while it builds, so on a large table create "
        "the new view under another name, switch the readers, then drop the old one"
    )
    reason = "CQL cannot change a view's key, columns or base table in place: "
    summary = f"materialized view {name} differs from the model"
    return [Change(summary, todo=(reason + "; ".join(mismatches), recipe))]


def _undeclared(live: LiveView) -> Change:
    name = live.table.name
    summary = f"drop materialized view {name} on {live.base_table} (no model declares it)"
    recreate = _recreate(live)
    if recreate is None:
        undo = f"# re-create {name}: its filter ({live.where_clause}) is not only IS NOT NULL"
        return Change(summary, (f"ctx.drop_view({name!r})",), (undo,))
    return Change(summary, (f"ctx.drop_view({name!r})",), (ctx_execute(recreate),))


def _recreate(live: LiveView) -> str | None:
    """The ``CREATE MATERIALIZED VIEW`` of a live view (``None``: a filter beyond IS NOT NULL).

    The view is written in the migration's keyspace (``{ctx.keyspace}``), as it was read.
    """
    table = live.table
    where = []
    for term in re.split(r"\s+AND\s+", live.where_clause.strip(), flags=re.IGNORECASE):
        match = _NOT_NULL.match(term)
        if match is None:
            return None
        column = match.group(1)
        if column.startswith('"'):
            column = column[1:-1].replace('""', '"')
        where.append(IsNotNull(Column(column)))
    clustering = tuple(
        (c.name, c.order or ClusteringOrder.ASC)
        for c in sorted(table.columns.values(), key=lambda c: c.position)
        if c.kind is ColumnKind.CLUSTERING
    )
    columns = () if live.include_all_columns else tuple(table.columns)
    node = CreateMaterializedView(
        PLACEHOLDER,
        table.name,
        PLACEHOLDER,
        live.base_table,
        columns,
        tuple(where),
        table.partition_key,
        clustering,
        if_not_exists=True,
    )
    return compile(node).cql
