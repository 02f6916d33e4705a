"""flask-blog through Flask's test client (coodie.sync)."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from blog.app import create_app
from blog.models import Post, PostViews
from blog.seeding import seed
from demo_support import DatabaseConfig
from flask.testing import FlaskClient


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[FlaskClient]:
    yield create_app().test_client()


def publish(client: FlaskClient, **form: str) -> str:
    data = {"title": "Hello", "author": "Ann", "body": "first post", "tags": "python, news"}
    data.update(form)
    response = client.post("/posts", data=data)
    assert response.status_code == 303, response.text
    return response.headers["Location"]


def test_seeded_blog_renders(client: FlaskClient) -> None:
    assert seed(8, quiet=True) == 8
    page = client.get("/")
    assert page.status_code == 200
    assert page.text.count('class="card"') == 8
    assert "#python" in page.text or "#cassandra" in page.text
    assert sum(v.views for v in PostViews.find()) > 0


def test_publish_read_and_count_views(client: FlaskClient) -> None:
    location = publish(client, title="Counting reads")
    for expected in (1, 2, 3):
        page = client.get(location)
        assert page.status_code == 200
        assert "Counting reads" in page.text and f"{expected} views" in page.text
    post_id = location.rsplit("/", 1)[1]
    api = client.get(f"/api/posts/{post_id}").get_json()
    assert api["views"] == 3 and api["tags"] == ["news", "python"]


def test_tags_filter_add_and_remove(client: FlaskClient) -> None:
    location = publish(client, title="Tagged", tags="python")
    publish(client, title="Other", tags="news")
    assert "Other" not in client.get("/?tag=python").text
    assert "Tagged" in client.get("/?tag=python").text
    post_id = location.rsplit("/", 1)[1]
    changed = client.post(f"{location}/tags", data={"add": "scylla, Data", "remove": "python"})
    assert changed.status_code == 303
    stored = Post.get(id=post_id)
    assert stored.tags == {"scylla", "data"}
    assert "Tagged" not in client.get("/?tag=python").text
    assert "Tagged" in client.get("/?tag=scylla").text
    assert client.post(f"{location}/tags", data={}).status_code == 400


def test_comments_newest_first(client: FlaskClient) -> None:
    location = publish(client)
    for text in ("first!", "second", "third"):
        assert (
            client.post(f"{location}/comments", data={"author": "Bo", "text": text}).status_code
            == 303
        )
    text = client.get(location).text
    assert text.index("third") < text.index("second") < text.index("first!")
    assert client.post(f"{location}/comments", data={"author": "Bo", "text": ""}).status_code == 400
    assert (
        client.post(f"/posts/{uuid4()}/comments", data={"author": "a", "text": "b"}).status_code
        == 404
    )


def test_errors_and_json_api(client: FlaskClient) -> None:
    bad_form = client.post("/posts", data={"title": "", "author": "Ann"})
    assert bad_form.status_code == 400 and "title" in bad_form.text
    assert client.get(f"/posts/{uuid4()}").status_code == 404
    assert client.get("/posts/not-a-uuid").status_code == 404
    missing = client.get(f"/api/posts/{uuid4()}")
    assert missing.status_code == 404 and "no post" in missing.get_json()["error"]
    created = client.post("/api/posts", json={"title": "API", "author": "Cy", "tags": ["x"]})
    assert created.status_code == 201
    assert created.get_json()["tags"] == ["x"]
    assert client.post("/api/posts", json={"title": "no author"}).status_code == 400
    assert client.post("/api/posts", data="nope").status_code == 400
    listed = client.get("/api/posts").get_json()
    assert [p["title"] for p in listed] == ["API"]
    assert client.get("/new").status_code == 200
