"""realtime-counters through FastAPI's TestClient (coodie.aio counter tables)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from demo_support import DatabaseConfig
from fastapi.testclient import TestClient
from pageviews.app import app
from pageviews.seeding import seed


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def test_hits_increment_both_tables(client: TestClient) -> None:
    for expected in (1, 2, 3):
        response = client.post("/api/hit", params={"page": "/docs"})
        assert response.status_code == 200
        assert response.json() == {"page": "/docs", "views": expected, "likes": 0}
    stats = client.get("/api/stats").json()
    assert stats["total_views"] == 3
    assert stats["top_page_hours"][0]["views"] == 3


def test_likes_increment_and_decrement(client: TestClient) -> None:
    client.post("/api/hit", params={"page": "/"})
    assert client.post("/api/like", params={"page": "/"}).json()["likes"] == 1
    assert client.post("/api/like", params={"page": "/"}).json()["likes"] == 2
    assert client.post("/api/like", params={"page": "/", "delta": -1}).json()["likes"] == 1
    assert client.post("/api/like", params={"page": "/", "delta": 0}).status_code == 400
    assert client.post("/api/like", params={"page": "/", "delta": 5}).status_code == 422


def test_errors(client: TestClient) -> None:
    assert client.post("/api/hit", params={"page": "no-slash"}).status_code == 400
    assert client.post("/api/hit").status_code == 422
    assert client.get("/api/pages", params={"page": "/never"}).status_code == 404
    assert client.post("/api/like", params={"page": "/never"}).status_code == 404
    assert client.post("/api/simulate", params={"n": 0}).status_code == 422


def test_seeded_dashboard_and_simulation(client: TestClient) -> None:
    total = client.portal.call(partial(seed, 3, quiet=True))
    stats = client.get("/api/stats").json()
    assert stats["total_views"] == total > 0
    views = [p["views"] for p in stats["pages"]]
    assert views == sorted(views, reverse=True)
    hours = [h["hour"] for h in stats["top_page_hours"]]
    assert hours == sorted(hours, reverse=True) and len(hours) <= 3
    assert client.post("/api/simulate", params={"n": 40}).json() == {"hits": 40}
    assert client.get("/api/stats").json()["total_views"] == total + 40
    page = client.get("/")
    assert page.status_code == 200
    assert "Live analytics" in page.text and "<code>/</code>" in page.text
    assert "setInterval(refresh" in page.text
