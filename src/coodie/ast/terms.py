"""Terms: the things that have a value in a statement.

A :class:`Column`, a :class:`Bind` (a value sent as a ``?`` marker, carrying its
CQL type), ``token(...)``, function calls such as ``writetime(price)``,
aggregates, ``*`` and aliased selectors::

    >>> from coodie.cql.types import NATIVE
    >>> Bind(10, NATIVE["int"]) == Bind(10, NATIVE["int"])
    True
"""

from __future__ import annotations

from typing import Any

import attrs

from coodie.ast.base import Memo, Node, bind_key
from coodie.cql.types import CqlType


@attrs.frozen(slots=True)
class Column(Node):
    """A column by name: ``Column("price")`` renders ``price``."""

    name: str


@attrs.frozen(slots=True)
class Bind(Node):
    """A value bound to a ``?`` marker, in coodie value form, with its CQL type.

    The value takes part in equality but not in the hash (it may be a list), and
    never in the shape key, so ``Bind(1)`` and ``Bind(2)`` share a prepared statement.
    """

    value: Any = attrs.field(hash=False)
    cql_type: CqlType | None = None

    def _shape(self) -> Memo:
        return bind_key(self.cql_type), (self,)


@attrs.frozen(slots=True)
class Star(Node):
    """``*``, as in ``count(*)``."""


@attrs.frozen(slots=True)
class Token(Node):
    """``token(a, b)`` over columns or over bound key values.

    >>> Token((Column("id"),))
    Token(args=(Column(name='id'),))
    """

    args: tuple[Column | Bind, ...]


@attrs.frozen(slots=True)
class FunctionCall(Node):
    """A scalar CQL function call such as ``writetime(price)`` or ``now()``."""

    name: str
    args: tuple[Term, ...] = ()


AGGREGATES: frozenset[str] = frozenset({"count", "sum", "avg", "min", "max"})


@attrs.frozen(slots=True)
class Aggregate(Node):
    """An aggregate: ``count(*)``, ``sum(price)``, ``avg``, ``min``, ``max``."""

    name: str
    arg: Column | Star | FunctionCall


@attrs.frozen(slots=True)
class Aliased(Node):
    """A selector with an alias: ``writetime(price) AS price_wt``."""

    term: Term
    alias: str


@attrs.frozen(slots=True)
class Element(Node):
    """An element of a collection: ``attrs[?]`` (map key) or ``items[?]`` (list index).

    ``list_index`` marks a list position: deleting one is not idempotent.
    """

    column: Column
    key: Bind
    list_index: bool = False


@attrs.frozen(slots=True)
class FieldOf(Node):
    """A field of a non-frozen user-defined type column: ``address.city``."""

    column: Column
    field: str


Term = Column | Bind | Star | Token | FunctionCall | Aggregate
"""Any term usable in a selection or a relation."""

Selector = Column | Token | FunctionCall | Aggregate | Aliased
"""What a SELECT may project."""

__all__ = [
    "AGGREGATES",
    "Aggregate",
    "Aliased",
    "Bind",
    "Column",
    "Element",
    "FieldOf",
    "FunctionCall",
    "Selector",
    "Star",
    "Term",
    "Token",
]
