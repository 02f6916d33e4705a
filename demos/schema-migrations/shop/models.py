"""The models as they are after every migration (``coodie schema-diff`` compares with them)."""

from __future__ import annotations

from typing import Annotated

from coodie.fields import ClusteringKey, PrimaryKey
from coodie.sync import Document


class Product(Document):
    id: Annotated[int, PrimaryKey()]
    name: str = ""
    category: str = ""
    price: str = ""
    cents: int | None = None

    class Settings:
        name = "products"


class ProductByCategory(Document):
    category: Annotated[str, PrimaryKey()]
    id: Annotated[int, ClusteringKey()]
    name: str = ""
    cents: int | None = None

    class Settings:
        name = "products_by_category"
