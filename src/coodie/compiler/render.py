"""The renderer core: dispatch to one ``visit_<NodeClass>`` method per node class.

A :class:`Renderer` turns a node into CQL text; every
:class:`~coodie.ast.terms.Bind` it meets becomes a ``?`` marker and is recorded
in marker order::

    >>> from coodie.compiler.dml import DmlRenderer
    >>> from coodie.ast import Bind, Column, Comparison, Operator
    >>> r = DmlRenderer()
    >>> r.render(Comparison(Column("price"), Operator.GT, Bind(10)))
    'price > ?'
    >>> [b.value for b in r.binds]
    [10]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from coodie.ast.base import Node
from coodie.ast.terms import Bind
from coodie.cql.identifiers import quote_identifier
from coodie.exceptions import QueryError


class Renderer:
    """Base renderer: dispatch, bind recording and identifier quoting."""

    _dispatch: ClassVar[dict[type, Callable[[Any, Any], str]]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._dispatch = {}

    def __init__(self) -> None:
        self.binds: list[Bind] = []

    def render(self, node: Node) -> str:
        """Render ``node`` (and its children) as CQL text."""
        cls = type(node)
        method = self._dispatch.get(cls)
        if method is None:
            method = getattr(type(self), f"visit_{cls.__name__}", None)
            if method is None:
                raise QueryError(f"{type(self).__name__} cannot render a {cls.__name__} node")
            self._dispatch[cls] = method
        return method(self, node)

    def join(self, nodes: Iterable[Node], sep: str = ", ") -> str:
        """Render ``nodes`` and join them with ``sep``."""
        return sep.join([self.render(n) for n in nodes])

    def visit_Bind(self, node: Bind) -> str:
        """``?``; the value is recorded in marker order."""
        self.binds.append(node)
        return "?"

    @staticmethod
    def ident(name: str) -> str:
        """A quoted identifier."""
        return quote_identifier(name)
