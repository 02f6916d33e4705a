"""``coodie.aio.Document``: the same writes and reads as ``coodie.sync``'s, awaited."""

from __future__ import annotations

import asyncio
from uuid import UUID

from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver

from ..recording_models import AsyncItem

PID = UUID(int=1)


def test_async_document_api(driver: RecordingDriver) -> None:
    async def main() -> list[str]:
        doc = await AsyncItem.create(id=PID, name="x")
        driver.respond(ResultPage(("id", "name"), [(PID, "x")]))
        found = [d.name async for d in AsyncItem.find()]
        await doc.update(name="y")
        return found

    assert asyncio.run(main()) == ["x"]
    assert [c.cql.split()[0] for c in driver.calls] == ["INSERT", "SELECT", "UPDATE"]


def test_async_get_by_key_reads_past_a_short_page(driver: RecordingDriver) -> None:
    driver.respond(ResultPage(("id", "name"), [], b"p1"), ResultPage(("id", "name"), [(PID, "x")]))
    assert asyncio.run(AsyncItem.get(id=PID)).name == "x"
    assert [c.options.paging_state for c in driver.calls] == [None, b"p1"]
