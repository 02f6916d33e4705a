"""order_by_ann and the similarity selectors: CQL text, bound vectors, errors before I/O."""

from __future__ import annotations

import asyncio
from typing import Annotated

import pytest

import coodie.aio
import coodie.sync
from coodie import PrimaryKey, Vector, VectorIndex
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import InvalidLookupError, InvalidValueError, QueryError
from coodie.functions import similarity_cosine, similarity_dot_product, similarity_euclidean

Q = [0.5, 0.25, 1.0]


class Product(coodie.sync.Document):
    id: Annotated[int, PrimaryKey()]
    name: str = ""
    embedding: Annotated[list[float], Vector(3), VectorIndex()] = [0.0, 0.0, 0.0]

    class Settings:
        name = "product"
        keyspace = "shop"


class AsyncProduct(coodie.aio.Document):
    id: Annotated[int, PrimaryKey()]
    embedding: Annotated[list[float], Vector(3), VectorIndex()] = [0.0, 0.0, 0.0]

    class Settings:
        name = "product"
        keyspace = "shop"


def test_ann_ordering_binds_the_vector_and_the_limit() -> None:
    for column in (Product.embedding, "embedding"):
        compiled = Product.find().order_by_ann(column, Q).limit(3).compile()
        assert compiled.cql == (
            "SELECT id, name, embedding FROM shop.product ORDER BY embedding ANN OF ? LIMIT ?"
        )
        assert compiled.params == (Q, 3)


def test_ann_ordering_with_a_partition_restriction() -> None:
    compiled = Product.find(id=7).order_by_ann(Product.embedding, (1, 2, 3)).limit(1).compile()
    assert compiled.cql == (
        "SELECT id, name, embedding FROM shop.product WHERE id = ? ORDER BY embedding ANN OF ? "
        "LIMIT ?"
    )
    assert compiled.params == (7, [1.0, 2.0, 3.0], 1)


def test_similarity_selectors_read_a_score_with_the_row() -> None:
    qs = Product.find().values_list(
        "name",
        similarity_cosine(Product.embedding, Q),
        similarity_euclidean(Product.embedding, Q),
        similarity_dot_product(Product.embedding, Q),
    )
    compiled = qs.order_by_ann(Product.embedding, Q).limit(2).compile()
    assert compiled.cql == (
        "SELECT name, similarity_cosine(embedding, ?), similarity_euclidean(embedding, ?), "
        "similarity_dot_product(embedding, ?) FROM shop.product ORDER BY embedding ANN OF ? "
        "LIMIT ?"
    )
    assert compiled.params == (Q, Q, Q, Q, 2)


def test_a_wrong_dimension_names_model_field_and_sizes() -> None:
    with pytest.raises(InvalidValueError) as info:
        Product.find().order_by_ann(Product.embedding, [1.0, 2.0])
    assert str(info.value) == (
        "Product.embedding: order_by_ann(): expected a vector of 3 dimensions, got 2"
    )
    with pytest.raises(InvalidValueError, match=r"similarity_cosine\(\): expected .* got 4"):
        similarity_cosine(Product.embedding, [1, 2, 3, 4])
    with pytest.raises(InvalidValueError, match="needs a vector of 3 numbers, got 'abc'"):
        Product.find().order_by_ann("embedding", "abc")


def test_ann_needs_a_vector_column() -> None:
    with pytest.raises(InvalidLookupError, match=r"Product.name: order_by_ann\(\) needs a vector"):
        Product.find().order_by_ann(Product.name, Q)
    with pytest.raises(InvalidLookupError, match=r"similarity_euclidean\(\) needs a vector"):
        similarity_euclidean(Product.name, Q)
    with pytest.raises(QueryError, match="needs a field of Product"):
        Product.find().order_by_ann(AsyncProduct.embedding, Q)


def test_running_ann_without_a_limit_fails_before_io(driver: RecordingDriver) -> None:
    qs = Product.find().order_by_ann(Product.embedding, Q)
    with pytest.raises(QueryError) as info:
        qs.all()
    assert str(info.value) == (
        "Product.embedding: order_by_ann() needs a limit(): the number of nearest rows to return"
    )
    with pytest.raises(QueryError, match="needs a limit"):
        asyncio.run(AsyncProduct.find().order_by_ann("embedding", Q).all())
    assert driver.statements == []
    qs.first()  # first() reads one row: LIMIT 1 is the limit
    assert driver.statements == [
        "SELECT id, name, embedding FROM shop.product ORDER BY embedding ANN OF ? LIMIT ?"
    ]


def test_with_score_selects_the_columns_then_the_score() -> None:
    scored = Product.find().only("id").with_score(similarity_dot_product(Product.embedding, Q))
    assert scored.compile().cql == (
        "SELECT id, similarity_dot_product(embedding, ?) FROM shop.product"
    )
    assert scored.compile().params == (Q,)
    with pytest.raises(QueryError, match="values_list\\(\\) cannot follow with_score"):
        scored.values_list("id")
    with pytest.raises(QueryError, match="distinct\\(\\) cannot follow with_score"):
        scored.distinct()
    with pytest.raises(QueryError, match="needs a similarity selector"):
        Product.find().with_score(Product.embedding)  # type: ignore[arg-type]


def test_zero_vectors_the_cosine_index_refuses_fail_before_io(driver: RecordingDriver) -> None:
    zero = [0.0, 0.0, 0.0]
    refusal = "Product.embedding: a zero vector cannot be indexed by the cosine vector index"
    with pytest.raises(InvalidValueError, match=refusal):
        Product.find().order_by_ann(Product.embedding, zero)
    with pytest.raises(InvalidValueError, match="component 0 is inf"):
        Product.find().order_by_ann(Product.embedding, [float("inf"), 0.0, 0.0])
    with pytest.raises(InvalidValueError, match="component 2 is 1e\\+18"):
        Product(id=1, embedding=[1.0, 0.0, 1e18]).save()
    with pytest.raises(InvalidValueError, match=refusal):
        Product(id=1).save()  # the default is the zero vector
    with pytest.raises(InvalidValueError, match=refusal):
        asyncio.run(AsyncProduct(id=1, embedding=zero).save())
    assert driver.statements == []
    # the other similarity selectors take a zero vector; the cosine one is undefined
    euclidean = Product.find().values_list(similarity_euclidean(Product.embedding, zero))
    assert euclidean.compile().params == (zero,)
    with pytest.raises(InvalidValueError, match="similarity_cosine\\(\\) of a zero vector"):
        similarity_cosine(Product.embedding, zero)
