"""Keyword lookups: ``price__gt=10`` → AST, exactly as ``Product.price > 10`` builds it.

Filter lookups (``QuerySet.filter(**lookups)``)::

    name=value           =          name__in=[...]          IN
    name__ne             !=         name__contains=v        CONTAINS
    name__gt / __gte     > / >=     name__contains_key=k    CONTAINS KEY
    name__lt / __lte     < / <=     name__like="Ac%"        LIKE
    id__token__gt=x      token(id) > token(x)   (composite keys: a__token__gt=(1, 2))

Update lookups (``update(**lookups)``)::

    name=value       SET name = ?   (None deletes the cell)
    tags__add        set add        tags__remove      set/list remove, map remove keys
    items__append    list append    items__prepend    list prepend
    attrs__update    map update     items__setitem=(i, v) / attrs__setitem=(k, v)
    views__incr / views__decr       counter increment / decrement

An unknown column raises :class:`~coodie.exceptions.UnknownColumnError`; a lookup
that does not fit the column's type raises
:class:`~coodie.exceptions.InvalidLookupError`, both naming model and field.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, cast

from coodie.ast.assignments import (
    Append,
    Assignment,
    Decrement,
    Increment,
    Prepend,
    Remove,
    SetElement,
    SetValue,
)
from coodie.ast.conditions import Condition, ConditionOp
from coodie.ast.predicates import Operator, Predicate
from coodie.ast.terms import Bind, FunctionCall
from coodie.cql.types import NATIVE, ListType, MapType, SetType
from coodie.exceptions import QueryError, UnknownColumnError
from coodie.query.expressions import Field, model_name, schema_of
from coodie.query.functions import TokenCall, token

FILTER_LOOKUPS: dict[str, Callable[[Field, Any], Predicate]] = {
    "eq": lambda f, v: f == v,
    "ne": lambda f, v: f != v,
    "gt": lambda f, v: f > v,
    "gte": lambda f, v: f >= v,
    "lt": lambda f, v: f < v,
    "lte": lambda f, v: f <= v,
    "in": Field.in_,
    "contains": Field.contains,
    "contains_key": Field.contains_key,
    "like": Field.like,
}
"""Filter lookup suffix → how it builds its predicate from a :class:`Field`."""

_TOKEN_OPERATORS = {
    "eq": Operator.EQ,
    "gt": Operator.GT,
    "gte": Operator.GE,
    "lt": Operator.LT,
    "lte": Operator.LE,
}


def field_for(model: type, name: str) -> Field:
    """The :class:`Field` for column ``name`` of ``model`` (``UnknownColumnError`` if none).

    A model's own fields are reused (they keep their value converter).
    """
    fields = getattr(model, "__dict__", {}).get("__coodie_fields__")
    if fields is not None:
        found: Field | None = fields.get(name)
        if found is not None and found.model is model:
            return found
    column = schema_of(model).by_attribute.get(name)
    if column is None:
        raise unknown_column(model, name)
    return Field(model, column)


WRITE_OPTIONS = ("ttl", "timestamp", "if_exists", "if_conditions", "consistency", "timeout")
"""The keyword options of a write, suggested when an assignment's name is close to one."""


def unknown_column(model: type, name: str, options: tuple[str, ...] = ()) -> UnknownColumnError:
    """The error for a name that is no attribute of ``model``, with the closest name if any.

    ``options`` are other keywords the caller takes (``ttl``...), suggested too:
    ``unknown_column(Product, "tll", WRITE_OPTIONS)`` says "did you mean the option ttl=?".
    """
    schema = schema_of(model)
    hint = schema.renamed_hint(name)  # a ColumnName: Python code says the attribute
    if hint:
        return UnknownColumnError(f"no such attribute: {hint}", model=model_name(model), field=name)
    problem = "no such column"
    close = difflib.get_close_matches(name, [*schema.by_attribute, *options], n=1)
    if close:
        what = f"the option {close[0]}=" if close[0] in options else close[0]
        problem += f" (did you mean {what}?)"
    return UnknownColumnError(problem, model=model_name(model), field=name)


def filter_predicate(model: type, key: str, value: Any) -> Predicate:
    """The predicate for one filter lookup: ``filter_predicate(Product, "price__gt", 10)``."""
    name, _, op = key.partition("__")
    field = field_for(model, name)
    if not op:
        return field == value  # type: ignore[no-any-return]
    if op == "token" or op.startswith("token__"):
        return _token_predicate(field, op[len("token__") :] or "eq", value)
    build = FILTER_LOOKUPS.get(op)
    if build is None:
        raise field.lookup_error(f"unknown lookup __{op} (known: {', '.join(FILTER_LOOKUPS)})")
    return build(field, value)


def _token_predicate(field: Field, op: str, value: Any) -> Predicate:
    operator = _TOKEN_OPERATORS.get(op)
    if operator is None:
        raise field.lookup_error(f"unknown token lookup __token__{op}")
    schema = schema_of(field.model)
    key = tuple(map(schema.attribute_name, schema.partition_key))
    if field.name != key[0]:
        raise field.lookup_error(f"__token applies to the first partition key column ({key[0]})")
    left = token(*(field_for(field.model, n) for n in key))
    if isinstance(value, TokenCall):
        right = value
    elif len(key) > 1:
        if not isinstance(value, tuple | list):
            raise field.value_error(f"__token on a composite key needs {len(key)} values")
        right = token(*value)
    else:
        right = token(value)
    return left.compare(operator, right)


# -- LWT condition lookups -----------------------------------------------------

CONDITION_LOOKUPS: dict[str, ConditionOp] = {
    "": ConditionOp.EQ,
    "eq": ConditionOp.EQ,
    "ne": ConditionOp.NE,
    "gt": ConditionOp.GT,
    "gte": ConditionOp.GE,
    "lt": ConditionOp.LT,
    "lte": ConditionOp.LE,
    "in": ConditionOp.IN,
}
"""Condition lookup suffix → operator of ``IF col op ?``."""


def condition(model: type, key: str, value: Any) -> Condition:
    """One ``IF`` condition: ``condition(Product, "stock__gt", 0)``; ``None`` tests for null."""
    name, _, op = key.partition("__")
    try:
        field = field_for(model, name)
    except UnknownColumnError:
        raise unknown_column(model, name, WRITE_OPTIONS) from None
    if field.column.is_primary_key:
        raise field.lookup_error("IF conditions apply to columns outside the primary key")
    operator = CONDITION_LOOKUPS.get(op)
    if operator is None:
        raise field.lookup_error(f"unknown condition lookup __{op}")
    if operator is ConditionOp.IN:
        return Condition(field.node, operator, field.in_(value).values)
    bind = Bind(None, field.cql_type) if value is None else field.bind(value)
    return Condition(field.node, operator, bind)


# -- update lookups -----------------------------------------------------------


def set_value(field: Field, value: Any) -> SetValue:
    """``SET col = ?``; ``None`` is bound as null, which deletes the cell."""
    if field.column.is_counter:
        raise field.lookup_error("a counter can only be changed with __incr / __decr")
    if value is None:
        return SetValue(field.node, Bind(None, field.cql_type))
    if isinstance(value, FunctionCall):  # now(), currentTimestamp(), ...
        return SetValue(field.node, value)
    return SetValue(field.node, field.bind(value))


def _add(field: Field, value: Any) -> Assignment:
    if not isinstance(field.cql_type, SetType):
        raise field.lookup_error(f"__add needs a set column, not {field.cql_type.cql()}")
    return Append(field.node, field.bind(value))


def _remove(field: Field, value: Any) -> Assignment:
    t = field.cql_type
    if isinstance(t, SetType | ListType):
        return Remove(field.node, field.bind(value))
    if isinstance(t, MapType):
        return Remove(field.node, field.bind(value, SetType(t.key)))
    raise field.lookup_error(f"__remove needs a set, list or map column, not {t.cql()}")


def _list_op(kind: type[Append] | type[Prepend], op: str) -> Callable[[Field, Any], Assignment]:
    def build(field: Field, value: Any) -> Assignment:
        if not isinstance(field.cql_type, ListType):
            raise field.lookup_error(f"__{op} needs a list column, not {field.cql_type.cql()}")
        return kind(field.node, field.bind(value))

    return build


def _update(field: Field, value: Any) -> Assignment:
    if not isinstance(field.cql_type, MapType):
        raise field.lookup_error(f"__update needs a map column, not {field.cql_type.cql()}")
    return Append(field.node, field.bind(value))


def _setitem(field: Field, value: Any) -> Assignment:
    t = field.cql_type
    pair = cast("tuple[Any, ...]", value)
    if not isinstance(value, tuple) or len(pair) != 2:
        raise field.value_error("__setitem needs a (index or key, value) pair")
    key, item = pair
    if isinstance(t, ListType):
        return SetElement(field.node, field.bind(key, NATIVE["int"]), field.bind(item, t.element))
    if isinstance(t, MapType):
        return SetElement(field.node, field.bind(key, t.key), field.bind(item, t.value))
    raise field.lookup_error(f"__setitem needs a list or map column, not {t.cql()}")


def _counter(
    kind: type[Increment] | type[Decrement], op: str
) -> Callable[[Field, Any], Assignment]:
    def build(field: Field, value: Any) -> Assignment:
        if not field.column.is_counter:
            raise field.lookup_error(f"__{op} needs a counter column")
        return kind(field.node, field.bind(value))

    return build


UPDATE_LOOKUPS: dict[str, Callable[[Field, Any], Assignment]] = {
    "add": _add,
    "remove": _remove,
    "append": _list_op(Append, "append"),
    "prepend": _list_op(Prepend, "prepend"),
    "update": _update,
    "setitem": _setitem,
    "incr": _counter(Increment, "incr"),
    "decr": _counter(Decrement, "decr"),
}
"""Update lookup suffix → how it builds its assignment."""


def assignment(model: type, key: str, value: Any) -> Assignment:
    """The assignment for one update lookup: ``assignment(Product, "tags__add", {"x"})``."""
    name, _, op = key.partition("__")
    try:
        field = field_for(model, name)
    except UnknownColumnError:
        raise unknown_column(model, name, WRITE_OPTIONS) from None
    if field.column.is_primary_key:
        raise QueryError(
            "a primary key column cannot be updated", model=model_name(model), field=name
        )
    if not op:
        return set_value(field, value)
    build = UPDATE_LOOKUPS.get(op)
    if build is None:
        raise field.lookup_error(
            f"unknown update lookup __{op} (known: {', '.join(UPDATE_LOOKUPS)})"
        )
    return build(field, value)
