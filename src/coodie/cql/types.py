"""CQL data types as immutable values.

A :class:`CqlType` describes a column's type for DDL, for binding values and for
reading them back. ``str(t)`` / ``t.cql()`` renders it as CQL::

    >>> MapType(NATIVE["text"], ListType(NATIVE["int"]), frozen=True).cql()
    'frozen<map<text, list<int>>>'
"""

from __future__ import annotations

import attrs

NATIVE_TYPE_NAMES: tuple[str, ...] = (
    "ascii", "bigint", "blob", "boolean", "counter", "date", "decimal", "double",
    "duration", "float", "inet", "int", "smallint", "text", "time", "timestamp",
    "timeuuid", "tinyint", "uuid", "varint",
)  # fmt: skip


@attrs.frozen(slots=True)
class NativeType:
    """A scalar CQL type such as ``int`` or ``text``.

    >>> NativeType("bigint").cql()
    'bigint'
    """

    name: str

    frozen: bool = attrs.field(default=False, init=False)

    def cql(self) -> str:
        """Render as CQL."""
        return self.name

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class ListType:
    """``list<T>``; ``frozen=True`` renders ``frozen<list<T>>``."""

    element: CqlType
    frozen: bool = False

    def cql(self) -> str:
        """Render as CQL."""
        return _freeze(f"list<{self.element.cql()}>", self.frozen)

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class SetType:
    """``set<T>``; ``frozen=True`` renders ``frozen<set<T>>``."""

    element: CqlType
    frozen: bool = False

    def cql(self) -> str:
        """Render as CQL."""
        return _freeze(f"set<{self.element.cql()}>", self.frozen)

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class MapType:
    """``map<K, V>``; ``frozen=True`` renders ``frozen<map<K, V>>``."""

    key: CqlType
    value: CqlType
    frozen: bool = False

    def cql(self) -> str:
        """Render as CQL."""
        return _freeze(f"map<{self.key.cql()}, {self.value.cql()}>", self.frozen)

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class TupleType:
    """``tuple<A, B, ...>``; tuples are always frozen in CQL.

    ``frozen`` only says whether to spell ``frozen<...>`` explicitly.
    """

    elements: tuple[CqlType, ...]
    frozen: bool = False

    def cql(self) -> str:
        """Render as CQL."""
        inner = ", ".join(e.cql() for e in self.elements)
        return _freeze(f"tuple<{inner}>", self.frozen)

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class UserDefinedType:
    """A user-defined type, by name, with its fields in declaration order.

    Used as a column or element type it is always ``frozen<name>``.
    """

    name: str
    fields: tuple[tuple[str, CqlType], ...]
    keyspace: str | None = None
    frozen: bool = True

    def cql(self) -> str:
        """Render as CQL (the quoted type name, frozen)."""
        from coodie.cql.identifiers import quote_identifier

        return _freeze(quote_identifier(self.name), self.frozen)

    def __str__(self) -> str:
        return self.cql()


@attrs.frozen(slots=True)
class VectorType:
    """``vector<T, N>`` (Cassandra 5 / ScyllaDB vector search)."""

    element: CqlType
    dimensions: int
    frozen: bool = attrs.field(default=False, init=False)

    def cql(self) -> str:
        """Render as CQL."""
        return f"vector<{self.element.cql()}, {self.dimensions}>"

    def __str__(self) -> str:
        return self.cql()


CqlType = NativeType | ListType | SetType | MapType | TupleType | UserDefinedType | VectorType
"""Any CQL type."""

NATIVE: dict[str, NativeType] = {name: NativeType(name) for name in NATIVE_TYPE_NAMES}
"""The native types by name: ``NATIVE["int"]``."""


def contained_type(t: CqlType) -> CqlType:
    """What a collection holds: a map's values, a list's, set's or vector's elements.

    >>> contained_type(MapType(NATIVE["text"], NATIVE["int"])).cql()
    'int'
    >>> contained_type(SetType(NATIVE["text"])).cql()
    'text'
    """
    if isinstance(t, MapType):
        return t.value
    if isinstance(t, ListType | SetType | VectorType):
        return t.element
    raise TypeError(f"{t.cql()} holds no elements")


def _freeze(text: str, frozen: bool) -> str:
    return f"frozen<{text}>" if frozen else text


def is_collection(t: CqlType) -> bool:
    """True for list, set and map types (frozen or not).

    >>> is_collection(ListType(NATIVE["int"]))
    True
    """
    return isinstance(t, ListType | SetType | MapType)


def is_multicell(t: CqlType) -> bool:
    """True for a non-frozen collection (or non-frozen UDT): stored cell by cell."""
    return isinstance(t, ListType | SetType | MapType | UserDefinedType) and not t.frozen


def is_hashable_form(t: CqlType) -> bool:
    """Whether values of ``t`` are hashable in coodie value form (natives, tuples of them).

    A set whose elements are not (collections, UDTs) crosses the driver boundary
    as a list of distinct elements: a Python set of dicts or lists cannot exist.

    >>> is_hashable_form(TupleType((NATIVE["int"], NATIVE["text"])))
    True
    >>> is_hashable_form(SetType(NATIVE["int"], frozen=True))
    False
    """
    if isinstance(t, TupleType):
        return all(is_hashable_form(e) for e in t.elements)
    return isinstance(t, NativeType)


def frozen(t: CqlType) -> CqlType:
    """Return ``t`` frozen (collections and UDTs); other types unchanged."""
    if isinstance(t, ListType | SetType | MapType | TupleType | UserDefinedType):
        return attrs.evolve(t, frozen=True)
    return t


def inner_types(t: CqlType) -> tuple[CqlType, ...]:
    """The types directly inside ``t``: elements, key and value, tuple items, UDT fields.

    >>> [x.cql() for x in inner_types(MapType(NATIVE["text"], ListType(NATIVE["int"])))]
    ['text', 'list<int>']
    """
    if isinstance(t, ListType | SetType | VectorType):
        return (t.element,)
    if isinstance(t, MapType):
        return (t.key, t.value)
    if isinstance(t, TupleType):
        return t.elements
    if isinstance(t, UserDefinedType):
        return tuple(field_type for _, field_type in t.fields)
    return ()
