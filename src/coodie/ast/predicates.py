"""Predicates: the relations of a ``WHERE`` clause, combined with ``&``.

    >>> from coodie.ast.terms import Bind, Column
    >>> p = Comparison(Column("a"), Operator.GT, Bind(1)) & IsNotNull(Column("b"))
    >>> type(p).__name__, len(p.predicates)
    ('And', 2)

CQL has no ``OR`` and no ``NOT``: ``|`` and ``~`` raise :class:`TypeError`.
Token ranges are :class:`Comparison` nodes whose left side is a
:class:`~coodie.ast.terms.Token` over columns.
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

import enum
from typing import NoReturn, cast

import attrs

from coodie.ast.base import Node
from coodie.ast.terms import Bind, Column, Term, Token


class Operator(enum.Enum):
    """Binary comparison operators."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


class _Combinable(Node):
    __slots__ = ()

    def __and__(self, other: Predicate) -> And:
        if not isinstance(other, _Combinable):
            raise TypeError(
                f"cannot combine a predicate with {type(other).__name__} "
                "(use Model.field > value, not a plain bool)"
            )
        return And(_flat(self) + _flat(other))

    def __or__(self, other: object) -> NoReturn:
        raise TypeError("CQL has no OR: run one query per alternative, or use in_()")

    def __invert__(self) -> NoReturn:
        raise TypeError("CQL has no NOT: use != or a positive predicate")


def _flat(p: _Combinable) -> tuple[Predicate, ...]:
    if isinstance(p, And):
        return p.predicates
    return (cast("Predicate", p),)  # every _Combinable class is a Predicate


@attrs.frozen(slots=True)
class Comparison(_Combinable):
    """``left op right``: ``price > ?``, ``token(id) > token(?)``, ``token(id) > ?``."""

    left: Column | Token
    op: Operator
    right: Term


@attrs.frozen(slots=True)
class MultiComparison(_Combinable):
    """A clustering slice over several columns: ``(a, b) > (?, ?)``."""

    columns: tuple[Column, ...]
    op: Operator
    values: tuple[Bind, ...]


@attrs.frozen(slots=True)
class In(_Combinable):
    """``column IN ?`` with the values bound as one list."""

    left: Column
    values: Bind


@attrs.frozen(slots=True)
class Contains(_Combinable):
    """``column CONTAINS ?`` (an element of a set/list, a value of a map)."""

    left: Column
    value: Bind


@attrs.frozen(slots=True)
class ContainsKey(_Combinable):
    """``column CONTAINS KEY ?`` (a key of a map)."""

    left: Column
    key: Bind


@attrs.frozen(slots=True)
class Like(_Combinable):
    """``column LIKE ?`` (SASI/SAI indexed text)."""

    left: Column
    pattern: Bind


@attrs.frozen(slots=True)
class IsNotNull(_Combinable):
    """``column IS NOT NULL`` (materialized view definitions)."""

    column: Column


@attrs.frozen(slots=True)
class And(_Combinable):
    """A conjunction; ``a & b & c`` builds one flat ``And``."""

    predicates: tuple[Predicate, ...]


Predicate = Comparison | MultiComparison | In | Contains | ContainsKey | Like | IsNotNull | And
"""Any predicate."""


def conjuncts(p: Predicate) -> tuple[Predicate, ...]:
    """The predicates of a conjunction (``p`` itself when it is not an ``And``)."""
    return p.predicates if isinstance(p, And) else (p,)
