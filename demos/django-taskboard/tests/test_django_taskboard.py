"""django-taskboard through Django's test client: auth in SQLite, tasks in Cassandra."""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO
from uuid import uuid4

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.settings")
os.environ["TASKBOARD_SQLITE"] = ":memory:"

import django

django.setup()

from demo_support import DatabaseConfig  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from taskboard.board.documents import Task, TaskCounter, TaskEvent  # noqa: E402
from taskboard.seeding import seed  # noqa: E402

call_command("migrate", verbosity=0)


@pytest.fixture
def cassandra(demo_database: DatabaseConfig) -> Iterator[str]:
    from coodie import sync

    sync.init_coodie(**demo_database.init_kwargs())
    out = StringIO()
    call_command("sync_cassandra", stdout=out)
    yield out.getvalue()


@pytest.fixture
def client(cassandra: str) -> Client:
    user_model = get_user_model()
    if not user_model.objects.filter(username="tess").exists():
        user_model.objects.create_user("tess", password="secret-pass")
    client = Client()
    assert client.login(username="tess", password="secret-pass")
    return client


def only_task() -> Task:
    (task,) = Task.find(board="main").all()
    return task


def test_sync_cassandra_command(cassandra: str) -> None:
    assert "CREATE TABLE IF NOT EXISTS taskboard_demo.task " in cassandra
    assert "ran 3 schema statements" in cassandra
    again = StringIO()
    call_command("sync_cassandra", stdout=again)
    assert "ran 0 schema statements" in again.getvalue()
    dry = StringIO()
    call_command("sync_cassandra", "--dry-run", stdout=dry)
    assert "would run 0" in dry.getvalue()


def test_login_required(cassandra: str) -> None:
    anonymous = Client()
    response = anonymous.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert anonymous.get("/login/").status_code == 200
    bad = anonymous.post("/login/", {"username": "tess", "password": "nope"})
    assert bad.status_code == 200 and "Wrong username or password" in bad.content.decode()


def test_create_move_and_history(client: Client) -> None:
    assert client.post("/tasks", {"title": "Write docs", "assignee": "ann"}).status_code == 302
    task = only_task()
    assert (task.status, task.created_by) == ("todo", "tess")
    assert client.post(f"/tasks/{task.id}/move", {"status": "doing"}).status_code == 302
    assert client.post(f"/tasks/{task.id}/move", {"status": "done"}).status_code == 302
    counters = {c.status: (c.tasks, c.moves) for c in TaskCounter.find(board="main")}
    assert counters == {"todo": (0, 0), "doing": (0, 1), "done": (1, 1)}
    events = client.get(f"/api/tasks/{task.id}/events").json()["events"]
    assert [e["detail"] for e in events] == ["doing → done", "todo → doing", "Write docs"]
    page = client.get(f"/tasks/{task.id}").content.decode()
    assert "todo → doing" in page and "Write docs" in page
    assert TaskEvent.find(task_id=task.id).count() == 3


def test_board_renders(client: Client) -> None:
    seed(6, quiet=True)
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Team board" in text and "To do" in text and "Done" in text
    assert text.count('<div class="card" style="margin:.5rem 0">') == 6
    total = sum(c.tasks for c in TaskCounter.find(board="main"))
    assert total == 6 == Task.find(board="main").count()


def test_errors(client: Client) -> None:
    assert client.post("/tasks", {"title": ""}).status_code == 400
    client.post("/tasks", {"title": "x"})
    task = only_task()
    assert client.post(f"/tasks/{task.id}/move", {"status": "lost"}).status_code == 400
    assert client.post(f"/tasks/{uuid4()}/move", {"status": "done"}).status_code == 404
    assert client.get(f"/tasks/{uuid4()}").status_code == 404
    assert client.get(f"/api/tasks/{uuid4()}/events").status_code == 404
    assert client.get("/tasks").status_code == 405
