"""The base of every AST node, and the *shape* of a tree.

Nodes are frozen, slotted ``attrs`` classes whose children are tuples, so a tree
is immutable, hashable and comparable. A node refuses to be used as a bool, so
``assert Product.price == 1`` cannot pass by accident::

    >>> from coodie.ast.terms import Column
    >>> bool(Column("price"))
    Traceback (most recent call last):
    TypeError: ...

:func:`shape` gives the tree with its bound values stripped (the compiler's cache
key) and the :class:`~coodie.ast.terms.Bind` nodes in traversal order.
"""

# pyright: reportPrivateUsage=false
# (the shape memo lives in Node slots this module manages)

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from coodie.ast.terms import Bind


class Node:
    """Base class of all AST nodes (see the module docstring)."""

    __slots__ = ("_key", "_memo")
    _memo: tuple[Hashable, tuple[Bind, ...]]
    _key: ShapeKey

    def __bool__(self) -> bool:
        raise TypeError(
            f"a coodie {type(self).__name__} has no truth value: pass it to filter()/find() "
            "or compile() it instead of testing it with if/assert/and/or"
        )

    def _shape(self) -> tuple[Hashable, tuple[Bind, ...]]:
        parts: list[Any] = [type(self)]
        binds: list[Bind] = []
        for name in field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, Node):
                parts.append(_child(value, binds))
            elif type(value) is tuple:
                children: tuple[Any, ...] = value  # pyright: ignore[reportUnknownVariableType]
                parts.append(_tuple_key(children, binds) if children else ())
            else:
                parts.append(value)
        return tuple(parts), tuple(binds)


def _child(node: Node, binds: list[Bind]) -> Hashable:
    # getattr with a default: a new node has no memo yet, and a raised and caught
    # AttributeError per new node would cost more than the rest of this function.
    memo = getattr(node, "_memo", None)
    key, sub = _memoise(node) if memo is None else memo
    if sub:
        binds.extend(sub)
    return key


_TUPLE_KEYS: dict[int, tuple[tuple[Any, ...], Hashable, tuple[Bind, ...]]] = {}
_TUPLE_KEYS_MAX = 4096


def _tuple_key(value: tuple[Any, ...], binds: list[Bind]) -> Hashable:
    """The key of a tuple of children, memoised by identity.

    Query sets share the same selector and ``WHERE`` tuples between the trees
    they build, so most tuples are seen many times. The entry keeps the tuple
    alive, so its ``id`` cannot be reused while cached.
    """
    entry = _TUPLE_KEYS.get(id(value))
    if entry is not None and entry[0] is value:
        key, sub = entry[1], entry[2]
    else:
        collected: list[Bind] = []
        key = tuple([_child(v, collected) if isinstance(v, Node) else v for v in value])
        sub = tuple(collected)
        if len(_TUPLE_KEYS) >= _TUPLE_KEYS_MAX:
            _TUPLE_KEYS.clear()
        _TUPLE_KEYS[id(value)] = (value, key, sub)
    if sub:
        binds.extend(sub)
    return key


def _memoise(node: Node) -> tuple[Hashable, tuple[Bind, ...]]:
    memo = node._shape()
    object.__setattr__(node, "_memo", memo)
    return memo


class ShapeKey:
    """A hashable, value-free description of a tree, with its hash computed once.

    Two trees that differ only in their bound values have equal keys.
    """

    __slots__ = ("_hash", "key")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self._hash = hash(key)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ShapeKey) and self._hash == other._hash and self.key == other.key

    def __repr__(self) -> str:
        return f"ShapeKey({self.key!r})"


def shape(node: Node) -> tuple[ShapeKey, tuple[Bind, ...]]:
    """The shape key of ``node`` and its bound values in traversal order (memoised).

    >>> from coodie.ast.terms import Bind, Column
    >>> from coodie.ast.predicates import Comparison, Operator
    >>> a = Comparison(Column("x"), Operator.EQ, Bind(1))
    >>> b = Comparison(Column("x"), Operator.EQ, Bind(2))
    >>> shape(a)[0] == shape(b)[0]
    True
    """
    found = getattr(node, "_key", None)
    if found is not None:
        return found, node._memo[1]
    memo = getattr(node, "_memo", None)
    key, binds = _memoise(node) if memo is None else memo
    shape_key = ShapeKey(key)
    object.__setattr__(node, "_key", shape_key)
    return shape_key, binds


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_FIELD_INDEX: dict[type, dict[str, int]] = {}

N = TypeVar("N", bound=Node)


def evolve(node: N, **changes: Any) -> N:
    """A copy of ``node`` with some fields changed (a fast ``attrs.evolve`` for nodes).

    >>> from coodie.ast.terms import Bind
    >>> evolve(Bind(1), value=2)
    Bind(value=2, cql_type=None)
    """
    cls = type(node)
    index = _FIELD_INDEX.get(cls)
    if index is None:
        index = {name: i for i, name in enumerate(field_names(cls))}
        _FIELD_INDEX[cls] = index
    values = [getattr(node, name) for name in index]
    for name, value in changes.items():
        at = index.get(name)
        if at is None:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
        values[at] = value
    return cls(*values)


def field_names(cls: type) -> tuple[str, ...]:
    """The attrs field names of a node class, in declaration order (cached)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cls))
        _FIELD_NAMES[cls] = names
    return names
