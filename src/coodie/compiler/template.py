"""What the compiler caches per statement shape, and how it is built.

A :class:`Template` holds the CQL text, the parameter types and the executor
flags of a statement shape; :meth:`Template.instantiate` pairs it with the bound
values of one tree::

    >>> from coodie.ast import Bind, Column, Comparison, Operator, Select, Table, shape
    >>> q = Select(Table("ks", "t", ("id",)),
    ...            where=(Comparison(Column("id"), Operator.EQ, Bind(1)),))
    >>> build_template(q, shape(q)[1]).instantiate(shape(q)[1]).params
    (1,)
"""

from __future__ import annotations

from coodie.ast.assignments import Append, Decrement, Increment, Prepend
from coodie.ast.base import Node
from coodie.ast.ddl import (
    AlterKeyspace,
    CreateIndex,
    CreateKeyspace,
    CreateMaterializedView,
    DdlStatement,
    DropKeyspace,
)
from coodie.ast.predicates import Comparison, Operator, Predicate
from coodie.ast.statements import Delete, Insert, Select, Update
from coodie.ast.terms import Aliased, Bind, Column, Element
from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.compiler.render import CqlRenderer
from coodie.cql.types import CqlType, ListType
from coodie.exceptions import QueryError

_KINDS: dict[type, StatementKind] = {
    Select: StatementKind.SELECT,
    Insert: StatementKind.INSERT,
    Update: StatementKind.UPDATE,
    Delete: StatementKind.DELETE,
}


class Template:
    """A compiled statement without its values (one per statement shape)."""

    __slots__ = (
        "cql",
        "is_idempotent",
        "is_lwt",
        "keyspace",
        "kind",
        "order",
        "param_types",
        "result_columns",
        "routing_key_indexes",
        "table",
    )

    def __init__(
        self,
        cql: str,
        order: tuple[int, ...] | None,
        param_types: tuple[CqlType | None, ...],
        kind: StatementKind,
        keyspace: str | None,
        table: str | None,
        is_lwt: bool,
        is_idempotent: bool,
        routing_key_indexes: tuple[int, ...],
        result_columns: tuple[str, ...] | None,
    ) -> None:
        self.cql = cql
        self.order = order
        self.param_types = param_types
        self.kind = kind
        self.keyspace = keyspace
        self.table = table
        self.is_lwt = is_lwt
        self.is_idempotent = is_idempotent
        self.routing_key_indexes = routing_key_indexes
        self.result_columns = result_columns

    def instantiate(self, binds: tuple[Bind, ...]) -> CompiledStatement:
        """The compiled statement for a tree whose binds (in traversal order) are ``binds``."""
        if self.order is None:
            params = tuple([b.value for b in binds])
        else:
            params = tuple([binds[i].value for i in self.order])
        return CompiledStatement(
            self.cql,
            params,
            self.param_types,
            self.kind,
            self.keyspace,
            self.table,
            self.is_lwt,
            self.is_idempotent,
            self.routing_key_indexes,
            self.result_columns,
        )


def build_template(node: Node, binds: tuple[Bind, ...]) -> Template:
    """Render ``node`` and work out its flags (a cache miss)."""
    if not isinstance(node, Select | Insert | Update | Delete | DdlStatement):
        raise TypeError(f"compile() needs a statement node, got {type(node).__name__}")
    renderer = CqlRenderer()
    cql = renderer.render(node)
    rendered = renderer.binds
    traversal = {id(b): i for i, b in enumerate(binds)}
    try:
        order = tuple(traversal[id(b)] for b in rendered)
    except KeyError:  # pragma: no cover - a renderer bug, not a user error
        raise QueryError("internal error: rendered a value outside the statement") from None
    markers = {id(b): i for i, b in enumerate(rendered)}
    kind = _KINDS.get(type(node), StatementKind.DDL)
    keyspace, table = _target(node)
    return Template(
        cql,
        None if order == tuple(range(len(binds))) else order,
        tuple(b.cql_type for b in rendered),
        kind,
        keyspace,
        table,
        _is_lwt(node),
        _is_idempotent(node, renderer.non_deterministic),
        _routing(node, markers),
        _result_columns(node),
    )


def is_counter_update(node: Update) -> bool:
    """True when every assignment of ``node`` increments or decrements a counter."""
    return all(isinstance(a, Increment | Decrement) for a in node.assignments)


def _target(node: Node) -> tuple[str | None, str | None]:
    if isinstance(node, Select | Insert | Update | Delete):
        return node.table.keyspace, node.table.name
    if isinstance(node, CreateKeyspace | AlterKeyspace | DropKeyspace):
        return node.name, None
    if isinstance(node, CreateIndex):
        return node.keyspace, node.table
    if isinstance(node, CreateMaterializedView):
        return node.keyspace, node.name
    keyspace: str | None = getattr(node, "keyspace", None)
    return keyspace, getattr(node, "name", None)


def _is_lwt(node: Node) -> bool:
    if isinstance(node, Insert):
        return node.if_not_exists
    if isinstance(node, Update | Delete):
        return node.condition is not None
    return False


def _is_idempotent(node: Node, non_deterministic: bool) -> bool:
    """Safe to retry: no LWT, no counters, no list append/prepend/index delete, no now().

    ``non_deterministic``: the renderer met a function such as ``now()``.
    """
    if isinstance(node, Select):
        return True
    if _is_lwt(node) or non_deterministic:
        return False
    if isinstance(node, Update):
        for a in node.assignments:
            if isinstance(a, Increment | Decrement | Prepend):
                return False
            if isinstance(a, Append) and isinstance(a.value.cql_type, ListType):
                return False
        return True
    if isinstance(node, Delete):
        return not any(isinstance(t, Element) and t.list_index for t in node.targets)
    return isinstance(node, Insert)


def _routing(node: Node, markers: dict[int, int]) -> tuple[int, ...]:
    """Marker positions of the partition key values, in partition key order."""
    if not isinstance(node, Select | Insert | Update | Delete):
        return ()
    pk = node.table.partition_key
    if not pk:
        return ()
    found: dict[str, Bind] = {}
    if isinstance(node, Insert):
        for col, value in zip(node.columns, node.values, strict=True):
            if isinstance(value, Bind):
                found[col.name] = value
    else:
        for p in node.where:
            _collect_eq(p, found)
    if not all(name in found for name in pk):
        return ()
    return tuple(markers[id(found[name])] for name in pk)


def _collect_eq(p: Predicate, found: dict[str, Bind]) -> None:
    if (
        isinstance(p, Comparison)
        and p.op is Operator.EQ
        and isinstance(p.left, Column)
        and isinstance(p.right, Bind)
    ):
        found[p.left.name] = p.right


def _result_columns(node: Node) -> tuple[str, ...] | None:
    if not isinstance(node, Select) or not node.selectors:
        return None
    names: list[str] = []
    for sel in node.selectors:
        if isinstance(sel, Column):
            names.append(sel.name)
        elif isinstance(sel, Aliased):
            names.append(sel.alias)
        else:
            names.append(CqlRenderer().render(sel))
    return tuple(names)
