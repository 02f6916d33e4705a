"""The visitor core of the renderer: dispatch to one ``visit_<NodeClass>`` method per class.

:class:`Visitor` holds what every family of visit methods shares: the dispatch, the
:class:`~coodie.ast.terms.Bind` nodes met so far (each becomes a ``?`` marker, recorded in
marker order), identifier quoting and the ``WHERE`` clause. The families
(:class:`~coodie.compiler.dml.DmlVisits`, :class:`~coodie.compiler.ddl.DdlVisits`) add the
visit methods, and :class:`~coodie.compiler.render.CqlRenderer` combines them::

    >>> from coodie.compiler.render import CqlRenderer
    >>> from coodie.ast import Bind, Column, Comparison, Operator
    >>> r = CqlRenderer()
    >>> r.render(Comparison(Column("price"), Operator.GT, Bind(10)))
    'price > ?'
    >>> [b.value for b in r.binds]
    [10]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from coodie.ast.base import Node
from coodie.ast.predicates import Predicate
from coodie.ast.terms import Bind
from coodie.cql.identifiers import quote_identifier
from coodie.exceptions import QueryError


class Visitor:
    """Dispatch, bind recording, identifier quoting and the clauses every family shares.

    ``non_deterministic`` tells, after rendering, whether a function such as ``now()`` was
    rendered (a write using one is not idempotent).
    """

    _dispatch: ClassVar[dict[type, Callable[[Any, Any], str]]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._dispatch = {}

    def __init__(self) -> None:
        self.binds: list[Bind] = []
        self.non_deterministic = False

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

    def where(self, predicates: tuple[Predicate, ...], required: bool = False) -> str:
        """`` WHERE ...`` or ``''``."""
        if not predicates:
            if required:
                raise QueryError("this statement needs a WHERE clause (the primary key)")
            return ""
        return " WHERE " + self.join(predicates, " AND ")

    def visit_Bind(self, node: Bind) -> str:
        """``?``; the value is recorded in marker order."""
        self.binds.append(node)
        return "?"

    @staticmethod
    def ident(name: str) -> str:
        """A quoted identifier."""
        return quote_identifier(name)
