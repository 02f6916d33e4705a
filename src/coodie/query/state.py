"""The state records of a queryset: what it selects and how it writes.

>>> WriteOptions(if_exists=True).condition()
IfExists()
>>> Projection(only=("name",)).only
('name',)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from coodie.ast.conditions import Condition, Conditions, IfExists, IfNotExists, StatementCondition
from coodie.ast.terms import Column, Selector

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
    ``values_list`` (``flat``: single values instead of 1-tuples).
    """

    only: tuple[str, ...] | None = None
    defer: tuple[str, ...] = ()
    values: tuple[Selector, ...] | None = None
    flat: bool = False
    distinct: tuple[str, ...] | None = None

    def selectors(self, columns: tuple[str, ...]) -> tuple[Selector, ...]:
        """The selectors of the ``SELECT``, given the table's selectable ``columns``."""
        if self.values is not None:
            return self.values
        if self.distinct is not None:
            return tuple(Column(n) for n in self.distinct)
        return tuple(
            Column(n)
            for n in columns
            if (self.only is None or n in self.only) and n not in self.defer
        )
