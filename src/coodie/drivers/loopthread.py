"""A private event loop in a daemon thread, so sync code can drive async-only drivers.

Coroutines awaited from another event loop (:meth:`LoopThread.run_async`) cross threads
twice. Each crossing through ``call_soon_threadsafe`` writes to the other loop's
self-pipe, a system call and a thread wake-up per request; with many requests in flight
that costs more than the requests' own work. So submissions are queued and the loop
thread is woken once per burst, and results go back through a
:class:`~coodie.drivers.bridge.LoopBridge`, which wakes the caller's loop once per burst.

>>> import asyncio
>>> loop = LoopThread()
>>> loop.run(asyncio.sleep(0, "done"))
'done'
>>> async def main():
...     return await asyncio.gather(*(loop.run_async(asyncio.sleep(0, n)) for n in range(3)))
>>> asyncio.run(main())
[0, 1, 2]
>>> loop.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Coroutine
from typing import Any, TypeVar

from coodie.drivers.bridge import LoopBridge

T = TypeVar("T")


class _Request:
    """A coroutine submitted from another loop, the future its caller awaits, and the
    task running it once the loop thread has started it."""

    __slots__ = ("bridge", "coro", "done", "task", "withdrawn")

    def __init__(
        self, coro: Coroutine[Any, Any, Any], done: asyncio.Future[Any], bridge: LoopBridge
    ) -> None:
        self.coro = coro
        self.done = done
        self.bridge = bridge
        self.task: asyncio.Task[Any] | None = None
        self.withdrawn = False  # the caller stopped waiting before the task started

    def settle(self, task: asyncio.Task[Any]) -> None:
        """Hand the task's outcome to the caller's loop (runs on the loop thread)."""
        if task.cancelled():
            self.bridge.reject(asyncio.CancelledError(), self.done)
        elif (error := task.exception()) is not None:
            self.bridge.reject(error, self.done)
        else:
            self.bridge.resolve(task.result(), self.done)


class LoopThread:
    """Runs coroutines on its own loop; :meth:`run` blocks the calling thread only."""

    def __init__(self, name: str = "coodie-driver-loop") -> None:
        self.loop = asyncio.new_event_loop()
        self._submitted: deque[_Request] = deque()
        self._scheduled = False
        self._bridge: LoopBridge | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run ``coro`` on the loop thread and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def run_async(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop thread, awaiting it from another loop.

        Cancelling the awaiting task cancels ``coro`` on the loop thread too.
        """
        caller = asyncio.get_running_loop()
        bridge = self._bridge
        if bridge is None or bridge.loop is not caller:
            bridge = self._bridge = LoopBridge(caller)
        request = _Request(coro, caller.create_future(), bridge)
        self._submitted.append(request)
        if not self._scheduled:
            self._wake(request)
        try:
            result: T = await request.done
        except asyncio.CancelledError:
            if not request.done.cancelled():  # the coroutine itself was cancelled
                raise
            self._withdraw(request)
            raise
        return result

    def _wake(self, request: _Request) -> None:
        # A second wake-up scheduled by a racing thread only runs an empty drain.
        self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._start_submitted)
        except RuntimeError:  # the loop is closed: this request will never run
            self._scheduled = False
            self._submitted.remove(request)
            request.coro.close()
            raise

    def _start_submitted(self) -> None:
        # Cleared before popping: a request queued after this line schedules a new drain,
        # and one queued before it (its thread saw a drain pending) is popped below.
        self._scheduled = False
        submitted = self._submitted
        while submitted:
            request = submitted.popleft()
            if request.withdrawn:
                request.coro.close()
                continue
            request.task = self.loop.create_task(request.coro)
            request.task.add_done_callback(request.settle)

    def _withdraw(self, request: _Request) -> None:
        def cancel() -> None:
            request.withdrawn = True  # not started yet: never start it
            if request.task is not None:
                request.task.cancel()

        with contextlib.suppress(RuntimeError):  # a closed loop runs nothing any more
            self.loop.call_soon_threadsafe(cancel)

    def stop(self) -> None:
        """Stop the loop and its thread."""
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=5)
        if not self.loop.is_running():
            self.loop.close()
