"""Connect a demo to its database and create its schema (idempotent), sync or async.

>>> cfg = connect("doctest_notes", [], config=DatabaseConfig("embedded"))
>>> cfg.describe()
'embedded engine, in memory'
>>> disconnect()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coodie import aio, sync
from demo_support.config import DatabaseConfig, database_config

created_keyspaces: set[str] = set()
"""Keyspaces the demos created in this process (the test fixture drops them on a cluster)."""


def _config(demo_dir: Path | None, config: DatabaseConfig | None) -> DatabaseConfig:
    if config is not None:
        return config
    if demo_dir is None:
        raise ValueError("connect() needs demo_dir= or config=")
    return database_config(demo_dir)


def connect(
    keyspace: str,
    models: Iterable[Any],
    *,
    demo_dir: Path | None = None,
    config: DatabaseConfig | None = None,
) -> DatabaseConfig:
    """``init_coodie`` + ``create_keyspace`` + ``sync_table`` of each model (coodie.sync)."""
    cfg = _config(demo_dir, config)
    sync.init_coodie(**cfg.init_kwargs())
    sync.create_keyspace(keyspace, replication_factor=1)
    created_keyspaces.add(keyspace)
    for model in models:
        model.sync_table()
    return cfg


async def connect_async(
    keyspace: str,
    models: Iterable[Any],
    *,
    demo_dir: Path | None = None,
    config: DatabaseConfig | None = None,
) -> DatabaseConfig:
    """The same as :func:`connect` for ``coodie.aio`` models (awaited)."""
    cfg = _config(demo_dir, config)
    await aio.init_coodie(**cfg.init_kwargs())
    await aio.create_keyspace(keyspace, replication_factor=1)
    created_keyspaces.add(keyspace)
    for model in models:
        await model.sync_table()
    return cfg


def disconnect() -> None:
    """Close every connection (the embedded engine flushes nothing more: writes are logged)."""
    sync.shutdown()


async def disconnect_async() -> None:
    """Close every connection from async code."""
    await aio.shutdown()
