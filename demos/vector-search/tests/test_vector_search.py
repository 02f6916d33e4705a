"""vector-search through FastAPI's TestClient: ANN top-k, scores, similar products, errors."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from demo_support import DatabaseConfig
from fastapi.testclient import TestClient
from vsearch.app import app
from vsearch.catalog import make_product
from vsearch.embedding import embed, similarity
from vsearch.models import Product
from vsearch.seeding import seed

from coodie.functions import similarity_cosine


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[TestClient]:
    with TestClient(app) as client:
        assert client.portal.call(partial(seed, 36, quiet=True)) == 36
        yield client


def add(client: TestClient, id: str, name: str, category: str, description: str) -> None:
    """Save one product of known text, embedded as the seed embeds its products."""
    client.portal.call(make_product(id, name, category, description, 10.0).save)


def test_search_returns_top_k_nearest_with_scores(client: TestClient) -> None:
    add(client, "probe-lamp", "Reading lamp", "lighting", "A dimmable lamp for the reading corner.")
    hits = client.get("/api/search", params={"q": "dimmable reading lamp", "k": 5}).json()
    assert len(hits) == 5
    assert hits[0]["product"]["id"] == "probe-lamp"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    # The score is the cosine similarity of the stored vector, as the ANN query ranked it.
    query = embed("dimmable reading lamp")
    top = hits[0]["product"]
    assert hits[0]["score"] == pytest.approx(similarity(query, top["embedding"]), abs=1e-4)
    # ... and the database's own similarity_cosine gives the same scores, in the same order.
    ann = Product.find().order_by_ann("embedding", query).limit(5)
    scored = ann.values_list("id", similarity_cosine(Product.embedding, query))
    rows = client.portal.call(scored.all)
    assert [r[0] for r in rows] == [h["product"]["id"] for h in hits]
    assert [h["score"] for h in hits] == pytest.approx([r[1] for r in rows], abs=1e-4)
    # Every product not returned is no nearer than the last hit (exact top-k on 37 rows).
    everything = client.get("/api/search", params={"q": "dimmable reading lamp", "k": 50}).json()
    assert len(everything) == 37 and everything[:5] == hits
    assert client.get("/api/search?q=lamp&k=1").json()[0]["product"]["category"] == "lighting"


def test_similar_products(client: TestClient) -> None:
    add(
        client,
        "probe-tent",
        "Ultralight tent",
        "outdoor",
        "An ultralight tent for mountain camping.",
    )
    similar = client.get("/api/products/probe-tent/similar?k=4").json()
    assert len(similar) == 4 and "probe-tent" not in {h["product"]["id"] for h in similar}
    assert similar[0]["product"]["category"] == "outdoor"
    page = client.get("/products/probe-tent")
    assert page.status_code == 200
    assert "Ultralight tent" in page.text and "Similar products" in page.text
    assert page.text.count('class="card"') == 6 and "similarity <strong>" in page.text


def test_search_page(client: TestClient) -> None:
    page = client.get("/", params={"q": "noise-cancelling headphones", "k": 4})
    assert page.status_code == 200 and page.text.count('class="card"') == 4
    assert "ANN OF ?" in page.text and "audio" in page.text
    assert client.get("/").status_code == 200
    assert client.get("/", params={"q": "?!"}).status_code == 422


def test_errors(client: TestClient) -> None:
    assert client.get("/api/products/nope").status_code == 404
    assert client.get("/api/products/nope/similar").status_code == 404
    assert client.get("/products/nope").status_code == 404
    assert client.get("/api/search?q=").status_code == 422
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=...").status_code == 422  # no word: nothing to embed
    assert client.get("/api/search?q=lamp&k=0").status_code == 422
    assert client.get("/api/search?q=lamp&k=51").status_code == 422
    assert client.get("/api/products/kitchen-000").json()["category"] == "kitchen"
