"""The demos' database fixture, shared by every demo's tests (loaded by ``demos/conftest.py``).

``demo_database`` points the demo code (which reads :mod:`demo_support.config`) at:

* by default a fresh in-memory embedded engine;
* ``COODIE_TEST_TARGET=server`` (with ``COODIE_TEST_DRIVER``, ``scylla`` by default): a fresh
  ``coodie serve``-style server (:func:`coodie.testing.embedded_server`) reached through that
  driver over the CQL native protocol;
* ``COODIE_TEST_HOSTS=127.0.0.1:9042``: a real cluster; the keyspaces the test created are
  dropped afterwards.

Every connection is closed when the test ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from coodie import sync
from coodie.executor import connections
from demo_support import db
from demo_support.config import MEMORY, DatabaseConfig, database_config


def _drop_created(config: DatabaseConfig) -> None:
    sync.init_coodie(name="demo-cleanup", **config.init_kwargs())
    try:
        for keyspace in sorted(db.created_keyspaces):
            sync.execute_raw(f'DROP KEYSPACE IF EXISTS "{keyspace}"', connection="demo-cleanup")
    finally:
        sync.close("demo-cleanup")
    db.created_keyspaces.clear()


@pytest.fixture
def demo_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseConfig]:
    """Point the demos at a fresh database for one test; close every connection after it."""
    target = os.environ.get("COODIE_TEST_TARGET")
    driver = os.environ.get("COODIE_TEST_DRIVER", "scylla")
    hosts = os.environ.get("COODIE_TEST_HOSTS")
    monkeypatch.delenv("COODIE_HOSTS", raising=False)
    monkeypatch.setenv("COODIE_DATA", MEMORY)
    monkeypatch.setenv("COODIE_DRIVER", driver)
    db.created_keyspaces.clear()
    try:
        if target == "server":
            from coodie.testing import embedded_server

            with embedded_server() as server:
                monkeypatch.setenv("COODIE_HOSTS", server.contact_point)
                yield database_config(Path("."))
                connections.shutdown()
        elif hosts:
            monkeypatch.setenv("COODIE_HOSTS", hosts)
            config = database_config(Path("."))
            yield config
            connections.shutdown()
            _drop_created(config)
        else:
            yield database_config(Path("."))
    finally:
        connections.shutdown()


@pytest.fixture
def demo_database_on_disk(
    demo_database: DatabaseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> DatabaseConfig:
    """Like ``demo_database``, but the embedded engine keeps its data in a temporary folder, so
    it outlives a connection: for command-line demos that connect and close per command."""
    if demo_database.driver_type != "embedded":
        return demo_database
    monkeypatch.setenv("COODIE_DATA", str(tmp_path / "cql-data"))
    return database_config(Path("."))
