"""ttl-sessions through Flask's test client: TTLs written, read back, and rows expiring."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from demo_support import DatabaseConfig
from flask.testing import FlaskClient
from ttlsessions import DEFAULT_TTL, REMEMBER_TTL
from ttlsessions.app import create_app
from ttlsessions.models import Session
from ttlsessions.seeding import seed
from ttlsessions.store import find_session, live_sessions, open_session


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[FlaskClient]:
    yield create_app().test_client()


def test_table_default_ttl_and_explicit_ttl(client: FlaskClient) -> None:
    assert Session.__schema__.default_ttl == DEFAULT_TTL
    assert client.post("/login", data={"username": "ann"}).status_code == 303  # table default
    remember = {"username": "bob", "lifetime": "remember"}
    assert client.post("/login", data=remember).status_code == 303  # USING TTL 30 days
    left = {s.session.username: s.seconds_left for s in live_sessions()}
    assert DEFAULT_TTL - 5 <= left["ann"] <= DEFAULT_TTL
    assert REMEMBER_TTL - 5 <= left["bob"] <= REMEMBER_TTL
    me = client.get("/api/me").get_json()  # the cookie of the last login
    assert me["username"] == "bob" and me["seconds_left"] > DEFAULT_TTL


def test_page_shows_remaining_ttl(client: FlaskClient) -> None:
    seed(6, quiet=True)
    client.post("/login", data={"username": "carol", "lifetime": "20"})
    page = client.get("/")
    assert page.status_code == 200
    assert "Logged in as <strong>carol</strong>" in page.text
    assert page.text.count("<tr>") == 1 + len(live_sessions())
    assert client.get("/api/sessions").get_json()[0]["ttl"] <= 20  # soonest to expire first


def test_rows_expire(client: FlaskClient) -> None:
    short = open_session("dora", ttl_seconds=1)
    assert find_session(short.token) is not None
    deadline = time.monotonic() + 5
    while find_session(short.token) is not None and time.monotonic() < deadline:
        time.sleep(0.25)
    assert find_session(short.token) is None
    assert Session.find_one(token=short.token) is None
    client.set_cookie("session_token", short.token)
    assert client.get("/api/me").status_code == 401


def test_extend_and_logout(client: FlaskClient) -> None:
    session = open_session("erin", ttl_seconds=30)
    extended = client.post(f"/sessions/{session.token}/extend", data={"lifetime": "600"})
    assert extended.status_code == 303
    live = find_session(session.token)
    assert live is not None and 590 <= live.seconds_left <= 600
    assert client.post(f"/sessions/{session.token}/logout").status_code == 303
    assert find_session(session.token) is None
    assert client.post(f"/sessions/{session.token}/logout").status_code == 404
    assert client.post("/sessions/nope/extend").status_code == 404


def test_bad_input(client: FlaskClient) -> None:
    assert client.post("/login", data={"username": ""}).status_code == 400
    bad = client.post("/login", data={"username": "x", "lifetime": "forever"})
    assert bad.status_code == 400 and "invalid lifetime" in bad.text
    assert live_sessions() == []
