"""AST → :class:`~coodie.compiler.compiled.CompiledStatement`.

``compile(node)`` renders a statement with ``?`` markers for every value and
collects the values in marker order. Compiled text and flags are cached in a
bounded LRU keyed by the tree's *shape* (the tree with values stripped), so
compiling a repeated query is a lookup plus collecting its parameters::

    >>> from coodie.ast import Bind, Column, Comparison, Operator, Select, Table
    >>> from coodie.cql.types import NATIVE
    >>> q = Select(Table("shop", "product", ("id",)), (Column("name"),),
    ...            (Comparison(Column("id"), Operator.EQ, Bind(7, NATIVE["int"])),))
    >>> stmt = compile(q)
    >>> stmt.cql, stmt.params, stmt.routing_key_indexes
    ('SELECT name FROM shop.product WHERE id = ?', (7,), (0,))
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

from typing import overload

from coodie.ast.base import Node, shape
from coodie.ast.ddl import DdlStatement
from coodie.ast.enums import BatchType
from coodie.ast.statements import Batch, Delete, Insert, Statement, Update
from coodie.compiler.cache import CacheInfo, StatementCache
from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.compiler.ddl import literal
from coodie.compiler.render import CqlRenderer
from coodie.compiler.template import Template, build_template, is_counter_update
from coodie.exceptions import QueryError

cache: StatementCache[Template] = StatementCache(maxsize=2048)
"""The process-wide compiled-statement cache (``cache.info()``, ``cache.clear()``)."""


@overload
def compile(node: Batch) -> CompiledBatch: ...


@overload
def compile(node: Statement | DdlStatement) -> CompiledStatement: ...


def compile(node: Statement | DdlStatement | Batch) -> CompiledStatement | CompiledBatch:
    """Compile a statement node (or a :class:`~coodie.ast.statements.Batch`).

    Raises :class:`~coodie.exceptions.QueryError` for a tree that is not valid CQL.
    """
    if type(node) is Batch:
        return compile_batch(node)
    if not isinstance(node, Node):
        raise TypeError(f"compile() needs a coodie statement node, got {type(node).__name__}")
    key, binds = shape(node)
    template = cache.get(key)
    if template is None:
        template = build_template(node, binds)
        cache.put(key, template)
    return template.instantiate(binds)


def compile_batch(node: Batch) -> CompiledBatch:
    """Compile a batch: each child through the cache, plus the batch timestamp."""
    if not node.statements:
        raise QueryError("a batch needs at least one statement")
    for child in node.statements:
        _check_batch_child(node, child)
    children = tuple(compile(s) for s in node.statements)
    timestamp = None if node.timestamp is None else node.timestamp.value
    return CompiledBatch(
        node.batch_type, children, timestamp, is_lwt=any(c.is_lwt for c in children)
    )


def _check_batch_child(batch: Batch, child: Insert | Update | Delete) -> None:
    if not isinstance(child, Insert | Update | Delete):
        raise QueryError(
            f"a batch holds INSERT, UPDATE and DELETE only, not {type(child).__name__}"
        )
    if batch.timestamp is not None and child.timestamp is not None:
        raise QueryError("set a timestamp on the batch or on its statements, not both")
    is_counter = isinstance(child, Update) and is_counter_update(child)
    if (batch.batch_type is BatchType.COUNTER) != is_counter:
        raise QueryError(
            "a COUNTER batch holds counter updates only, and only a COUNTER batch may hold them"
        )


__all__ = [
    "CacheInfo",
    "CqlRenderer",
    "StatementCache",
    "Template",
    "cache",
    "compile",
    "compile_batch",
    "literal",
]
