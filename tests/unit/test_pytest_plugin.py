"""The pytest plugin: declared as an entry point, and its fixtures work in a user's project."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself depends on tomli before 3.11
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]

USER_TESTS = """
import asyncio
from typing import Annotated
from uuid import UUID, uuid4

import pytest

import coodie.aio
from coodie import PrimaryKey
from coodie.executor.connections import connection_names
from coodie.sync import Document, UserType


class Point(UserType):
    x: int = 0


class Order(Document):
    id: Annotated[UUID, PrimaryKey()]
    total: int = 0
    at: Point | None = None


class Audit(Document):
    id: Annotated[UUID, PrimaryKey()]

    class Settings:
        keyspace = "audit"


class AsyncOrder(coodie.aio.Document):
    id: Annotated[UUID, PrimaryKey()]

    class Settings:
        name = "order"


def test_sync_on_request(coodie_db):
    coodie_db.sync(Point, Order, Audit)
    Order.create(id=uuid4(), total=3, at=Point(x=1))
    Audit.create(id=uuid4())
    assert Order.find().count() == 1 and Audit.find().count() == 1
    assert coodie_db.keyspace == "coodie_test"


def test_each_test_gets_a_fresh_engine(coodie_db):
    coodie_db.sync(Point, Order)
    assert Order.find().count() == 0


@pytest.mark.coodie_models(Point, Order)
def test_marker_syncs_and_async_models_share_it(coodie_db):
    Order.create(id=uuid4())

    async def count():
        return await AsyncOrder.find().count()

    assert asyncio.run(count()) == 1


class TestRenamed:
    @pytest.fixture
    def coodie_keyspace(self):
        return "renamed"

    def test_keyspace_fixture_renames(self, coodie_db):
        assert coodie_db.keyspace == "renamed"
        assert connection_names() == ["default"]  # the outer connections are hidden


def test_session_db(coodie_session_db):
    coodie_session_db.sync(Point, Order)
    Order.create(id=uuid4())
    assert Order.find().count() >= 1


def test_server(coodie_server):
    assert coodie_server.port > 0 and coodie_server.host == "127.0.0.1"
"""


def test_plugin_is_declared_as_an_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["pytest11"] == {"coodie": "coodie.pytest_plugin"}


def test_fixtures_work_in_a_project_without_conftest(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TESTS))
    installed = any(
        e.value == "coodie.pytest_plugin" for e in importlib.metadata.entry_points(group="pytest11")
    )
    # an editable install made before the entry point was added does not list it yet
    plugin = [] if installed else ["-p", "coodie.pytest_plugin"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 passed" in done.stdout
