"""Assignments: the ``SET`` clause of an ``UPDATE``.

    >>> from coodie.ast.terms import Bind, Column
    >>> Append(Column("tags"), Bind({"a"}))
    Append(column=Column(name='tags'), value=Bind(value={'a'}, cql_type=None))

=====================  ==========================  ===================================
node                   CQL                         used for
=====================  ==========================  ===================================
:class:`SetValue`      ``c = ?``                   any column (``None`` deletes the cell)
:class:`SetElement`    ``c[?] = ?``                list set-by-index, map put
:class:`SetField`      ``c.f = ?``                 a field of a non-frozen UDT
:class:`Append`        ``c = c + ?``               set add, list append, map update
:class:`Prepend`       ``c = ? + c``               list prepend
:class:`Remove`        ``c = c - ?``               set/list remove, map remove keys
:class:`Increment`     ``c = c + ?``               counter increment
:class:`Decrement`     ``c = c - ?``               counter decrement
=====================  ==========================  ===================================
"""

from __future__ import annotations

import attrs

from coodie.ast.base import Node
from coodie.ast.terms import Bind, Column, FunctionCall


@attrs.frozen(slots=True)
class SetValue(Node):
    """``column = ?`` (or ``column = now()`` and other functions)."""

    column: Column
    value: Bind | FunctionCall


@attrs.frozen(slots=True)
class SetElement(Node):
    """``column[?] = ?``: a list element by index or a map entry by key."""

    column: Column
    key: Bind
    value: Bind


@attrs.frozen(slots=True)
class SetField(Node):
    """``column.field = ?`` on a non-frozen user-defined type."""

    column: Column
    field: str
    value: Bind


@attrs.frozen(slots=True)
class Append(Node):
    """``column = column + ?``: set add, list append, map update."""

    column: Column
    value: Bind


@attrs.frozen(slots=True)
class Prepend(Node):
    """``column = ? + column``: list prepend."""

    column: Column
    value: Bind


@attrs.frozen(slots=True)
class Remove(Node):
    """``column = column - ?``: set/list remove values, map remove keys (a set)."""

    column: Column
    value: Bind


@attrs.frozen(slots=True)
class Increment(Node):
    """``counter = counter + ?``."""

    column: Column
    amount: Bind


@attrs.frozen(slots=True)
class Decrement(Node):
    """``counter = counter - ?``."""

    column: Column
    amount: Bind


Assignment = SetValue | SetElement | SetField | Append | Prepend | Remove | Increment | Decrement
"""Any assignment."""
