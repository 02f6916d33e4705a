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

Shapes are *interned*: every distinct subtree shape is one :class:`ShapeKey`
object, and a node's key is looked up from its class, its plain fields and its
children's keys. A key therefore hashes and compares by identity (no walk over
nested tuples), and a new tree costs one small lookup per new node. Each node
class gets a generated shape function (one straight-line read per field, as
``attrs`` generates ``__init__``), memoised on the node.
"""

# pyright: reportPrivateUsage=false
# (the shape memo lives in a Node slot this module manages)

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from coodie.ast.terms import Bind

Memo = tuple["ShapeKey", tuple["Bind", ...]]


class Node:
    """Base class of all AST nodes (see the module docstring)."""

    __slots__ = ("_memo",)
    _memo: Memo

    def __bool__(self) -> bool:
        raise TypeError(
            f"a coodie {type(self).__name__} has no truth value: pass it to filter()/find() "
            "or compile() it instead of testing it with if/assert/and/or"
        )

    def _shape(self) -> Memo:
        cls = type(self)
        shaper = _SHAPERS.get(cls)
        if shaper is None:
            shaper = _SHAPERS[cls] = _make_shaper(cls)
        return shaper(self)


class ShapeKey:
    """The interned, value-free shape of a (sub)tree; compares and hashes by identity.

    Two trees that differ only in their bound values get the same key object
    (as long as the intern table has not been reset, which only costs cache misses).
    ``parts`` is the node class, its plain fields and its children's keys.
    """

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Any, ...]) -> None:
        self.parts = parts

    def __repr__(self) -> str:
        return f"ShapeKey({self.parts!r})"


_SHAPES: dict[tuple[Any, ...], ShapeKey] = {}
_SHAPES_MAX = 1 << 16
_BIND_KEYS: dict[int, tuple[Any, ShapeKey]] = {}
_TUPLE_KEYS: dict[int, tuple[tuple[Any, ...], ShapeKey, tuple[Bind, ...]]] = {}
_SIDE_MAX = 4096
_SHAPERS: dict[type, Callable[[Any], Memo]] = {}
_BIND: Any = None
"""``coodie.ast.terms.Bind`` (an import cycle): set when the first shape function is made."""


def _intern(parts: tuple[Any, ...]) -> ShapeKey:
    """The one key for ``parts`` (a bounded table: when full it starts over)."""
    key = _SHAPES.get(parts)
    if key is None:
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        key = _SHAPES[parts] = ShapeKey(parts)
    return key


def bind_key(cql_type: Any) -> ShapeKey:
    """The key of a :class:`~coodie.ast.terms.Bind` of ``cql_type`` (memoised by identity)."""
    entry = _BIND_KEYS.get(id(cql_type))
    if entry is not None and entry[0] is cql_type:
        return entry[1]
    key = _intern((_BIND_TAG, cql_type))
    if len(_BIND_KEYS) >= _SIDE_MAX:
        _BIND_KEYS.clear()
    _BIND_KEYS[id(cql_type)] = (cql_type, key)  # keeps cql_type alive: its id stays its own
    return key


_BIND_TAG = "Bind"
_TUPLE_TAG = "tuple"


def _tuple_key(value: tuple[Any, ...], binds: list[Bind]) -> ShapeKey:
    """The key of a tuple of children, memoised by identity when it looks shared.

    Query sets share their selector tuples, and writes their column tuples, between
    the trees they build, so those are seen many times: a tuple whose nodes were all
    seen before is remembered (the entry keeps it alive, so its ``id`` stays its
    own). A tuple holding new nodes or values (a new ``WHERE``, an insert's values)
    is not, so the table does not keep fresh trees alive.
    """
    entry = _TUPLE_KEYS.get(id(value))
    if entry is not None and entry[0] is value:
        key, sub = entry[1], entry[2]
    else:
        collected: list[Bind] = []
        parts: list[Any] = [_TUPLE_TAG]
        seen = True
        for v in value:
            if v.__class__ is _BIND:
                t = v.cql_type
                found = _BIND_KEYS.get(id(t))
                parts.append(found[1] if found is not None and found[0] is t else bind_key(t))
                collected.append(v)
                seen = False
            elif isinstance(v, Node):
                memo = getattr(v, "_memo", None)
                if memo is None:
                    memo = _memoise(v)
                    seen = False
                parts.append(memo[0])
                collected.extend(memo[1])
            else:
                parts.append(v)
        key = _intern(tuple(parts))
        sub = tuple(collected)
        if seen:
            if len(_TUPLE_KEYS) >= _SIDE_MAX:
                _TUPLE_KEYS.clear()
            _TUPLE_KEYS[id(value)] = (value, key, sub)
    if sub:
        binds.extend(sub)
    return key


def _memoise(node: Node) -> Memo:
    memo = node._shape()
    object.__setattr__(node, "_memo", memo)
    return memo


_FIELD_CODE = """\
    v = node.{name}
    c = v.__class__
    if c is Bind:
        t = v.cql_type
        e = bind_keys.get(id(t))
        k{i} = e[1] if e is not None and e[0] is t else bind_key(t)
        binds.append(v)
    elif c is tuple:
        k{i} = tuple_key(v, binds) if v else ()
    elif isinstance(v, Node):
        m = getattr(v, "_memo", None)
        if m is None:
            m = memoise(v)
        k{i} = m[0]
        if m[1]:
            binds.extend(m[1])
    else:
        k{i} = v
"""


def _make_shaper(cls: type) -> Callable[[Any], Memo]:
    """Generate the shape function of a node class: its fields read in order, no loop."""
    global _BIND
    from coodie.ast.terms import Bind

    _BIND = Bind
    names = field_names(cls)
    body = "".join(_FIELD_CODE.format(name=n, i=i) for i, n in enumerate(names))
    parts = "".join(f"k{i}, " for i in range(len(names)))
    source = (
        "def shaper(node):\n"
        "    binds = []\n"
        f"{body}"
        f"    parts = (cls, {parts})\n"
        "    key = shapes.get(parts)\n"
        "    if key is None:\n"
        "        key = intern(parts)\n"
        "    return key, tuple(binds)\n"
    )
    namespace: dict[str, Any] = {
        "Bind": Bind,
        "Node": Node,
        "cls": cls,
        "bind_keys": _BIND_KEYS,
        "bind_key": bind_key,
        "tuple_key": _tuple_key,
        "memoise": _memoise,
        "shapes": _SHAPES,
        "intern": _intern,
    }
    exec(compile(source, f"<coodie shape of {cls.__qualname__}>", "exec"), namespace)
    shaper: Callable[[Any], Memo] = namespace["shaper"]
    return shaper


def shape(node: Node) -> Memo:
    """The shape key of ``node`` and its bound values in traversal order (memoised).

    >>> from coodie.ast.terms import Bind, Column
    >>> from coodie.ast.predicates import Comparison, Operator
    >>> a = Comparison(Column("x"), Operator.EQ, Bind(1))
    >>> b = Comparison(Column("x"), Operator.EQ, Bind(2))
    >>> shape(a)[0] is shape(b)[0]
    True
    """
    memo = getattr(node, "_memo", None)
    return _memoise(node) if memo is None else memo


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_EVOLVERS: dict[type, Callable[..., Any]] = {}
_KEEP: Any = object()

N = TypeVar("N", bound=Node)


def evolve(node: N, **changes: Any) -> N:
    """A copy of ``node`` with some fields changed (a fast ``attrs.evolve`` for nodes).

    >>> from coodie.ast.terms import Bind
    >>> evolve(Bind(1), value=2)
    Bind(value=2, cql_type=None)
    """
    cls = type(node)
    copy = _EVOLVERS.get(cls)
    if copy is None:
        copy = evolver(cls)
    try:
        new: N = copy(node, **changes)
    except TypeError:
        for name in changes:
            if name not in field_names(cls):
                raise TypeError(f"{cls.__name__} has no field {name!r}") from None
        raise
    return new


def evolver(cls: type[N]) -> Callable[..., N]:
    """The generated ``evolve`` of a node class: ``evolver(Select)(select, limit=None)``.

    Each field is a keyword defaulting to the node's own value, so a copy costs
    one call and the class's ``__init__``.
    """
    copy = _EVOLVERS.get(cls)
    if copy is not None:
        return copy
    names = field_names(cls)
    # trailing underscores: the helper names cannot clash with field names
    params = "".join(f", {n}=keep_" for n in names)
    args = ", ".join(f"node_.{n} if {n} is keep_ else {n}" for n in names)
    source = f"def evolver(node_, /, *{params}):\n    return cls_({args})\n"
    namespace: dict[str, Any] = {"cls_": cls, "keep_": _KEEP}
    exec(compile(source, f"<coodie evolve of {cls.__qualname__}>", "exec"), namespace)
    made: Callable[..., N] = namespace["evolver"]
    _EVOLVERS[cls] = made
    return made


def field_names(cls: type) -> tuple[str, ...]:
    """The attrs field names of a node class, in declaration order (cached)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cls))
        _FIELD_NAMES[cls] = names
    return names
