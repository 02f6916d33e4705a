"""polymorphic-cms through Flask's test client: one table, three classes."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from cms.app import create_app
from cms.models import Article, Content, Podcast, Video
from cms.seeding import seed
from demo_support import DatabaseConfig
from flask.testing import FlaskClient


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[FlaskClient]:
    yield create_app().test_client()


def publish(client: FlaskClient, **form: str) -> str:
    data = {"title": "T", "author": "Ann"}
    data.update(form)
    response = client.post("/content", data=data)
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def test_rows_come_back_as_their_class(client: FlaskClient) -> None:
    a = publish(client, kind="article", title="Read me", body="text", reading_minutes="4")
    v = publish(client, kind="video", title="Watch me", duration_seconds="125")
    p = publish(client, kind="podcast", title="Hear me", episode="7", guests="Bo, Cy")
    assert type(Content.get(id=a)) is Article and Content.get(id=a).reading_minutes == 4
    assert type(Content.get(id=v)) is Video
    assert Content.get(id=p).guests == ["Bo", "Cy"]
    assert {c.kind for c in Content.find()} == {"article", "video", "podcast"}
    assert [x.title for x in Video.find()] == ["Watch me"]  # WHERE kind = 'video'
    assert Podcast.find_one(id=a) is None  # an article is not a podcast
    feed = client.get("/").text
    assert "4 min read" in feed and "2:05 video" in feed and "Episode 7 with Bo, Cy" in feed
    detail = client.get(f"/content/{p}").text
    assert "<strong>Podcast</strong>" in detail


def test_kind_pages(client: FlaskClient) -> None:
    made = seed(12, quiet=True)
    for kind, count in made.items():
        page = client.get(f"/kind/{kind}")
        assert page.status_code == 200
        assert page.text.count('<div class="card">') == count
        assert "WHERE kind = ?" in page.text
    assert len(client.get("/api/content").get_json()) == 12


def test_errors(client: FlaskClient) -> None:
    assert client.get("/kind/comic").status_code == 404
    assert client.get(f"/content/{uuid4()}").status_code == 404
    assert (
        client.post("/content", data={"kind": "comic", "title": "x", "author": "y"}).status_code
        == 400
    )
    bad_url = {"kind": "video", "title": "x", "author": "y", "url": "ftp://nope"}
    response = client.post("/content", data=bad_url)
    assert response.status_code == 400 and "url" in response.text
    assert (
        client.post("/content", data={"kind": "article", "title": "", "author": "y"}).status_code
        == 400
    )
    assert Content.find().count() == 0
