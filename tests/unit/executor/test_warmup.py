"""prepare_on_sync: sync_table() prepares the texts the hot paths then send (recording driver)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from uuid import UUID, uuid4

import pytest

import coodie.aio
import coodie.sync
from coodie.drivers.base import ExecutionOptions, ResultPage, Statement
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import DoesNotExist
from coodie.executor.connections import Connection, register_connection
from coodie.executor.warmup import hot_statements
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.testing import isolated_connections


class Item(coodie.sync.Document):
    id: Annotated[UUID, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    name: str = ""
    tags: list[str] = []

    class Settings:
        keyspace = "shop"
        name = "item"


class AsyncItem(coodie.aio.Document):
    id: Annotated[UUID, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    name: str = ""
    tags: list[str] = []

    class Settings:
        keyspace = "shop"
        name = "item"


def _keyspace_exists(statement: Statement, options: ExecutionOptions) -> ResultPage:
    """Answer the keyspace read of sync_table with keyspace "shop"; nothing else exists."""
    if "system_schema.keyspaces" in statement.cql:
        return ResultPage(("keyspace_name",), [("shop",)])
    return ResultPage((), ())


def _connect(prepare_on_sync: bool) -> RecordingDriver:
    driver = RecordingDriver(_keyspace_exists)
    register_connection(
        Connection("default", driver=driver, prepare_on_sync=prepare_on_sync), default=True
    )
    return driver


@pytest.fixture
def isolated() -> Iterator[None]:
    with isolated_connections():
        yield None


def test_hot_statements_are_the_texts_the_hot_paths_send(isolated: None) -> None:
    driver = _connect(prepare_on_sync=False)
    key = uuid4()
    with pytest.raises(DoesNotExist):
        Item.get(id=key, seq=1)
    doc = Item(id=key, seq=1, name="n", tags=["a"])
    doc.save()
    doc.delete()
    assert tuple(driver.statements) == hot_statements(Item)


def test_sync_table_prepares_them_with_prepare_on_sync(isolated: None) -> None:
    driver = _connect(prepare_on_sync=True)
    Item.sync_table()
    assert driver.prepared == list(hot_statements(Item))
    assert not any(cql.startswith(("SELECT id", "INSERT", "DELETE")) for cql in driver.statements)


def test_nothing_is_prepared_without_it_or_on_a_dry_run(isolated: None) -> None:
    driver = _connect(prepare_on_sync=False)
    Item.sync_table()
    assert driver.prepared == []
    register_connection(Connection("default", driver=driver, prepare_on_sync=True))
    Item.sync_table(dry_run=True)
    assert driver.prepared == []


async def test_async_sync_table_prepares_them(isolated: None) -> None:
    driver = _connect(prepare_on_sync=True)
    await AsyncItem.sync_table()
    assert driver.prepared == list(hot_statements(AsyncItem))


def test_init_coodie_stores_the_option_on_the_connection(isolated: None) -> None:
    conn = coodie.sync.init_coodie(driver_type="recording", prepare_on_sync=True, lazy=True)
    assert conn.prepare_on_sync
    assert not coodie.sync.init_coodie(driver_type="recording", name="b", lazy=True).prepare_on_sync


async def test_aio_init_coodie_stores_the_option(isolated: None) -> None:
    conn = await coodie.aio.init_coodie(driver_type="recording", prepare_on_sync=True)
    assert conn.prepare_on_sync
