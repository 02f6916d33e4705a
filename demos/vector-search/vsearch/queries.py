"""Semantic search: the query text embedded, then ``ORDER BY embedding ANN OF ? LIMIT k``."""

from __future__ import annotations

from pydantic import BaseModel

from vsearch.embedding import embed, similarity
from vsearch.models import Product

MAX_K = 50


class Hit(BaseModel):
    """A product and its similarity to the query (``similarity_cosine``: 0 to 1)."""

    product: Product
    score: float


def _hits(query: list[float], products: list[Product]) -> list[Hit]:
    return [Hit(product=p, score=round(similarity(query, p.embedding), 4)) for p in products]


async def nearest(vector: list[float], k: int) -> list[Product]:
    """The ``k`` products whose embeddings are nearest ``vector`` (the vector index's ANN)."""
    return await Product.find().order_by_ann("embedding", vector).limit(k).all()


async def search(text: str, k: int) -> list[Hit]:
    """The ``k`` products nearest the text, best first (``EmptyTextError`` for no word)."""
    query = embed(text)
    return _hits(query, await nearest(query, k))


async def similar(product: Product, k: int) -> list[Hit]:
    """The ``k`` products nearest ``product``, itself left out."""
    found = await nearest(product.embedding, k + 1)
    return _hits(product.embedding, [p for p in found if p.id != product.id][:k])
