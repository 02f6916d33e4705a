"""collections-tags through Flask's test client: every operator, frozen keys, errors."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from demo_support import DatabaseConfig
from flask.testing import FlaskClient
from tagging.app import create_app
from tagging.models import Article
from tagging.seeding import seed


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[FlaskClient]:
    yield create_app().test_client()


def create(client: FlaskClient, **form: str) -> str:
    data = {"title": "Sets", "tags": "a, b", "authors": "Ann, Bo", "meta": "lang=en"}
    data.update(form)
    response = client.post("/articles", data=data)
    assert response.status_code == 303, response.text
    return response.headers["Location"]


def apply(client: FlaskClient, url: str, operation: str, value: str, code: int = 200) -> str:
    response = client.post(f"{url}/apply", data={"operation": operation, "value": value})
    assert response.status_code == code, response.text
    return response.text


def stored(url: str) -> Article:
    return Article.get(id=url.rsplit("/", 1)[1])


def test_every_operator(client: FlaskClient) -> None:
    url = create(client)
    assert "SET tags = tags + ?" in apply(client, url, "add_tags", "c, a")
    apply(client, url, "remove_tags", "b")
    assert stored(url).tags == {"a", "c"}
    apply(client, url, "append_history", "x, y")
    assert "SET history = ? + history" in apply(client, url, "prepend_history", "first")
    apply(client, url, "set_history_item", "2=X")
    apply(client, url, "remove_history", "y")
    history = stored(url).history
    assert history[0] == "first" and history[2:] == ["X"] and history[1].endswith("created")
    apply(client, url, "put_meta", "level=easy, lang=fr")
    apply(client, url, "remove_meta", "level")
    assert stored(url).meta == {"lang": "fr"}
    page = client.get(url).text
    assert "frozen&lt;list&lt;text&gt;&gt;" in page and "lang = fr" in page


def test_frozen_list_as_key(client: FlaskClient) -> None:
    create(client, title="Duo", authors="Ann, Bo")
    create(client, title="Reversed", authors="Bo, Ann")
    page = client.get("/by-authors?authors=Ann,Bo")
    assert page.status_code == 200
    assert "Duo" in page.text and "Reversed" not in page.text  # a frozen list is compared whole
    assert client.get("/by-authors").status_code == 400


def test_tag_cloud_and_filter(client: FlaskClient) -> None:
    seed(5, quiet=True)
    create(client, title="Only mine", tags="unique-tag")
    page = client.get("/?tag=unique-tag")
    assert page.status_code == 200 and "Only mine" in page.text
    assert page.text.count('<div class="card"><h3>') == 1
    assert "#unique-tag (1)" in client.get("/").text


def test_errors(client: FlaskClient) -> None:
    url = create(client)
    assert client.get(f"/articles/{uuid4()}").status_code == 404
    assert client.get(f"/api/articles/{uuid4()}").status_code == 404
    assert client.get(url.replace("/articles/", "/api/articles/")).get_json()["tags"] == ["a", "b"]
    assert client.post(f"{url}/apply", data={"operation": "explode"}).status_code == 400
    assert "index=value" in apply(client, url, "set_history_item", "nope", 400)
    assert "key=value" in apply(client, url, "put_meta", "novalue", 400)
    apply(client, url, "set_history_item", "99=x", 400)  # the server refuses the index
    assert client.post("/articles", data={"title": ""}).status_code == 400
