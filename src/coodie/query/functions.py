"""CQL functions for selections, values and token ranges.

``token`` builds token relations::

    token(Product.id) > token(last_id)        # page through partitions
    token(Product.a, Product.b) > token(1, 2)  # composite partition key
    token(Product.id) > -2**63                 # an int is a raw token bound

Selection functions and aggregates build AST terms::

    Product.find().values_list(writetime(Product.price))
    Event.find(Event.id > minTimeuuid(start))
    Product.find().aggregate_statement(total=fn.sum(Product.price), n=fn.count())

(``import coodie.functions as fn``: ``fn.count``, ``fn.sum``, ``fn.avg``,
``fn.min``, ``fn.max``.)

Vector similarity selectors read a score with each row (Cassandra 5.0)::

    q = [0.1, 0.2, 0.3]
    Product.find().order_by_ann(Product.embedding, q).limit(3).values_list(
        "name", similarity_cosine(Product.embedding, q)
    )                                     # [("pen", 0.98), ...]
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

import datetime as _dt
from typing import Any, NoReturn

from coodie.ast.predicates import Comparison, Operator
from coodie.ast.terms import Aggregate, Bind, Column, FunctionCall, Star, Token
from coodie.cql.types import NATIVE, is_multicell
from coodie.exceptions import InvalidLookupError, InvalidValueError, QueryError
from coodie.query.expressions import Field, model_name, schema_of

_TOKEN_MIN, _TOKEN_MAX = -(2**63), 2**63 - 1
_FLIP = {
    Operator.EQ: Operator.EQ,
    Operator.NE: Operator.NE,
    Operator.LT: Operator.GT,
    Operator.LE: Operator.GE,
    Operator.GT: Operator.LT,
    Operator.GE: Operator.LE,
}


class TokenCall:
    """``token(...)``: over model fields (a relation's left side) or over key values.

    Comparing them builds a :class:`~coodie.ast.predicates.Comparison`; it has no
    truth value and is not hashable.
    """

    __slots__ = ("fields", "values")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, fields: tuple[Field, ...] | None, values: tuple[Any, ...] | None) -> None:
        self.fields = fields
        self.values = values

    def __repr__(self) -> str:
        inner = self.fields if self.fields is not None else self.values
        return f"token{inner!r}"

    def __bool__(self) -> NoReturn:
        raise TypeError("token(...) has no truth value: compare it and pass it to filter()")

    def compare(self, op: Operator, other: TokenCall | int) -> Comparison:
        """``token(...) op other`` (what the comparison operators call)."""
        if self.fields is None:
            if isinstance(other, TokenCall) and other.fields is not None:
                return other.compare(_FLIP[op], self)
            raise QueryError("compare token(model fields) with token(values), not two value tokens")
        fields = self.fields
        left = Token(tuple(f.node for f in fields))
        if isinstance(other, TokenCall):
            if other.values is None:
                raise QueryError("cannot compare two column tokens")
            if len(other.values) != len(fields):
                raise fields[0].value_error(
                    f"token() over {len(fields)} partition key column(s) needs "
                    f"{len(fields)} value(s), got {len(other.values)}"
                )
            right = Token(tuple(f.bind(v) for f, v in zip(fields, other.values, strict=True)))
            return Comparison(left, op, right)
        if isinstance(other, bool) or not isinstance(other, int):
            raise fields[0].value_error(
                f"compare token() with token(key values) or an int token, not {other!r}"
            )
        if not _TOKEN_MIN <= other <= _TOKEN_MAX:
            raise fields[0].value_error(f"token {other} is outside the bigint range")
        return Comparison(left, op, Bind(other, NATIVE["bigint"]))

    def __eq__(self, other: TokenCall | int) -> Comparison:  # type: ignore[override]
        return self.compare(Operator.EQ, other)

    def __lt__(self, other: TokenCall | int) -> Comparison:
        return self.compare(Operator.LT, other)

    def __le__(self, other: TokenCall | int) -> Comparison:
        return self.compare(Operator.LE, other)

    def __gt__(self, other: TokenCall | int) -> Comparison:
        return self.compare(Operator.GT, other)

    def __ge__(self, other: TokenCall | int) -> Comparison:
        return self.compare(Operator.GE, other)


def token(*args: Any) -> TokenCall:
    """``token(Product.id)`` (the partition key columns, in order) or ``token(value, ...)``.

    >>> token(1, 2)
    token(1, 2)
    """
    if not args:
        raise QueryError("token() needs the partition key columns or their values")
    fields = [a for a in args if isinstance(a, Field)]
    if not fields:
        return TokenCall(None, args)
    if len(fields) != len(args):
        raise QueryError("token() takes either model fields or values, not both")
    model = fields[0].model
    schema = schema_of(model)
    key = schema.partition_key
    names = tuple(f.name for f in fields)
    if any(f.model is not model for f in fields) or tuple(f.column.name for f in fields) != key:
        attributes = ", ".join(map(schema.attribute_name, key))
        raise QueryError(
            f"token() needs the partition key columns in order: token({attributes})",
            model=model_name(model),
            field=names[0],
        )
    return TokenCall(tuple(fields), None)


def _column(field: Any, what: str) -> Field:
    if not isinstance(field, Field):
        raise QueryError(f"{what}() needs a model field such as Product.price, got {field!r}")
    return field


def _cell_function(name: str, field: Any) -> FunctionCall:
    f = _column(field, name)
    if f.column.is_primary_key:
        raise f.lookup_error(f"{name}() is not available on a primary key column")
    if is_multicell(f.cql_type):
        raise f.lookup_error(f"{name}() is not available on a non-frozen collection")
    return FunctionCall(name, (f.node,))


def writetime(field: Any) -> FunctionCall:
    """``writetime(col)``: when the cell was written (µs since the epoch)."""
    return _cell_function("writetime", field)


def ttl(field: Any) -> FunctionCall:
    """``ttl(col)``: seconds left before the cell expires (``None``: no TTL)."""
    return _cell_function("ttl", field)


def _timestamp(value: Any, fn: str) -> Bind:
    if not isinstance(value, _dt.datetime):
        raise InvalidValueError(f"{fn}() needs a datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        raise InvalidValueError(f"{fn}() needs a timezone-aware datetime")
    return Bind(value.astimezone(_dt.timezone.utc), NATIVE["timestamp"])


def minTimeuuid(at: _dt.datetime) -> FunctionCall:
    """``minTimeuuid(?)``: the smallest timeuuid at ``at`` (timezone-aware)."""
    return FunctionCall("minTimeuuid", (_timestamp(at, "minTimeuuid"),))


def maxTimeuuid(at: _dt.datetime) -> FunctionCall:
    """``maxTimeuuid(?)``: the largest timeuuid at ``at`` (timezone-aware)."""
    return FunctionCall("maxTimeuuid", (_timestamp(at, "maxTimeuuid"),))


def now() -> FunctionCall:
    """``now()``: a new timeuuid, computed by the server (not idempotent)."""
    return FunctionCall("now")


def currentTimestamp() -> FunctionCall:
    """``currentTimestamp()``: the server's current time (not idempotent)."""
    return FunctionCall("currentTimestamp")


def toTimestamp(arg: Any) -> FunctionCall:
    """``toTimestamp(x)`` of a timeuuid/date column or function: ``toTimestamp(now())``."""
    return FunctionCall("toTimestamp", (_arg(arg, "toTimestamp"),))


def toDate(arg: Any) -> FunctionCall:
    """``toDate(x)`` of a timeuuid/timestamp column or function."""
    return FunctionCall("toDate", (_arg(arg, "toDate"),))


def toUnixTimestamp(arg: Any) -> FunctionCall:
    """``toUnixTimestamp(x)``: milliseconds since the epoch."""
    return FunctionCall("toUnixTimestamp", (_arg(arg, "toUnixTimestamp"),))


def _arg(arg: Any, fn: str) -> Column | FunctionCall:
    if isinstance(arg, FunctionCall):
        return arg
    return _column(arg, fn).node


def _similarity(name: str, field: Any, vector: Any) -> FunctionCall:
    f = _column(field, name)
    bind = f.vector_bind(vector, f"{name}()")
    if name == "similarity_cosine" and not any(bind.value):
        raise f.value_error(
            "similarity_cosine() of a zero vector is undefined (Cassandra refuses all-zero vectors)"
        )
    return FunctionCall(name, (f.node, bind))


def similarity_cosine(field: Any, vector: Any) -> FunctionCall:
    """``similarity_cosine(col, ?)``: (1 + cosine) / 2, from 0 (opposite) to 1 (same direction).

    ``field`` is a vector column (``Product.embedding``), ``vector`` a sequence of as
    many numbers, not all zero (checked now, bound as a parameter).
    """
    return _similarity("similarity_cosine", field, vector)


def similarity_euclidean(field: Any, vector: Any) -> FunctionCall:
    """``similarity_euclidean(col, ?)``: 1 / (1 + squared distance), 1 for the same vector."""
    return _similarity("similarity_euclidean", field, vector)


def similarity_dot_product(field: Any, vector: Any) -> FunctionCall:
    """``similarity_dot_product(col, ?)``: (1 + dot product) / 2 (for normalised vectors)."""
    return _similarity("similarity_dot_product", field, vector)


def count(field: Any = None) -> Aggregate:
    """``count(*)``, or ``count(col)`` (non-null values)."""
    return Aggregate("count", Star() if field is None else _column(field, "count").node)


def _numeric(name: str, field: Any) -> Aggregate:
    f = _column(field, name)
    if f.cql_type.cql() not in _NUMERIC:
        raise InvalidLookupError(
            f"{name}() needs a numeric column, not {f.cql_type.cql()}",
            model=model_name(f.model),
            field=f.name,
        )
    return Aggregate(name, f.node)


_NUMERIC = frozenset(
    {"tinyint", "smallint", "int", "bigint", "varint", "float", "double", "decimal", "counter"}
)


def sum(field: Any) -> Aggregate:
    """``sum(col)`` of a numeric column."""
    return _numeric("sum", field)


def avg(field: Any) -> Aggregate:
    """``avg(col)`` of a numeric column."""
    return _numeric("avg", field)


def min(field: Any) -> Aggregate:
    """``min(col)``."""
    return Aggregate("min", _column(field, "min").node)


def max(field: Any) -> Aggregate:
    """``max(col)``."""
    return Aggregate("max", _column(field, "max").node)


__all__ = [
    "TokenCall",
    "avg",
    "count",
    "currentTimestamp",
    "max",
    "maxTimeuuid",
    "min",
    "minTimeuuid",
    "now",
    "similarity_cosine",
    "similarity_dot_product",
    "similarity_euclidean",
    "sum",
    "toDate",
    "toTimestamp",
    "toUnixTimestamp",
    "token",
    "ttl",
    "writetime",
]
