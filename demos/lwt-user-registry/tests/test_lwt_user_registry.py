"""lwt-user-registry through FastAPI's TestClient: uniqueness and optimistic locking by LWT."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from demo_support import DatabaseConfig
from fastapi.testclient import TestClient
from registry.app import app
from registry.seeding import seed


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def register(client: TestClient, username: str, email: str) -> object:
    return client.post("/api/users", json={"username": username, "email": email})


def test_usernames_and_emails_are_unique(client: TestClient) -> None:
    assert register(client, "ann", "ann@example.com").status_code == 201
    taken = register(client, "ann", "other@example.com")
    assert taken.status_code == 409
    assert taken.json()["detail"]["field"] == "username"
    # the email claimed on the way was released again
    assert register(client, "bob", "other@example.com").status_code == 201
    dup_email = register(client, "cyd", "ANN@example.com")
    assert dup_email.status_code == 409
    assert dup_email.json()["detail"] == {
        **dup_email.json()["detail"],
        "field": "email",
        "owner": "ann",
    }
    assert client.get("/api/users/cyd").status_code == 404
    assert client.get("/api/users/ann").json()["email"] == "ann@example.com"


def test_optimistic_locking(client: TestClient) -> None:
    register(client, "dov", "dov@example.com")
    first = client.patch("/api/users/dov", json={"version": 1, "bio": "hello"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch("/api/users/dov", json={"version": 1, "bio": "overwrite"})
    assert stale.status_code == 409
    assert stale.json()["detail"]["current_version"] == 2
    assert client.get("/api/users/dov").json()["bio"] == "hello"


def test_change_email_and_remove(client: TestClient) -> None:
    register(client, "eli", "eli@example.com")
    register(client, "fay", "fay@example.com")
    assert client.put("/api/users/eli/email", json={"email": "fay@example.com"}).status_code == 409
    moved = client.put("/api/users/eli/email", json={"email": "eli@new.org"})
    assert moved.status_code == 200 and moved.json()["email"] == "eli@new.org"
    assert register(client, "gus", "eli@example.com").status_code == 201  # old email freed
    assert client.delete("/api/users/eli").status_code == 204
    assert client.delete("/api/users/eli").status_code == 404
    assert register(client, "hal", "eli@new.org").status_code == 201


def test_bad_input(client: TestClient) -> None:
    assert register(client, "No Spaces", "x@example.com").status_code == 422
    assert register(client, "ivy", "not-an-email").status_code == 422
    assert client.patch("/api/users/nobody", json={"version": 1}).status_code == 404
    assert client.put("/api/users/nobody/email", json={"email": "a@b.co"}).status_code == 404


def test_page_shows_outcomes(client: TestClient) -> None:
    applied, refused = client.portal.call(partial(seed, 6, quiet=True))
    assert applied + refused == 6 and applied >= 1
    ok = client.post("/register", data={"username": "jon", "email": "jon@example.com"})
    assert ok.status_code == 201 and "Applied" in ok.text and "IF NOT EXISTS" in ok.text
    again = client.post("/register", data={"username": "jon", "email": "jon2@example.com"})
    assert again.status_code == 409 and "Not applied" in again.text
    assert "existing row" in again.text and "jon@example.com" in again.text
    bad = client.post("/register", data={"username": "x", "email": "y"})
    assert bad.status_code == 422
    assert client.get("/").text.count('class="card"') >= applied + 1
