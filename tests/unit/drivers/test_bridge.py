"""LoopBridge: completions from other threads settle their futures, one wake-up per burst."""

from __future__ import annotations

import asyncio
import threading

from coodie.drivers.bridge import LoopBridge


async def test_completions_from_threads_settle_every_future() -> None:
    loop = asyncio.get_running_loop()
    bridge = LoopBridge(loop)
    futures = [loop.create_future() for _ in range(500)]
    failing = futures[::7]

    def complete(chunk: list[asyncio.Future[object]]) -> None:
        for future in chunk:
            if future in failing:
                bridge.reject(ValueError(id(future)), future)
            else:
                bridge.resolve(id(future), future)

    threads = [threading.Thread(target=complete, args=(futures[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    results = await asyncio.gather(*futures, return_exceptions=True)
    for t in threads:
        t.join()
    for future, result in zip(futures, results, strict=True):
        if future in failing:
            assert isinstance(result, ValueError) and result.args == (id(future),)
        else:
            assert result == id(future)


async def test_a_burst_wakes_the_loop_once() -> None:
    loop = asyncio.get_running_loop()
    bridge = LoopBridge(loop)
    wakeups = 0
    original = loop.call_soon_threadsafe

    def counting(*args: object) -> object:
        nonlocal wakeups
        wakeups += 1
        return original(*args)  # type: ignore[arg-type]

    loop.call_soon_threadsafe = counting  # type: ignore[method-assign]
    try:
        futures = [loop.create_future() for _ in range(100)]
        thread = threading.Thread(
            target=lambda: [bridge.resolve(i, f) for i, f in enumerate(futures)]
        )
        thread.start()
        thread.join()
        assert await asyncio.gather(*futures) == list(range(100))
    finally:
        del loop.call_soon_threadsafe
    assert wakeups == 1


async def test_a_cancelled_future_is_skipped() -> None:
    loop = asyncio.get_running_loop()
    bridge = LoopBridge(loop)
    cancelled, live = loop.create_future(), loop.create_future()
    cancelled.cancel()
    bridge.resolve(1, cancelled)
    bridge.resolve(2, live)
    assert await live == 2
