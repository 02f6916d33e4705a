"""Every predicate operator: expression and lookup build equal ASTs and identical CQL."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import pytest
from syrupy.assertion import SnapshotAssertion

from coodie.ast import And, Bind, Comparison, Operator, Predicate, Token
from coodie.exceptions import InvalidLookupError, InvalidValueError, QueryError, UnknownColumnError
from coodie.functions import maxTimeuuid, minTimeuuid, token
from coodie.query.lookups import filter_predicate
from coodie.query.queryset import QuerySetCore

from ..catalog import PID, WHEN, Event, Product
from ..helpers import markers, show

OTHER = UUID("00000000-0000-0000-0000-000000000001")

# (lookup key, value, the same predicate built with an expression, the WHERE it compiles to)
CASES: list[tuple[str, Any, Any, str]] = [
    ("price", 10.5, lambda: Product.price == 10.5, "WHERE price = ?"),
    ("price__eq", 10.5, lambda: Product.price == 10.5, "WHERE price = ?"),
    ("price__ne", 10.5, lambda: Product.price != 10.5, "WHERE price != ?"),
    ("price__gt", 10, lambda: Product.price > 10, "WHERE price > ?"),
    ("price__gte", 10, lambda: Product.price >= 10, "WHERE price >= ?"),
    ("price__lt", 10, lambda: Product.price < 10, "WHERE price < ?"),
    ("price__lte", 10, lambda: Product.price <= 10, "WHERE price <= ?"),
    ("id__in", [PID, OTHER], lambda: Product.id.in_([PID, OTHER]), "WHERE id IN ?"),
    ("tags__contains", "sale", lambda: Product.tags.contains("sale"), "WHERE tags CONTAINS ?"),
    (
        "images__contains",
        "a.png",
        lambda: Product.images.contains("a.png"),
        "WHERE images CONTAINS ?",
    ),
    ("attrs__contains", "red", lambda: Product.attrs.contains("red"), "WHERE attrs CONTAINS ?"),
    (
        "attrs__contains_key",
        "color",
        lambda: Product.attrs.contains_key("color"),
        "WHERE attrs CONTAINS KEY ?",
    ),
    ("name__like", "Ac%", lambda: Product.name.like("Ac%"), "WHERE name LIKE ?"),
    ("id__token__gt", PID, lambda: token(Product.id) > token(PID), "WHERE token(id) > token(?)"),
    ("id__token__gte", PID, lambda: token(Product.id) >= token(PID), "WHERE token(id) >= token(?)"),
    ("id__token__lt", PID, lambda: token(Product.id) < token(PID), "WHERE token(id) < token(?)"),
    ("id__token__lte", PID, lambda: token(Product.id) <= token(PID), "WHERE token(id) <= token(?)"),
    ("id__token", PID, lambda: token(Product.id) == token(PID), "WHERE token(id) = token(?)"),
]


@pytest.mark.parametrize(("key", "value", "expression", "where"), CASES, ids=[c[0] for c in CASES])
def test_lookup_and_expression_are_equal(
    key: str, value: Any, expression: Any, where: str, snapshot: SnapshotAssertion
) -> None:
    by_lookup = QuerySetCore(Product).filter(**{key: value})
    by_expression = QuerySetCore(Product).filter(expression())
    assert by_lookup.select == by_expression.select
    a, b = by_lookup.compile(), by_expression.compile()
    assert (a.cql, a.params, a.param_types) == (b.cql, b.params, b.param_types)
    assert a.cql.endswith(f" FROM shop.product {where}")  # the snapshot adds params and types
    assert markers(a) == len(a.params)
    assert show(a) == snapshot


def test_composite_token_lookup_and_expression() -> None:
    day = dt.date(2024, 5, 1)
    by_lookup = filter_predicate(Event, "tenant__token__gt", ("acme", day))
    by_expression = token(Event.tenant, Event.day) > token("acme", day)
    assert by_lookup == by_expression
    stmt = QuerySetCore(Event).filter(by_expression).compile()
    assert "WHERE token(tenant, day) > token(?, ?)" in stmt.cql
    assert stmt.params == ("acme", day)


def test_raw_token_bound_is_a_bigint_marker() -> None:
    p = token(Product.id) > -(2**63)
    assert isinstance(p, Comparison) and isinstance(p.left, Token)
    assert p.right == Bind(-(2**63), p.right.cql_type)
    assert p.right.cql_type is not None and p.right.cql_type.cql() == "bigint"
    stmt = QuerySetCore(Product).filter(p, token(Product.id) <= 2**63 - 1).compile()
    assert "token(id) > ? AND token(id) <= ?" in stmt.cql


def test_reversed_token_comparison_flips_the_operator() -> None:
    assert (token(PID) < token(Product.id)) == (token(Product.id) > token(PID))


def test_token_errors() -> None:
    with pytest.raises(InvalidValueError, match=r"Event\.tenant: .*needs 2 value"):
        _ = token(Event.tenant, Event.day) > token("acme")
    with pytest.raises(QueryError, match="partition key columns in order"):
        token(Event.day, Event.tenant)
    with pytest.raises(QueryError, match="partition key columns in order"):
        token(Product.name)
    with pytest.raises(QueryError, match="either model fields or values"):
        token(Product.id, 1)
    with pytest.raises(InvalidValueError, match="bigint range"):
        _ = token(Product.id) > 2**64
    with pytest.raises(InvalidValueError, match=r"Product\.id"):
        _ = token(Product.id) > "abc"
    with pytest.raises(InvalidLookupError, match="first partition key column"):
        filter_predicate(Event, "day__token__gt", ("a", dt.date(2024, 1, 1)))


def test_conjunction_flattens_and_keeps_order() -> None:
    p = (Product.price > 1) & (Product.price < 5) & Product.tags.contains("x")
    assert isinstance(p, And) and len(p.predicates) == 3
    stmt = QuerySetCore(Product).filter(p).allow_filtering().compile()
    assert "WHERE price > ? AND price < ? AND tags CONTAINS ?" in stmt.cql
    assert stmt.params == (1.0, 5.0, "x")


def test_timeuuid_functions_as_values() -> None:
    p: Predicate = Product.id > minTimeuuid(WHEN)
    q: Predicate = Product.id < maxTimeuuid(WHEN)
    stmt = QuerySetCore(Product).filter(p, q).allow_filtering().compile()
    assert "id > minTimeuuid(?) AND id < maxTimeuuid(?)" in stmt.cql
    assert stmt.params == (WHEN, WHEN)
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        minTimeuuid(dt.datetime(2024, 1, 1))


def test_nodes_and_expressions_refuse_truth_testing() -> None:
    with pytest.raises(TypeError, match="no truth value"):
        assert Product.price == 1
    with pytest.raises(TypeError, match="no truth value"):
        bool((Product.price > 1) & (Product.price < 3))
    with pytest.raises(TypeError, match="no truth value"):
        bool(token(Product.id))
    with pytest.raises(TypeError, match="no OR"):
        _ = (Product.price > 1) | (Product.price < 0)
    with pytest.raises(TypeError, match="no NOT"):
        _ = ~(Product.price > 1)


def test_fields_stay_hashable_and_compare_as_fields() -> None:
    fields = {Product.price: "p", Product.name: "n"}
    assert fields[Product.price] == "p"
    assert (Product.price == Product.price) is True
    assert (Product.price != Product.name) is True
    assert hash(Product.price) == hash(Product.price)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("price__contains", 1, r"Product\.price: contains needs a list, set or map"),
        ("tags__contains_key", "k", r"Product\.tags: contains_key needs a map"),
        ("price__like", "A%", r"Product\.price: like needs a text"),
        ("tags__gt", "a", r"Product\.tags: a non-frozen collection"),
        ("price__between", 1, r"Product\.price: unknown lookup __between"),
        ("id__token__ne", PID, r"Product\.id: unknown token lookup"),
    ],
)
def test_lookups_invalid_for_the_column_type(key: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidLookupError, match=message):
        QuerySetCore(Product).filter(**{key: value})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("price__gt", "cheap", r"Product\.price: expected a value for CQL type float"),
        ("id", "not-a-uuid", r"Product\.id: expected a value for CQL type uuid"),
        ("id__in", PID, r"Product\.id: in_\(\) needs a list"),
        ("id__in", "abc", r"Product\.id: in_\(\) needs a list"),
        ("tags__contains", 3, r"Product\.tags: expected a value for CQL type text"),
        ("price", None, r"Product\.price: None cannot be compared"),
        ("name__like", 3, r"Product\.name: like\(\) needs a str pattern"),
    ],
)
def test_wrong_values_are_refused_when_built(key: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        QuerySetCore(Product).filter(**{key: value})


def test_unknown_column() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.colour: no such column$"):
        QuerySetCore(Product).filter(colour="red")


def test_unknown_column_names_the_closest_attribute() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.nmae: .*\(did you mean name\?\)$"):
        QuerySetCore(Product).filter(nmae="Anvil")
    with pytest.raises(UnknownColumnError, match=r"Product\.tll: no such column$"):
        QuerySetCore(Product).filter(tll=3)  # write options are suggested to writes only


def test_comparing_two_columns_is_refused() -> None:
    with pytest.raises(QueryError, match="cannot compare with another column"):
        _ = Product.price > Product.stock


def test_operators_cover_every_comparison() -> None:
    ops = {c[2]().op for c in CASES if isinstance(c[2](), Comparison)}
    assert ops == set(Operator)


def test_a_predicate_on_another_models_column_is_refused() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.kind: no such column"):
        QuerySetCore(Product).filter(Event.kind == "x")


def test_lookups_reuse_the_models_fields() -> None:
    from coodie.query.lookups import field_for

    assert field_for(Product, "price") is Product.price
    assert filter_predicate(Product, "price", 2) == (Product.price == 2)
