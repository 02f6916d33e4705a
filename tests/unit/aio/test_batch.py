"""``coodie.aio.AsyncBatchQuery``: the writes go as one request when the ``async with`` ends."""

from __future__ import annotations

import asyncio

import pytest

from coodie.aio import AsyncBatchQuery, BatchQuery
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.drivers.recording import RecordingDriver

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
