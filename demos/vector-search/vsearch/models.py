"""A product with its embedding in a ``vector<float, 64>`` column and a COSINE vector index."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from coodie import Double, PrimaryKey, Vector, VectorIndex
from coodie.aio import Document
from vsearch import KEYSPACE
from vsearch.embedding import DIMENSIONS


class Product(Document):
    """``embedding``: the product's text embedded (:mod:`vsearch.embedding`), ANN-indexed."""

    id: Annotated[str, PrimaryKey()]
    name: str
    category: str
    description: str
    price: Annotated[float, Double(), Field(ge=0)]
    embedding: Annotated[list[float], Vector(DIMENSIONS), VectorIndex(similarity_function="COSINE")]

    class Settings:
        keyspace = KEYSPACE


MODELS = (Product,)
