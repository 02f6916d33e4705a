"""Static typing of the query surface, checked by mypy and pyright (and run by pytest).

Type checkers see ``Product.price`` as the field's Python type (``float``), so
``Product.price > 10`` is typed ``bool``; ``filter()`` accepts ``Predicate | bool``
so such expressions need no ``# type: ignore`` (a real bool is refused at runtime).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from uuid import UUID, uuid4

from typing_extensions import assert_type

from coodie.ast import Batch, Comparison, Delete, Insert, Select, Update
from coodie.ast.terms import FunctionCall
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.fields import PrimaryKey, Vector, VectorIndex
from coodie.functions import (
    count,
    similarity_cosine,
    similarity_dot_product,
    similarity_euclidean,
    token,
    writetime,
)
from coodie.model.document import DocumentCore
from coodie.query.queryset import QuerySetCore
from coodie.query.writes import delete_statement, insert_statement, update_statement

M = TypeVar("M")


class Product(DocumentCore):
    id: Annotated[UUID, PrimaryKey()]
    name: str = ""
    price: float = 0.0

    class Settings:
        keyspace = "shop"


class MyQuerySet(QuerySetCore[M]):
    """What coodie.sync / coodie.aio do: add terminal methods on top."""

    def first_cql(self) -> str:
        return self.limit(1).compile().cql


def test_chains_keep_their_type() -> None:
    qs = QuerySetCore(Product)
    assert_type(qs, QuerySetCore[Product])
    chained = qs.filter(Product.price > 10, name="x").order_by().limit(5).allow_filtering()
    assert_type(chained, QuerySetCore[Product])
    assert_type(
        qs.only("name").fetch_size(10).consistency("ONE").timeout(1.0), QuerySetCore[Product]
    )
    assert_type(qs.values_list("name", flat=True), QuerySetCore[Any])
    assert_type(qs.values_list("name", "price"), QuerySetCore[tuple[Any, ...]])
    sub = MyQuerySet(Product).filter(Product.id == uuid4()).ttl(5).using(timeout=2.0)
    assert_type(sub, MyQuerySet[Product])
    assert sub.first_cql().endswith("LIMIT ?")


def test_compiled_types() -> None:
    qs = QuerySetCore(Product).filter(id=uuid4())
    assert_type(qs.compile(), CompiledStatement)
    assert_type(qs.select, Select)
    assert_type(qs.count_statement(), Select)
    assert_type(qs.update_statement(price=1.0), Update)
    assert_type(qs.delete_statement(), Delete)
    assert_type(compile(qs.select), CompiledStatement)
    doc = Product(id=uuid4())
    insert = insert_statement(doc)
    assert_type(insert, Insert)
    assert_type(update_statement(Product, {"id": doc.id}, price=2.0), Update)
    assert_type(delete_statement(doc), Delete)
    assert_type(compile(Batch((insert,))), CompiledBatch)


def test_expressions_are_usable_without_ignores() -> None:
    p = Product.price > 10  # typed bool by checkers, a Comparison at runtime
    assert_type(p, bool)
    assert isinstance(p, Comparison)
    assert_type(token(Product.id) > token(uuid4()), Comparison)
    qs = QuerySetCore(Product).filter(p, Product.name == "x").values_list(writetime(Product.price))
    assert qs.compile().result_columns == ("writetime(price)",)
    assert_type(QuerySetCore(Product).aggregate_statement(n=count()), Select)


class Embedded(DocumentCore):
    id: Annotated[int, PrimaryKey()]
    embedding: Annotated[list[float], Vector(2), VectorIndex("EUCLIDEAN")] = [0.0, 0.0]

    class Settings:
        keyspace = "shop"


def test_vector_search_is_typed() -> None:
    q = [0.5, 0.5]
    score = similarity_cosine(Embedded.embedding, q)
    assert_type(score, FunctionCall)
    assert_type(similarity_euclidean(Embedded.embedding, (1.0, 2.0)), FunctionCall)
    assert_type(similarity_dot_product(Embedded.embedding, q), FunctionCall)
    qs = QuerySetCore(Embedded).order_by_ann(Embedded.embedding, q).limit(3)
    assert_type(qs, QuerySetCore[Embedded])
    assert_type(qs.values_list("id", score), QuerySetCore[tuple[Any, ...]])
    assert qs.values_list("id", score).compile().result_columns == (
        "id",
        "similarity_cosine(embedding, ?)",
    )


def test_with_score_is_typed() -> None:
    q = [0.5, 0.5]
    qs = QuerySetCore(Embedded).order_by_ann(Embedded.embedding, q).limit(3)
    scored = qs.with_score(similarity_euclidean(Embedded.embedding, q))
    assert_type(scored, QuerySetCore[tuple[Embedded, float]])
    assert scored.compile().result_columns == (
        "id",
        "embedding",
        "similarity_euclidean(embedding, ?)",
    )
