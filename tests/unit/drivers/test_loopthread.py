"""LoopThread.run_async: results, errors and cancellation cross between two loops."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from coodie.drivers.loopthread import LoopThread


@pytest.fixture
def loop_thread() -> Iterator[LoopThread]:
    thread = LoopThread("test-loop")
    try:
        yield thread
    finally:
        thread.stop()


async def _where(value: int) -> tuple[int, str]:
    await asyncio.sleep(0)
    return value, threading.current_thread().name


def test_many_in_flight_run_on_the_loop_thread_and_come_back_in_order(
    loop_thread: LoopThread,
) -> None:
    async def main() -> list[tuple[int, str]]:
        return await asyncio.gather(*(loop_thread.run_async(_where(n)) for n in range(500)))

    results = asyncio.run(main())
    assert [n for n, _ in results] == list(range(500))
    assert {name for _, name in results} == {"test-loop"}


def test_an_error_reaches_the_caller(loop_thread: LoopThread) -> None:
    async def fail() -> None:
        raise ValueError("from the loop thread")

    async def main() -> None:
        await loop_thread.run_async(fail())

    with pytest.raises(ValueError, match="from the loop thread"):
        asyncio.run(main())


def test_cancelling_the_caller_cancels_the_coroutine(loop_thread: LoopThread) -> None:
    started, cancelled = threading.Event(), threading.Event()

    async def slow() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def main() -> None:
        task = asyncio.ensure_future(loop_thread.run_async(slow()))
        await asyncio.to_thread(started.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert cancelled.wait(5)


def test_a_coroutine_cancelled_on_the_loop_thread_cancels_the_caller(
    loop_thread: LoopThread,
) -> None:
    async def cancelled_there() -> None:
        raise asyncio.CancelledError

    async def main() -> None:
        await loop_thread.run_async(cancelled_there())

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(main())


def test_a_stopped_loop_thread_refuses_at_once(loop_thread: LoopThread) -> None:
    loop_thread.stop()

    async def main() -> None:
        await loop_thread.run_async(asyncio.sleep(0))

    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(main())
