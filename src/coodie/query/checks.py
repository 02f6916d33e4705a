"""Checks and small builders shared by the queryset core and the write builders.

They raise typed errors naming the model (and field) before anything is sent::

    >>> positive_int(object, "limit", 5).value
    5
    >>> ttl_seconds(object, 3600)
    3600
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from coodie.ast.assignments import Assignment
from coodie.ast.base import Node, field_names
from coodie.ast.conditions import Conditions, StatementCondition
from coodie.ast.predicates import Comparison, In, Operator, Predicate
from coodie.ast.terms import Aggregate, Aliased, Bind, Column, FunctionCall, Selector, Token
from coodie.cql.types import NATIVE
from coodie.exceptions import InvalidValueError, QueryError, UnknownColumnError
from coodie.model.boundary import ModelClass
from coodie.model.schema import TableSchema
from coodie.query.expressions import model_name

MAX_TTL = 630_720_000
"""The largest TTL Cassandra accepts (20 years, in seconds)."""

PREDICATE_TYPES: tuple[type, ...] = Predicate.__args__
SELECTOR_TYPES = (Column, Token, FunctionCall, Aggregate, Aliased)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_INT = NATIVE["int"]
_BIGINT = NATIVE["bigint"]


def int_bind(value: int) -> Bind:
    """``value`` bound as a CQL ``int`` (limits, TTLs)."""
    return Bind(value, _INT)


def bigint_bind(value: int) -> Bind:
    """``value`` bound as a CQL ``bigint`` (write timestamps)."""
    return Bind(value, _BIGINT)


def positive_int(model: object, what: str, n: Any) -> Bind:
    """``n`` checked to be an int >= 1 and bound as ``int``."""
    if type(n) is int and 0 < n <= 2**31 - 1:  # the common case
        return Bind(n, _INT)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise QueryError(f"{what} must be a positive int, not {n!r}", model=model_name(model))
    if n > 2**31 - 1:
        raise QueryError(f"{what} {n} is too large (max 2**31-1)", model=model_name(model))
    return int_bind(n)


def ttl_seconds(model: object, seconds: Any) -> int | None:
    """A TTL checked to be ``None`` or an int in ``0 .. MAX_TTL`` (0: no TTL)."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_TTL:
        raise InvalidValueError(
            f"ttl must be an int of seconds in 0..{MAX_TTL}, not {seconds!r}",
            model=model_name(model),
        )
    return seconds


def _name(model: object) -> str | None:
    return None if model is None else model_name(model)


def timestamp_micros_for(model: object, value: Any) -> int | None:
    """A write timestamp as µs: an int, or a timezone-aware datetime (naive is refused)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise InvalidValueError(
                "timestamp must be timezone-aware (a naive datetime is ambiguous)",
                model=_name(model),
            )
        delta = value - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(
            f"timestamp must be int µs or an aware datetime, not {value!r}",
            model=_name(model),
        )
    return value


def column_names(node: Any) -> set[str]:
    """Names of every :class:`Column` inside ``node``."""
    if type(node) is Comparison and type(node.left) is Column and type(node.right) is Bind:
        return {node.left.name}  # the common case, without walking the tree
    if isinstance(node, Column):
        return {node.name}
    if isinstance(node, tuple):
        names: set[str] = set()
        for child in node:  # pyright: ignore[reportUnknownVariableType]
            names |= column_names(child)
        return names
    if isinstance(node, Node) and not isinstance(node, Bind):
        return column_names(tuple(getattr(node, f) for f in field_names(type(node))))
    return set()


def _check_columns(model: object, schema: TableSchema, node: Any) -> None:
    for name in sorted(column_names(node)):
        if name not in schema.columns:
            raise UnknownColumnError("no such column", model=model_name(model), field=name)


def check_predicate(model: object, schema: TableSchema, p: Predicate | bool) -> Predicate:
    """``p`` must be a predicate node over this model's columns (not a plain ``bool``).

    Returns ``p``, now known to be a predicate.
    """
    if type(p) is Comparison and type(p.left) is Column and type(p.right) is Bind:
        if p.left.name in schema.columns:  # the common case, checked without a walk
            return p
    elif isinstance(p, bool):
        raise TypeError(
            "filter() got a plain bool: compare a model field (Product.price > 10) to build "
            "a predicate; comparing values or instances evaluates immediately"
        )
    if not isinstance(p, PREDICATE_TYPES):
        raise TypeError(f"filter() takes predicates such as Product.price > 10, not {p!r}")
    _check_columns(model, schema, p)
    return p


def check_selector(model: object, schema: TableSchema, s: Any) -> Selector:
    """``s`` must be a selector node (function, aggregate, ...) over this model's columns."""
    if not isinstance(s, SELECTOR_TYPES):
        raise TypeError(f"expected a column name or a selector such as writetime(...), not {s!r}")
    _check_columns(model, schema, s)
    return s


SCORE_FUNCTIONS = frozenset({"similarity_cosine", "similarity_euclidean", "similarity_dot_product"})
"""The selectors ``with_score()`` reads: Cassandra 5.0's vector similarity functions."""


def check_score(model: object, schema: TableSchema, s: Any) -> Selector:
    """``s`` must be a similarity selector over this model's columns (``with_score()``)."""
    if not isinstance(s, FunctionCall) or s.name not in SCORE_FUNCTIONS:
        raise QueryError(
            "with_score() needs a similarity selector such as "
            f"similarity_cosine(Product.embedding, vector), not {s!r}",
            model=model_name(model),
        )
    return check_selector(model, schema, s)


def require_key(
    model: object,
    schema: TableSchema,
    where: tuple[Predicate, ...],
    key: tuple[str, ...],
    what: str,
) -> None:
    """Every column of ``key`` must be restricted by ``=`` or ``IN`` in ``where``,
    and ``where`` may only restrict primary key columns (a write's ``WHERE``)."""
    primary = set(schema.primary_key)
    attribute = schema.attribute_name  # errors say what the user wrote (``ColumnName``)
    for p in where:
        for name in sorted(column_names(p) - primary):
            raise QueryError(
                f"{what} can only restrict primary key columns in WHERE "
                "(use conditions for other columns)",
                model=model_name(model),
                field=attribute(name),
            )
    restricted = {_restricted_column(p) for p in where}
    for name in key:
        if name not in restricted:
            every = ", ".join(map(attribute, key))
            raise QueryError(
                f"{what} needs {attribute(name)} (every column of {every}) given with = or in_()",
                model=model_name(model),
                field=attribute(name),
            )


def _restricted_column(p: Predicate) -> str | None:
    """The column ``p`` pins to one or several values (``=`` or ``IN``), if any."""
    if isinstance(p, In):
        return p.left.name
    if isinstance(p, Comparison) and isinstance(p.left, Column) and p.op is Operator.EQ:
        return p.left.name
    return None


def update_key(schema: TableSchema, assignments: tuple[Assignment, ...]) -> tuple[str, ...]:
    """The key an UPDATE must pin: the partition key when only static columns change."""
    static = set(schema.static_columns)
    if assignments and all(a.column.name in static for a in assignments):
        return schema.partition_key
    return schema.primary_key


def touches_only_static(
    schema: TableSchema, columns: Iterable[str], condition: StatementCondition | None
) -> bool:
    """Whether a write changes only static columns (and checks only static ones).

    Cassandra then refuses any restriction on the clustering columns ("Invalid restrictions
    on clustering columns since the UPDATE statement modifies only static columns"), so
    such a write restricts the partition key alone. ``IF EXISTS`` reads the row, so it does
    not count as static-only.
    """
    static = set(schema.static_columns)
    names = set(columns)
    if not schema.clustering_key or not names or not names <= static:
        return False
    if condition is None:
        return True
    return isinstance(condition, Conditions) and all(
        column_names(c.left) <= static for c in condition.items
    )


def refuse_clustering_on_static_write(
    model: ModelClass,
    schema: TableSchema,
    where: tuple[Predicate, ...],
    columns: Iterable[str],
    condition: StatementCondition | None,
    what: str,
) -> None:
    """A bulk write changing only static columns must not restrict a clustering column.

    Cassandra refuses it ("Invalid restrictions on clustering columns since the UPDATE
    statement modifies only static columns"): a static column belongs to the partition,
    so the write is addressed by the partition key alone::

        Post.find(blog=b, id=i).update(blog_title="x")  # QueryError: ... restrict blog only
        Post.find(blog=b).update(blog_title="x")          # one static value per partition
    """
    names = sorted(set(columns))
    if not touches_only_static(schema, names, condition):
        return
    restricted = set().union(*(column_names(p) for p in where)) if where else set()
    attribute = schema.attribute_name  # errors say what the user wrote (``ColumnName``)
    for name in schema.clustering_key:
        if name in restricted:
            raise QueryError(
                f"{what} changes only static columns ({', '.join(map(attribute, names))}),"
                " which belong to the partition: Cassandra refuses a restriction on clustering"
                f" column {attribute(name)}; restrict"
                f" {', '.join(map(attribute, schema.partition_key))} only",
                model=model_name(model),
                field=attribute(name),
            )


def refuse_row_delete_on_static_conditions(
    model: ModelClass,
    schema: TableSchema,
    columns: Iterable[str],
    condition: StatementCondition | None,
) -> None:
    """A DELETE of whole rows whose ``IF`` conditions name only static columns is refused.

    Cassandra refuses it either way ("Invalid restrictions on clustering columns since the
    DELETE statement modifies only static columns" with the row's key, "DELETE statements
    must restrict all PRIMARY KEY columns ... to delete non static columns" without)::

        post.delete(if_conditions={"blog_title": "x"})   # QueryError, nothing sent
    """
    if any(True for _ in columns) or not schema.clustering_key:
        return
    if not isinstance(condition, Conditions):
        return
    static = set(schema.static_columns)
    names = [n for c in condition.items for n in sorted(column_names(c.left))]
    if names and set(names) <= static:
        attribute = schema.attribute_name
        raise QueryError(
            f"a row delete conditioned only on static columns ({', '.join(map(attribute, names))})"
            " is refused by Cassandra: add a condition on a regular column, use if_exists, or"
            " delete the static columns by name",
            model=model_name(model),
            field=attribute(names[0]),
        )


def delete_key(
    schema: TableSchema, columns: tuple[str, ...], condition: StatementCondition | None
) -> tuple[str, ...]:
    """The key a DELETE must pin.

    Whole rows or clustering ranges need the partition key; deleting non-static
    columns, or any condition other than on static columns, needs the full
    primary key (Cassandra's rule).
    """
    static = set(schema.static_columns)
    if any(c not in static for c in columns):
        return schema.primary_key
    if condition is None:
        return schema.partition_key
    if isinstance(condition, Conditions) and all(
        column_names(c.left) <= static for c in condition.items
    ):
        return schema.partition_key
    return schema.primary_key


def check_conditional_timestamp(
    model: object, condition: StatementCondition | bool | None, timestamp: Any
) -> None:
    """A conditional write (``IF ...``) cannot carry ``USING TIMESTAMP``."""
    if condition not in (None, False) and timestamp is not None:
        raise QueryError(
            "a conditional write (IF ...) cannot use a custom timestamp", model=_name(model)
        )
