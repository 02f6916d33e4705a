"""Statements derived from a queryset's state: ``count(*)``, aggregates, bulk updates, deletes.

Each function reads a :class:`~coodie.query.state.QueryState` and returns an AST node;
``coodie.compiler.compile(node)`` lowers it (executors do that, batches collect the results).
:class:`~coodie.query.queryset.QuerySetCore` exposes them as ``count_statement()``,
``update_statement(...)`` and so on::

    Product.find(id=pid).update_statement(price=9.5)
    # Update(table=..., assignments=(Set(column=Column(name='price'), ...),), ...)
"""

from __future__ import annotations

from typing import Any

from coodie.ast.predicates import Predicate
from coodie.ast.statements import Delete, Select, Update
from coodie.ast.terms import Aggregate, Aliased, Column, Selector, Star
from coodie.exceptions import QueryError
from coodie.model.polymorphism import indexed_discriminator
from coodie.query.checks import (
    bigint_bind,
    check_conditional_timestamp,
    check_selector,
    delete_key,
    int_bind,
    refuse_clustering_on_static_write,
    refuse_row_delete_on_static_conditions,
    require_key,
    update_key,
)
from coodie.query.expressions import model_name, schema_of
from coodie.query.lookups import assignment, field_for
from coodie.query.state import QueryState


def query_error(model: object, problem: str, field: str | None = None) -> QueryError:
    """A :class:`QueryError` naming ``model`` (and ``field``)."""
    return QueryError(problem, model=model_name(model), field=field)


def column_names(model: type, what: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of attributes ``names`` of ``model`` (``what`` names the caller).

    Each name is checked to be an attribute; the result names the CQL columns
    (they differ for a field declared with ``ColumnName``).
    """
    columns = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{what}() takes column names, got {name!r}")
        columns.append(field_for(model, name).column.name)
    return tuple(columns)


def discriminator_where(model: type) -> tuple[Predicate, ...]:
    """A query on a polymorphic leaf class whose discriminator is indexed restricts it.

    Otherwise (no index, or a subclass with subclasses: CQL has no ``IN`` on regular
    columns) the server would refuse the filter, so rows are kept client-side: see
    :attr:`QuerySetCore.row_filter`.
    """
    restriction = indexed_discriminator(model)
    if restriction is None:
        return ()
    column, value = restriction
    return (field_for(model, schema_of(model).attribute_name(column)) == value,)


def count_statement(state: QueryState) -> Select:
    """``SELECT count(*) AS count`` over the same rows (limit and order dropped)."""
    return _derived(state, (Aliased(Aggregate("count", Star()), "count"),))


def aggregate_statement(state: QueryState, aggregates: dict[str, Aggregate]) -> Select:
    """``SELECT sum(price) AS total, ...`` over the same rows."""
    if not aggregates:
        raise query_error(state.model, "aggregate_statement() needs at least one aggregate")
    selectors: list[Selector] = []
    for alias, agg in aggregates.items():
        if not isinstance(agg, Aggregate):
            raise TypeError(f"{alias}= needs an aggregate such as fn.sum(Product.price)")
        check_selector(state.model, state.schema, agg)
        selectors.append(Aliased(agg, alias))
    return _derived(state, tuple(selectors))


def _derived(state: QueryState, selectors: tuple[Selector, ...]) -> Select:
    s = state.select
    return Select(s.table, selectors, s.where, allow_filtering=s.allow_filtering)


def _write_where(state: QueryState) -> tuple[Predicate, ...]:
    """The ``WHERE`` of a bulk write: the filters without the discriminator restriction.

    Writes address rows by primary key; the row's class does not matter there.
    """
    implied = discriminator_where(state.model)
    return tuple(p for p in state.select.where if p not in implied)


def update_statement(state: QueryState, assignments: dict[str, Any]) -> Update:
    """``UPDATE ... SET`` the matching rows (the full primary key must be given)."""
    model, schema, w = state.model, state.schema, state.writes
    if not assignments:
        raise query_error(model, "update needs at least one column to set")
    sets = tuple(assignment(model, k, v) for k, v in assignments.items())
    where = _write_where(state)
    names = tuple(a.column.name for a in sets)
    refuse_clustering_on_static_write(model, schema, where, names, w.condition(), "update")
    require_key(model, schema, where, update_key(schema, sets), "update")
    if w.if_not_exists:
        raise query_error(model, "IF NOT EXISTS applies to inserts; use if_exists() for updates")
    check_conditional_timestamp(model, w.condition(), w.timestamp)
    return Update(
        state.select.table,
        sets,
        where,
        w.condition(),
        ttl=None if w.ttl is None else int_bind(w.ttl),
        timestamp=None if w.timestamp is None else bigint_bind(w.timestamp),
    )


def delete_statement(state: QueryState, columns: tuple[str, ...]) -> Delete:
    """``DELETE [columns] FROM ...`` the matching rows (full partition key required).

    With no columns whole rows (or a clustering range) are deleted; naming
    non-static columns, or adding a condition, needs the full primary key.
    """
    model, schema, w = state.model, state.schema, state.writes
    names = column_names(model, "delete", columns)
    for name in names:
        if name in schema.primary_key:
            raise query_error(
                model, "a primary key column cannot be deleted", schema.attribute_name(name)
            )
    if w.ttl is not None:
        raise query_error(model, "a DELETE has no TTL")
    if w.if_not_exists:
        raise query_error(model, "IF NOT EXISTS applies to inserts; use if_exists() for deletes")
    key = delete_key(schema, names, w.condition())
    where = _write_where(state)
    refuse_clustering_on_static_write(model, schema, where, names, w.condition(), "delete")
    refuse_row_delete_on_static_conditions(model, schema, names, w.condition())
    require_key(model, schema, where, key, "delete")
    check_conditional_timestamp(model, w.condition(), w.timestamp)
    return Delete(
        state.select.table,
        where,
        tuple(Column(n) for n in names),
        w.condition(),
        timestamp=None if w.timestamp is None else bigint_bind(w.timestamp),
    )
