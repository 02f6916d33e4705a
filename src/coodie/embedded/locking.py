"""The engine's lock, which a long read briefly hands over to statements waiting for it.

Statements run one at a time under :class:`EngineLock`. A read that scans many partitions
(``SELECT count(*)`` over a large table) calls :func:`checkpoint` between partitions;
inside :meth:`EngineLock.yielding`, when other threads wait for the lock and the read has
held it for a couple of milliseconds, it releases the lock for them and then resumes
(a scan is not a snapshot in Cassandra either: it may see writes made meanwhile).

>>> lock = EngineLock()
>>> with lock, lock.yielding():
...     checkpoint()  # nobody waits: keeps the lock
>>> lock.waiting
0
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_HOLD = 0.002  # seconds a read keeps the lock before it lets waiting statements run
_PAUSE = 0.0002  # seconds between looks at whether a waiting statement took the lock
_HANDOFF = 0.05  # longest a read stays aside when no waiting statement takes the lock
_local = threading.local()


class EngineLock:
    """A re-entrant lock that counts the threads waiting for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._count = threading.Lock()
        self._held = threading.local()  # .depth: how many times this thread holds it
        self.waiting = 0
        self.handed = 0  # how many times a waiting thread got the lock

    def acquire(self) -> None:
        """Take the lock (waiting if another thread holds it)."""
        if not self._lock.acquire(blocking=False):
            with self._count:
                self.waiting += 1
            try:
                self._lock.acquire()
            finally:
                with self._count:
                    self.waiting -= 1
            self.handed += 1
        self._held.depth = getattr(self._held, "depth", 0) + 1

    def release(self) -> None:
        """Release one level of the lock."""
        self._held.depth -= 1
        self._lock.release()

    def __enter__(self) -> EngineLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    @contextmanager
    def yielding(self) -> Iterator[None]:
        """Let :func:`checkpoint` hand the lock over while this block runs (it must be held
        exactly once by this thread: a read, not a write that reads)."""
        previous = getattr(_local, "scan", None)
        _local.scan = _Scan(self)
        try:
            yield
        finally:
            _local.scan = previous

    def step_aside(self) -> None:
        """Release the lock for waiting threads, then retake it once one of them has had it
        (the lock is not fair: retaking it at once could starve them on a busy machine).
        Only when this thread holds it exactly once: never inside an enclosing statement."""
        if getattr(self._held, "depth", 0) != 1:
            return
        handed = self.handed
        self.release()
        deadline = time.monotonic() + _HANDOFF
        while self.handed == handed and self.waiting and time.monotonic() < deadline:
            time.sleep(_PAUSE)
        self.acquire()


class _Scan:
    __slots__ = ("lock", "since")

    def __init__(self, lock: EngineLock) -> None:
        self.lock = lock
        self.since = time.monotonic()


def checkpoint() -> None:
    """Inside :meth:`EngineLock.yielding`: let waiting statements run if this read has held
    the lock long enough. Elsewhere: nothing."""
    scan: Any = getattr(_local, "scan", None)
    if scan is None or not scan.lock.waiting:
        return
    now = time.monotonic()
    if now - scan.since >= _HOLD:
        scan.lock.step_aside()
        scan.since = time.monotonic()
