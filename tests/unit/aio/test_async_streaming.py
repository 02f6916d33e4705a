"""``async for`` streams page by page, and two async iterators do not share paging state."""

from __future__ import annotations

import asyncio
from uuid import UUID

from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver

from ..recording_models import AsyncItem


def _pages() -> tuple[ResultPage, ResultPage]:
    return (
        ResultPage(("id", "name"), [(UUID(int=1), "a")], b"next"),
        ResultPage(("id", "name"), [(UUID(int=2), "b")]),
    )


def test_async_iteration_reads_the_next_page_only_when_needed(driver: RecordingDriver) -> None:
    driver.respond(*_pages())

    async def main() -> list[str]:
        it = aiter(AsyncItem.find().fetch_size(1))
        first = await anext(it)
        assert len(driver.calls) == 1  # the second page is not read yet
        rest = [item.name async for item in it]
        return [first.name, *rest]

    assert asyncio.run(main()) == ["a", "b"]
    assert [c.options.paging_state for c in driver.calls] == [None, b"next"]


def test_two_async_iterators_page_independently(driver: RecordingDriver) -> None:
    first, second = _pages()
    driver.respond(first, first, second, second)  # in request order
    qs = AsyncItem.find().fetch_size(1)

    async def main() -> tuple[str, str, str, str]:
        one, two = aiter(qs), aiter(qs)
        a1, a2 = await anext(one), await anext(two)
        b1, b2 = await anext(one), await anext(two)
        return a1.name, a2.name, b1.name, b2.name

    assert asyncio.run(main()) == ("a", "a", "b", "b")
    assert [c.options.paging_state for c in driver.calls] == [None, None, b"next", b"next"]
