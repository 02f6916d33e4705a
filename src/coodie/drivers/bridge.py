"""Settle asyncio futures from a driver's I/O thread with one loop wake-up per burst.

A callback-based driver (scylla-driver) completes requests on its own thread. Waking
the event loop once per completion (``call_soon_threadsafe`` writes to the loop's
self-pipe: a system call each time) costs more than the request's own bookkeeping
when many requests are in flight. A :class:`LoopBridge` queues completions and
wakes the loop only when no wake-up is already pending; the loop then settles every
queued future in one pass.

>>> import asyncio
>>> async def main():
...     bridge = LoopBridge(asyncio.get_running_loop())
...     done = asyncio.get_running_loop().create_future()
...     bridge.resolve("rows", done)        # as the driver thread would
...     return await done
>>> asyncio.run(main())
'rows'
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any


class LoopBridge:
    """Completions from other threads, delivered to one event loop in batches.

    ``resolve(value, future)`` and ``reject(exc, future)`` may be called from any
    thread; they match ``ResponseFuture.add_callbacks(cb, eb, callback_args=...)``.
    """

    __slots__ = ("_pending", "_scheduled", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._pending: deque[tuple[asyncio.Future[Any], Any, BaseException | None]] = deque()
        self._scheduled = False

    def resolve(self, value: Any, future: asyncio.Future[Any]) -> None:
        """Settle ``future`` with ``value`` on the loop (any thread)."""
        self._pending.append((future, value, None))
        if not self._scheduled:
            self._wake()

    def reject(self, exc: BaseException, future: asyncio.Future[Any]) -> None:
        """Fail ``future`` with ``exc`` on the loop (any thread)."""
        self._pending.append((future, None, exc))
        if not self._scheduled:
            self._wake()

    def _wake(self) -> None:
        # A second wake-up scheduled by a racing thread only runs an empty drain.
        self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is closed: nobody awaits these futures any more
            self._scheduled = False

    def _drain(self) -> None:
        # Cleared before popping: an item queued after this line schedules a new drain,
        # and an item queued before it (its thread saw a drain pending) is popped below.
        self._scheduled = False
        pending = self._pending
        while pending:
            future, value, exc = pending.popleft()
            if future.done():  # cancelled by its awaiter
                continue
            if exc is None:
                future.set_result(value)
            else:
                future.set_exception(exc)
