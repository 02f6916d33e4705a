"""Fixtures for engine unit tests: a session on a fresh engine with keyspace ``ks``."""

from __future__ import annotations

import pytest

from coodie.embedded import Engine, Session


@pytest.fixture
def session() -> Session:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("USE ks")
    return s
