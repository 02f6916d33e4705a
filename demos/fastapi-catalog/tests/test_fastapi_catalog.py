"""fastapi-catalog through FastAPI's TestClient (lifespan connects and closes coodie.aio)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from uuid import uuid4

import pytest
from catalog.app import app
from catalog.seeding import seed
from demo_support import DatabaseConfig
from fastapi.testclient import TestClient


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def new_product(client: TestClient, **overrides: object) -> dict:
    body = {"name": "Desk lamp", "brand": "Lumen", "category": "desk", "price": 39.9}
    body.update(overrides)
    response = client.post("/api/products", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_seeded_catalog_renders_and_pages(client: TestClient) -> None:
    written = client.portal.call(partial(seed, 20, quiet=True))
    assert written >= 24  # 4 categories + 20 products + their reviews
    page = client.get("/")
    assert page.status_code == 200
    assert "Product catalog" in page.text and "Desk &amp; office" in page.text
    assert page.text.count('class="card"') == 12
    assert "Next page" in page.text

    seen: list[str] = []
    token = None
    for _ in range(10):
        body = client.get(
            "/api/products", params={"size": 7, "page": token} if token else {"size": 7}
        ).json()
        seen += [p["id"] for p in body["items"]]
        token = body["next_page"]
        if token is None:
            break
    assert len(seen) == len(set(seen)) == 20


def test_search_by_brand_uses_the_index(client: TestClient) -> None:
    new_product(client, brand="Acme", name="Anvil")
    new_product(client, brand="Acme", name="Rocket")
    new_product(client, brand="Nordic", name="Sled")
    names = {p["name"] for p in client.get("/api/products?brand=Acme").json()["items"]}
    assert names == {"Anvil", "Rocket"}
    page = client.get("/?brand=Nordic")
    assert "Sled" in page.text and "Anvil" not in page.text


def test_create_read_and_errors(client: TestClient) -> None:
    created = new_product(client, tags=["light", "home"])
    got = client.get(f"/api/products/{created['id']}")
    assert got.status_code == 200
    assert got.json()["version"] == 1 and got.json()["price"] == 39.9
    assert {k: v for k, v in got.json().items() if k != "tags"} == {
        k: v for k, v in created.items() if k != "tags"
    }
    assert sorted(got.json()["tags"]) == sorted(created["tags"]) == ["home", "light"]
    assert client.get(f"/api/products/{uuid4()}").status_code == 404
    assert client.get("/api/products/not-a-uuid").status_code == 422
    bad = client.post(
        "/api/products", json={"name": "", "brand": "x", "category": "y", "price": -1}
    )
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} == {"name", "price"}
    assert client.get("/api/products?page=%%%").status_code == 400
    assert client.get("/api/products?page=AAAA").status_code == 400  # base64, not a state


def test_optimistic_update_with_lwt(client: TestClient) -> None:
    product = new_product(client)
    url = f"/api/products/{product['id']}"
    first = client.patch(url, json={"version": 1, "price": 35.0})
    assert first.status_code == 200
    assert (first.json()["price"], first.json()["version"]) == (35.0, 2)
    stale = client.patch(url, json={"version": 1, "price": 10.0})
    assert stale.status_code == 409
    assert stale.json()["detail"]["current_version"] == 2
    assert client.get(url).json()["price"] == 35.0
    assert client.patch(f"/api/products/{uuid4()}", json={"version": 1}).status_code == 404
    assert client.patch(url, json={"version": 2, "stock": -3}).status_code == 422


def test_reviews_newest_first(client: TestClient) -> None:
    product = new_product(client)
    url = f"/api/products/{product['id']}/reviews"
    for stars in (3, 5, 4):
        response = client.post(url, json={"author": "Ann", "stars": stars, "text": f"{stars}"})
        assert response.status_code == 201
    reviews = client.get(url).json()
    assert [r["stars"] for r in reviews] == [4, 5, 3]
    assert client.post(url, json={"author": "Ann", "stars": 6}).status_code == 422
    assert client.get(f"/api/products/{uuid4()}/reviews").status_code == 404
    assert (
        client.post(
            f"/api/products/{uuid4()}/reviews", json={"author": "A", "stars": 1}
        ).status_code
        == 404
    )


def test_review_form_and_product_page(client: TestClient) -> None:
    product = new_product(client, name="Kettle")
    form = {"author": "Bea", "stars": "5", "text": "boils fast"}
    posted = client.post(f"/products/{product['id']}/reviews", data=form, follow_redirects=False)
    assert posted.status_code == 303
    page = client.get(posted.headers["location"])
    assert page.status_code == 200
    assert "Kettle" in page.text and "boils fast" in page.text and "5.0 ★" in page.text
    bad = client.post(f"/products/{product['id']}/reviews", data={"author": "Bea", "stars": "9"})
    assert bad.status_code == 422 and "stars" in bad.text
    assert client.get(f"/products/{uuid4()}").status_code == 404
