"""What users get from the public API, checked by mypy and pyright with ``assert_type``.

The functions below are type-checked, never called: running them would need a database.
pytest imports this module, so the models at least must define cleanly.

Filters written as ``Product.price > 10`` type-check without ignores: checkers see
``Product.price`` as the field's type (``float``), so ``find()`` accepts
``Predicate | bool`` and coodie rejects a real ``bool`` at run time.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from typing_extensions import assert_type

import coodie.aio
import coodie.sync
from coodie import PrimaryKey, Vector, VectorIndex
from coodie.executor.results import LWTResult, PagedResult
from coodie.functions import similarity_cosine
from coodie.model.routing import ModelRoute


class Product(coodie.sync.Document):
    id: Annotated[UUID, PrimaryKey()]
    name: str = ""
    price: float = 0.0

    class Settings:
        keyspace = "typing"


class AsyncProduct(coodie.aio.Document):
    id: Annotated[UUID, PrimaryKey()]
    price: float = 0.0

    class Settings:
        keyspace = "typing"


class Item(coodie.sync.Document):
    id: Annotated[int, PrimaryKey()]
    embedding: Annotated[list[float], Vector(2), VectorIndex()] = [1.0, 0.0]

    class Settings:
        keyspace = "typing"


class AsyncItem(coodie.aio.Document):
    id: Annotated[int, PrimaryKey()]
    embedding: Annotated[list[float], Vector(2), VectorIndex()] = [1.0, 0.0]

    class Settings:
        keyspace = "typing"


def scores(q: list[float]) -> None:
    nearest = Item.find().order_by_ann(Item.embedding, q).limit(3)
    scored = nearest.with_score(similarity_cosine(Item.embedding, q)).all()
    assert_type(scored, list[tuple[Item, float]])
    for item, score in nearest.with_score(similarity_cosine(Item.embedding, q)):
        assert_type(item, Item)
        assert_type(score, float)


async def async_scores(q: list[float]) -> None:
    nearest = AsyncItem.find().order_by_ann(AsyncItem.embedding, q).limit(3)
    scored = await nearest.with_score(similarity_cosine(AsyncItem.embedding, q)).all()
    assert_type(scored, list[tuple[AsyncItem, float]])


def sync_api(pid: UUID) -> None:
    assert_type(Product.get(id=pid), Product)
    assert_type(Product.get(Product.id == pid), Product)
    assert_type(Product.find_one(id=pid), Product | None)
    assert_type(Product.find(Product.price > 10).all(), list[Product])
    assert_type(Product.find(price__gt=10).limit(5).all(), list[Product])
    assert_type(Product.find().first(), Product | None)
    assert_type(Product.find().count(), int)
    assert_type(Product.find().paged_all(), PagedResult[Product])
    assert_type(Product.create(id=pid), Product)
    assert_type(Product(id=pid).insert(), LWTResult[Product])
    doc = Product(id=pid)
    assert_type(doc.update(price=2.0), Product)
    assert_type(doc.update(price=2.0, ttl=60, batch=coodie.sync.BatchQuery()), Product)
    assert_type(doc.update(price=2.0, if_exists=True), LWTResult[Product])
    assert_type(doc.update(price=2.0, if_conditions={"price": 1.0}), LWTResult[Product])
    conditional: bool = pid.int % 2 == 0
    assert_type(doc.update(price=2.0, if_exists=conditional), Product | LWTResult[Product] | None)
    assert_type(doc.delete(if_exists=True), LWTResult[Product] | None)
    assert_type(Product.find(id=pid).update(price=2.0), LWTResult[Product] | None)
    assert_type(doc.using(keyspace="tenant_1"), Product)
    names = Product.find().values_list("name", flat=True).all()
    assert_type(names, list[Any])
    assert_type(Product.find().values_list("name", "price").all(), list[tuple[Any, ...]])
    assert_type(doc.using(keyspace="tenant_1").save(), Product)
    assert_type(doc.using(keyspace="tenant_1").refresh(), Product)
    assert_type(Product.using(connection="other"), ModelRoute[Product])
    for product in Product.find(Product.price >= 1.5):
        assert_type(product, Product)


async def async_api(pid: UUID) -> None:
    assert_type(await AsyncProduct.get(id=pid), AsyncProduct)
    assert_type(await AsyncProduct.find(AsyncProduct.price > 10).all(), list[AsyncProduct])
    assert_type(await AsyncProduct.find_one(id=pid), AsyncProduct | None)
    assert_type(await AsyncProduct.find().count(), int)
    assert_type(await AsyncProduct(id=pid).insert(), LWTResult[AsyncProduct])
    doc = AsyncProduct(id=pid)
    assert_type(await doc.update(price=2.0), AsyncProduct)
    assert_type(await doc.update(price=2.0, if_exists=True), LWTResult[AsyncProduct])
    assert_type(await doc.update(price=2.0, if_conditions={"price": 1}), LWTResult[AsyncProduct])
    assert_type(await doc.refresh(), AsyncProduct)
    prices = await AsyncProduct.find().values_list("price", flat=True).all()
    assert_type(prices, list[Any])
    async for product in AsyncProduct.find():
        assert_type(product, AsyncProduct)


def test_models_define_with_their_schema() -> None:
    assert Product.__schema__.primary_key == ("id",)
    assert AsyncProduct.__schema__.keyspace == "typing"
