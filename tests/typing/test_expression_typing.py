"""Method expressions type-check without ignores through ``col()`` (mypy and pyright).

Type checkers see ``Product.sku`` as a ``str``, so ``Product.sku.in_([...])`` is an error to
them; ``col(Product.sku)`` is the same runtime ``Field``, typed ``Field[str]``. Each expected
error below carries an ignore comment; both checkers report an ignore that is not needed
(mypy --strict: ``warn_unused_ignores``; pyright: the file setting below), so if a wrong
value type stopped being an error, the check fails. The tests also run: the predicates are
real, and ``find()``/``filter()`` compile them.
"""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import pytest
from typing_extensions import assert_type

import coodie.aio
import coodie.sync
from coodie import InvalidLookupError, InvalidValueError, PrimaryKey, col, minTimeuuid, token
from coodie.ast.predicates import And, Comparison, Contains, ContainsKey, In, IsNotNull, Like
from coodie.fields import ClusteringKey, TimeUUID
from coodie.query.expressions import Field


class Product(coodie.sync.Document):
    sku: Annotated[str, PrimaryKey()]
    price: Decimal = Decimal(0)
    stock: int = 0
    name: str = ""
    tags: set[str] = set()
    sizes: list[int] = []
    attrs: dict[str, float] = {}
    note: str | None = None
    labels: frozenset[str] | None = None

    class Settings:
        keyspace = "typing_expr"


class Event(coodie.aio.Document):
    source: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, TimeUUID(), ClusteringKey()]
    at: datetime.datetime | None = None

    class Settings:
        keyspace = "typing_expr"


def test_col_is_the_runtime_field() -> None:
    price = col(Product.price)
    assert_type(price, Field[Decimal])
    assert price is Product.__coodie_fields__["price"]
    assert_type(col(Product.note), Field[str])  # Optional fields lose their None
    with pytest.raises(TypeError, match=r"col\(\) takes a model class's column"):
        col(Product(sku="a").price)  # an instance's value, not a column


def test_method_expressions_are_typed() -> None:
    assert_type(col(Product.sku).in_(["a", "b"]), In)
    assert_type(col(Product.tags).contains("sale"), Contains)
    assert_type(col(Product.sizes).contains(3), Contains)
    assert_type(col(Product.labels).contains("x"), Contains)
    assert_type(col(Product.attrs).contains(1.5), Contains)  # a map's value
    assert_type(col(Product.attrs).contains_key("k"), ContainsKey)
    assert_type(col(Product.name).like("pe%"), Like)
    assert_type(col(Product.note).like("%x"), Like)
    assert_type(col(Product.name).is_not_null(), IsNotNull)


def test_comparisons_are_predicates() -> None:
    assert_type(col(Product.price) > Decimal(10), Comparison)
    assert_type(col(Product.stock) >= 1, Comparison)
    assert_type(col(Product.stock) < 5, Comparison)
    assert_type(col(Product.stock) <= 5, Comparison)
    assert_type(col(Product.sku) == "a", Comparison)
    assert_type(col(Product.sku) != "a", Comparison)
    both = (col(Product.stock) > 1) & (col(Product.stock) < 9)
    assert_type(both, And)
    assert_type(token(Product.sku) > token("a"), Comparison)
    new_year = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    assert_type(col(Event.id) > minTimeuuid(new_year), Comparison)


def test_find_and_filter_take_them() -> None:
    qs = Product.find(col(Product.sku).in_(["a", "b"])).filter(col(Product.tags).contains("x"))
    assert_type(qs, coodie.sync.QuerySet[Product])
    assert qs.compile().cql.endswith("WHERE sku IN ? AND tags CONTAINS ?")
    assert qs.compile().params == (["a", "b"], "x")
    aqs = Event.find(col(Event.source) == "s", col(Event.at).is_not_null())
    assert_type(aqs, coodie.aio.QuerySet[Event])
    assert aqs.compile().cql.endswith("WHERE source = ? AND at IS NOT NULL")


def test_wrong_value_types_are_errors() -> None:
    with pytest.raises(InvalidValueError, match=r"Product\.price"):
        col(Product.price).in_(["x"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match=r"Product\.stock"):
        _ = col(Product.stock) > "ten"  # type: ignore[operator]
    with pytest.raises(InvalidValueError, match=r"Product\.sizes"):
        col(Product.sizes).contains("3")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"Product\.attrs"):
        col(Product.attrs).contains_key(1)  # type: ignore[arg-type]
    with pytest.raises(InvalidLookupError, match=r"Product\.stock: contains needs"):
        col(Product.stock).contains(1)  # type: ignore[misc, call-overload]
    with pytest.raises(InvalidLookupError, match=r"Product\.price: like needs"):
        col(Product.price).like("1%")  # type: ignore[misc]
    with pytest.raises(InvalidLookupError, match=r"Product\.tags: contains_key needs"):
        col(Product.tags).contains_key("k")  # type: ignore[misc, arg-type]


def test_comparing_two_fields_stays_a_bool() -> None:
    same = col(Product.stock) == col(Product.stock)
    assert_type(same, bool)
    assert same is True
    assert (col(Product.stock) != col(Product.price)) is True
