"""``coodie.aio.AsyncBatchQuery``: the writes go as one request when the ``async with`` ends."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

import pytest

from coodie.aio import AsyncBatchQuery, BatchQuery, Document
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import QueryError
from coodie.fields import PrimaryKey

W1 = CompiledStatement("INSERT INTO ks.t (id) VALUES (?)", (1,), kind=StatementKind.INSERT)


def test_async_batch(driver: RecordingDriver) -> None:
    calls: list[str] = []

    async def main() -> None:
        async with AsyncBatchQuery() as b:
            b.add(W1)
            b.add_callback(calls.append, "ok")
            assert driver.calls == []

    asyncio.run(main())
    assert len(driver.calls) == 1 and calls == ["ok"]
    assert isinstance(driver.calls[0].statement, CompiledBatch)
    assert AsyncBatchQuery is BatchQuery


def test_an_exception_in_the_block_sends_nothing(driver: RecordingDriver) -> None:
    async def main() -> None:
        async with AsyncBatchQuery() as b:
            b.add(W1)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(main())
    assert driver.calls == []


def test_an_async_save_joins_the_batch_and_is_saved_when_it_runs(driver: RecordingDriver) -> None:
    class Item(Document):
        id: Annotated[UUID, PrimaryKey()]
        name: str = ""

        class Settings:
            name = "item"
            keyspace = "shop"

    async def main() -> None:
        item = Item(id=UUID(int=1), name="pen")
        async with AsyncBatchQuery() as b:
            assert await item.save(batch=b) is item
            assert driver.calls == [] and not item._is_persisted()
            with pytest.raises(QueryError, match="consistency and timeout of a batched write"):
                await Item(id=UUID(int=2)).save(batch=b, consistency="ONE")
        assert item._is_persisted()

    asyncio.run(main())
