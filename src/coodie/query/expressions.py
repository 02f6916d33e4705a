"""Field descriptors: the typed operator surface of model columns.

Every column of a model class is a :class:`Field`, so comparisons build AST
predicates instead of booleans::

    Product.price > 10                 # Comparison(price > ?)
    Product.tags.contains("sale")      # Contains
    Product.attrs.contains_key("k")    # ContainsKey
    Product.name.like("Ac%")           # Like
    Product.id.in_([a, b])             # In
    (Product.price > 10) & (Product.price < 20)   # And

Values are converted to the column's CQL type when the expression is built, so
a wrong value raises :class:`~coodie.exceptions.InvalidValueError` naming the
model and the field right away.

Type checkers see ``Product.price`` as the field's Python type (``int``), so they
type ``Product.price > 10`` as ``bool``; query methods therefore accept
``Predicate | bool`` and reject a real ``bool`` at runtime with a clear
:class:`TypeError`. Method expressions (``.in_``, ``.contains``, ...) are not
methods of an ``int`` to a type checker: :func:`col` gives them their types::

    col(Product.id).in_([a, b])        # In, each value checked against the field's type
    col(Product.price) > 10            # Comparison

Comparing two fields (``Product.a == Product.b``) is not CQL: it returns a plain
``bool`` telling whether they are the same field, which keeps fields usable as
dict keys.
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, cast, overload

from typing_extensions import TypeVar

from coodie.ast.predicates import (
    Comparison,
    Contains,
    ContainsKey,
    In,
    IsNotNull,
    Like,
    Operator,
)
from coodie.ast.terms import Bind, Column, FunctionCall
from coodie.cql.types import NATIVE, CqlType, ListType, MapType, SetType, VectorType
from coodie.exceptions import InvalidLookupError, InvalidValueError, QueryError
from coodie.model.annotations import to_driver_converter
from coodie.model.schema import ColumnSchema, TableSchema
from coodie.model.vector_checks import checked_converter, vector_check_for, vector_index_of

_TEXT_TYPES = frozenset({"text", "ascii", "varchar"})

T = TypeVar("T", default=Any)
"""The field's Python type (``float`` for ``price: float``); a bare ``Field`` is ``Field[Any]``."""
E = TypeVar("E")
K = TypeVar("K")
V = TypeVar("V")


def model_name(model: object) -> str:
    """The name used for ``model`` in error messages."""
    return getattr(model, "__name__", None) or str(model)


def schema_of(model: object) -> TableSchema:
    """``model.__schema__``, or a :class:`QueryError` if ``model`` is not a table model."""
    schema = getattr(model, "__schema__", None)
    if not isinstance(schema, TableSchema):
        raise QueryError("is not a table model (it has no __schema__)", model=model_name(model))
    return schema


class Field(Generic[T]):
    """A model column used in expressions: ``Product.price > 10``.

    ``Field(model, column)`` is set on the model class for every column by the
    model machinery; ``model`` is the class, ``column`` its
    :class:`~coodie.model.schema.ColumnSchema`. ``T`` is the field's Python type:
    ``col(Product.price)`` is a ``Field[float]`` to a type checker, so values of
    another type are type errors.
    """

    __slots__ = ("_convert", "_multicell", "column", "model", "node")

    def __init__(self, model: type, column: ColumnSchema) -> None:
        self.model = model
        self.column = column
        self.node = Column(column.name)
        self._convert: Callable[[Any], Any] | None = None
        t = column.cql_type
        # a non-frozen collection cannot be compared with =, <, ...
        self._multicell = t.frozen is False and isinstance(t, ListType | SetType | MapType)

    @property
    def name(self) -> str:
        """The attribute name (what lookups and errors say; ``column.name`` is the CQL one)."""
        return self.column.attribute

    @property
    def cql_type(self) -> CqlType:
        """The column's CQL type."""
        return self.column.cql_type

    def __repr__(self) -> str:
        return f"{model_name(self.model)}.{self.column.attribute}"

    def __hash__(self) -> int:
        return hash((Field, self.model, self.column.name))

    # -- errors and values -------------------------------------------------

    def lookup_error(self, problem: str) -> InvalidLookupError:
        """An :class:`InvalidLookupError` naming this model and field."""
        return InvalidLookupError(problem, model=model_name(self.model), field=self.name)

    def value_error(self, problem: str) -> InvalidValueError:
        """An :class:`InvalidValueError` naming this model and field."""
        return InvalidValueError(problem, model=model_name(self.model), field=self.name)

    def bind(self, value: Any, cql_type: CqlType | None = None) -> Bind:
        """``value`` converted to ``cql_type`` (default: the column's) as a :class:`Bind`."""
        if value is None or isinstance(value, Field):
            self._refuse(value)
        try:
            if cql_type is None:
                convert = self._convert
                if convert is None:
                    convert = self._convert = self._column_converter()
                return Bind(convert(value), self.column.cql_type)
            return Bind(to_driver_converter(cql_type)(value), cql_type)
        except InvalidValueError as exc:
            raise self.value_error(exc.problem) from exc

    def _column_converter(self) -> Callable[[Any], Any]:
        """The column's converter; a vector column's checks what its vector index refuses."""
        convert = to_driver_converter(self.column.cql_type)
        if isinstance(self.column.cql_type, VectorType):
            schema = getattr(self.model, "__schema__", None)
            index = vector_index_of(schema, self.name) if isinstance(schema, TableSchema) else None
            if index is not None:
                return checked_converter(convert, vector_check_for(index))
        return convert

    def _refuse(self, value: Any) -> None:
        if value is None:
            raise self.value_error("None cannot be compared; use is_not_null() or a value")
        raise QueryError(
            f"cannot compare with another column ({value!r}): CQL compares columns to values",
            model=model_name(self.model),
            field=self.name,
        )

    def _compare(self, op: Operator, value: Any) -> Comparison:
        if self._multicell:
            raise self.lookup_error(
                f"a non-frozen collection ({self.cql_type.cql()}) cannot be compared with "
                f"{op.value}; use contains()/contains_key()"
            )
        if isinstance(value, FunctionCall):  # minTimeuuid(...), now(), ...
            return Comparison(self.node, op, value)
        return Comparison(self.node, op, self.bind(value))

    # -- operators -----------------------------------------------------------

    # A value of the field's type gives a Comparison; anything else keeps object's
    # signature (a bool to type checkers; at runtime another Field gives a bool, any
    # other value is converted or refused with InvalidValueError). Type checkers need
    # that fallback for __eq__/__ne__, and pyright then calls the overloads overlapping.
    @overload
    def __eq__(self, value: T | FunctionCall) -> Comparison: ...  # pyright: ignore[reportOverlappingOverload]
    @overload
    def __eq__(self, value: object) -> bool: ...
    def __eq__(self, value: object) -> Comparison | bool:
        if isinstance(value, Field):  # same field? (fields stay usable as dict keys)
            return value.model is self.model and value.column.name == self.column.name
        return self._compare(Operator.EQ, value)

    @overload
    def __ne__(self, value: T | FunctionCall) -> Comparison: ...  # pyright: ignore[reportOverlappingOverload]
    @overload
    def __ne__(self, value: object) -> bool: ...
    def __ne__(self, value: object) -> Comparison | bool:
        if isinstance(value, Field):
            return not (value.model is self.model and value.column.name == self.column.name)
        return self._compare(Operator.NE, value)

    def __lt__(self, value: T | FunctionCall) -> Comparison:
        return self._compare(Operator.LT, value)

    def __le__(self, value: T | FunctionCall) -> Comparison:
        return self._compare(Operator.LE, value)

    def __gt__(self, value: T | FunctionCall) -> Comparison:
        return self._compare(Operator.GT, value)

    def __ge__(self, value: T | FunctionCall) -> Comparison:
        return self._compare(Operator.GE, value)

    def in_(self, values: Iterable[T]) -> In:
        """``column IN ?``: ``Product.id.in_([a, b])``; values go as one bound list."""
        if isinstance(values, str | bytes | bytearray | Mapping) or not isinstance(
            values, Iterable
        ):
            raise self.value_error(
                f"in_() needs a list, tuple or set of values, got {type(values).__name__}"  # pyright: ignore[reportUnknownArgumentType]
            )
        checked: Iterable[Any] = values
        items = [self.bind(v).value for v in checked]
        return In(self.node, Bind(items, ListType(self.column.cql_type)))

    @overload
    def contains(self: Field[list[E]], value: E) -> Contains: ...
    @overload
    def contains(self: Field[set[E]], value: E) -> Contains: ...
    @overload
    def contains(self: Field[frozenset[E]], value: E) -> Contains: ...
    @overload
    def contains(self: Field[dict[Any, V]], value: V) -> Contains: ...
    def contains(self, value: Any) -> Contains:
        """``column CONTAINS ?``: an element of a set/list, or a value of a map."""
        t = self.column.cql_type
        if isinstance(t, ListType | SetType):
            return Contains(self.node, self.bind(value, t.element))
        if isinstance(t, MapType):
            return Contains(self.node, self.bind(value, t.value))
        raise self.lookup_error(f"contains needs a list, set or map column, not {t.cql()}")

    def contains_key(self: Field[dict[K, Any]], key: K) -> ContainsKey:
        """``column CONTAINS KEY ?`` on a map column."""
        t = self.column.cql_type
        if not isinstance(t, MapType):
            raise self.lookup_error(f"contains_key needs a map column, not {t.cql()}")
        return ContainsKey(self.node, self.bind(key, t.key))

    def like(self: Field[str], pattern: str) -> Like:
        """``column LIKE ?`` on a text column (needs a SASI or SAI index)."""
        t = self.column.cql_type
        if t.cql() not in _TEXT_TYPES:
            raise self.lookup_error(f"like needs a text or ascii column, not {t.cql()}")
        if not isinstance(pattern, str):
            raise self.value_error(f"like() needs a str pattern, got {type(pattern).__name__}")
        return Like(self.node, self.bind(pattern, NATIVE["text"]))

    def vector_bind(self, value: Any, what: str, *, indexed: bool = False) -> Bind:
        """``value`` as a bound vector of this vector column, its dimension checked.

        ``what`` names the caller in errors (``order_by_ann()``, ``similarity_cosine()``).
        Any iterable of numbers works (a list, a tuple, a numpy array). ``indexed``: the
        vector searches the column's vector index, which refuses what it cannot hold (a
        zero vector under cosine).
        """
        t = self.column.cql_type
        if not isinstance(t, VectorType):
            raise self.lookup_error(f"{what} needs a vector column, not {t.cql()}")
        if value is None or isinstance(value, str | bytes | Mapping):
            raise self.value_error(
                f"{what} needs a vector of {t.dimensions} numbers, got {value!r}"
            )
        try:
            items = list(value)
        except TypeError:
            raise self.value_error(
                f"{what} needs a vector of {t.dimensions} numbers, got {type(value).__name__}"
            ) from None
        if len(items) != t.dimensions:
            raise self.value_error(
                f"{what}: expected a vector of {t.dimensions} dimensions, got {len(items)}"
            )
        return self.bind(items) if indexed else self.bind(items, t)

    def is_not_null(self) -> IsNotNull:
        """``column IS NOT NULL``."""
        return IsNotNull(self.node)


def col(field: T | None) -> Field[T]:
    """``Product.price`` as a type checker should see it: a ``Field[float]`` expression.

    At runtime ``Product.price`` already is the column's :class:`Field`, and ``col``
    returns it unchanged. Type checkers only know the annotation (``price: float``), so
    ``Product.sku.in_([...])`` would be an error to them; ``col(Product.sku).in_([...])``
    is typed ``In``, its values checked against ``str``. An ``Optional`` field gives the
    field's type without ``None``.

    >>> from typing import Annotated
    >>> from coodie import PrimaryKey
    >>> from coodie.sync import Document
    >>> class Item(Document):
    ...     sku: Annotated[str, PrimaryKey()]
    ...     tags: set[str] = set()
    >>> from coodie.compiler import compile
    >>> compile(Item.find(col(Item.sku).in_(["a", "b"])).select).cql
    'SELECT sku, tags FROM item WHERE sku IN ?'
    >>> col(Item.tags).contains("sale").left
    Column(name='tags')

    Anything but a model's column (an instance's value, say) is a ``TypeError``.
    """
    if not isinstance(field, Field):
        raise TypeError(
            f"col() takes a model class's column, such as col(Product.price), not {field!r}"
        )
    return cast("Field[T]", field)
