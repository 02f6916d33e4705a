"""The state records of a queryset: what it selects, how it writes, and the whole state.

>>> WriteOptions(if_exists=True).condition()
IfExists()
>>> Projection(only=("name",)).only
('name',)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from coodie.ast.conditions import Condition, Conditions, IfExists, IfNotExists, StatementCondition
from coodie.ast.statements import Select
from coodie.ast.terms import Column, Selector
from coodie.cql.options import ExecutionOptions
from coodie.model.schema import TableSchema

_tuple_new = tuple.__new__

if TYPE_CHECKING:
    from coodie.query.batch import BatchCore


@attrs.frozen(slots=True)
class WriteOptions:
    """Write settings of a queryset: ``USING TTL`` / ``TIMESTAMP``, LWT conditions, and
    the batch its writes join (``None``: they are sent at once)."""

    ttl: int | None = None
    timestamp: int | None = None
    if_exists: bool = False
    if_not_exists: bool = False
    conditions: tuple[Condition, ...] = ()
    batch: BatchCore | None = None

    def condition(self) -> StatementCondition | None:
        """The statement condition these options ask for (``None``: not an LWT)."""
        if self.conditions:
            return Conditions(self.conditions)
        if self.if_exists:
            return IfExists()
        if self.if_not_exists:
            return IfNotExists()
        return None


@attrs.frozen(slots=True)
class Projection:
    """What a queryset selects: model rows, some columns, or ``values_list`` tuples.

    ``values`` is ``None`` for model instances; otherwise the selectors of
    ``values_list`` (``flat``: single values instead of 1-tuples). ``score``: a similarity
    selector read after the model's columns, each row becoming ``(instance, score)``.
    """

    only: tuple[str, ...] | None = None
    defer: tuple[str, ...] = ()
    values: tuple[Selector, ...] | None = None
    flat: bool = False
    distinct: tuple[str, ...] | None = None
    score: Selector | None = None

    def selectors(self, columns: tuple[str, ...]) -> tuple[Selector, ...]:
        """The selectors of the ``SELECT``, given the table's selectable ``columns``."""
        if self.values is not None:
            return self.values
        if self.distinct is not None:
            return tuple(Column(n) for n in self.distinct)
        loaded = tuple(
            Column(n)
            for n in columns
            if (self.only is None or n in self.only) and n not in self.defer
        )
        return loaded if self.score is None else (*loaded, self.score)


class QueryState(NamedTuple):
    """Everything a queryset is, in one immutable record; a chain method makes a new one.

    ``model`` is the model class, ``schema`` its table, ``columns`` the columns a row loads
    (a polymorphic model loads every column of the shared table), ``select`` the ``SELECT``
    node, ``options`` the request options, ``writes`` the write settings, ``projection`` what
    a row becomes, and ``connection`` the connection name (``None``: the model's).

    A named tuple, so a copy costs one tuple (see :meth:`with_select`).

    >>> from coodie.ast.statements import Table
    >>> state = QueryState(
    ...     object, None, (), Select(Table("ks", "t", ("k",)), ()),
    ...     ExecutionOptions(), WriteOptions(), Projection(), None,
    ... )
    >>> state.replace(connection="analytics").connection
    'analytics'
    """

    model: type[Any]
    schema: TableSchema
    columns: tuple[str, ...]
    select: Select
    options: ExecutionOptions
    writes: WriteOptions
    projection: Projection
    connection: str | None

    def with_select(self, select: Select) -> QueryState:
        """This state with another ``SELECT`` node (the hot path of every chain method)."""
        model, schema, columns, _, options, writes, projection, connection = self
        state = (model, schema, columns, select, options, writes, projection, connection)
        new: QueryState = _tuple_new(QueryState, state)
        return new

    def replace(self, **changes: Any) -> QueryState:
        """This state with the named fields changed: ``state.replace(connection="x")``."""
        return self._replace(**changes)
