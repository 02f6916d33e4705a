"""materialized-views through Flask's test client: the view follows every base-table write."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from demo_support import DatabaseConfig
from flask.testing import FlaskClient
from mvcatalog import CATEGORIES
from mvcatalog.app import create_app
from mvcatalog.models import Product, ProductByCategory
from mvcatalog.seeding import seed


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[FlaskClient]:
    yield create_app().test_client()


def names(client: FlaskClient, category: str) -> list[str]:
    return [p["name"] for p in client.get(f"/api/categories/{category}").get_json()]


def test_view_follows_inserts_moves_and_deletes(client: FlaskClient) -> None:
    for name, price in (("Trowel", "12.5"), ("Hose", "30"), ("Rake", "8")):
        form = {"name": name, "price": price, "category": "garden"}
        assert client.post("/products", data=form).status_code == 303
    assert names(client, "garden") == ["Rake", "Trowel", "Hose"]  # cheapest first
    hose = Product.find().filter(name="Hose").allow_filtering().first()
    assert client.post(f"/products/{hose.id}/move", data={"category": "kitchen"}).status_code == 303
    assert names(client, "garden") == ["Rake", "Trowel"]
    assert names(client, "kitchen") == ["Hose"]
    assert ProductByCategory.get(category="kitchen", id=hose.id).price == 30.0
    assert client.post(f"/products/{hose.id}/delete").status_code == 303
    assert names(client, "kitchen") == []


def test_pages_render(client: FlaskClient) -> None:
    seed(15, quiet=True)
    home = client.get("/")
    assert home.status_code == 200 and "Shop by category" in home.text
    total = sum(ProductByCategory.find(category=c).count() for c in CATEGORIES)
    assert total == 15 == Product.find().count()
    page = client.get("/category/books")
    assert page.status_code == 200
    assert "FROM mv_demo.product_by_category WHERE category = ?" in page.text


def test_errors(client: FlaskClient) -> None:
    assert client.get("/category/weapons").status_code == 404
    assert client.get("/api/categories/weapons").status_code == 404
    assert client.post(f"/products/{uuid4()}/move", data={"category": "toys"}).status_code == 404
    bad_price = {"name": "x", "price": "cheap", "category": "toys"}
    assert client.post("/products", data=bad_price).status_code == 400
    bad_category = {"name": "x", "price": "1", "category": "weapons"}
    assert client.post("/products", data=bad_category).status_code == 400
    assert ProductByCategory.find(category="toys").count() == 0
