"""The one renderer of every CQL statement: a family of visit methods per family of nodes.

>>> from coodie.ast import Bind, Column, Comparison, Operator, Select, Table
>>> from coodie.ast.ddl import DropTable
>>> CqlRenderer().render(Select(Table("shop", "product"), (Column("name"),),
...     (Comparison(Column("id"), Operator.EQ, Bind(1)),)))
'SELECT name FROM shop.product WHERE id = ?'
>>> CqlRenderer().render(DropTable("shop", "product", if_exists=True))
'DROP TABLE IF EXISTS shop.product'
"""

from __future__ import annotations

from coodie.compiler.ddl import DdlVisits
from coodie.compiler.dml import DmlVisits


class CqlRenderer(DmlVisits, DdlVisits):
    """Renders any statement or fragment node as CQL text, values as ``?`` markers.

    After :meth:`render`, ``binds`` holds the :class:`~coodie.ast.terms.Bind` nodes in marker
    order and ``non_deterministic`` whether a function such as ``now()`` was rendered.

    >>> from coodie.ast import Column, Ordering
    >>> CqlRenderer().render(Ordering(Column("ts"), descending=True))
    'ts DESC'
    """
