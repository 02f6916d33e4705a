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
