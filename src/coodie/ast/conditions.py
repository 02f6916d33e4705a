"""Conditions of lightweight transactions: ``IF EXISTS``, ``IF NOT EXISTS``, ``IF c op ?``.

>>> from coodie.ast.terms import Bind, Column
>>> c = Conditions((Condition(Column("v"), ConditionOp.EQ, Bind(1)),))
>>> c.items[0].op.value
'='

"""

from __future__ import annotations

import enum

import attrs

from coodie.ast.base import Node
from coodie.ast.terms import Bind, Column, Element, FieldOf


class ConditionOp(enum.Enum):
    """Operators allowed in an ``IF`` condition."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "IN"


@attrs.frozen(slots=True)
class IfExists(Node):
    """``IF EXISTS`` (update, delete)."""


@attrs.frozen(slots=True)
class IfNotExists(Node):
    """``IF NOT EXISTS`` (insert)."""


@attrs.frozen(slots=True)
class Condition(Node):
    """``left op ?``: ``price = ?``, ``attrs[?] = ?``, ``address.city = ?``, ``v IN ?``.

    A ``None`` value is bound as null: ``IF v = ?`` with null tests for absence.
    """

    left: Column | Element | FieldOf
    op: ConditionOp
    value: Bind


@attrs.frozen(slots=True)
class Conditions(Node):
    """``IF c1 AND c2 ...``."""

    items: tuple[Condition, ...]


StatementCondition = IfExists | IfNotExists | Conditions
"""What a statement's ``condition`` may be."""
