"""The engine lock: a long read hands it over to waiting statements, a write never does."""

from __future__ import annotations

import threading
import time

from coodie.embedded.locking import EngineLock, checkpoint


def _scan_until(lock: EngineLock, done: threading.Event, *, yielding: bool) -> bool:
    """Hold ``lock`` and call checkpoint() until ``done`` is set (True) or 3 s pass."""
    deadline = time.monotonic() + 3
    with lock:
        if yielding:
            with lock.yielding():
                while not done.is_set() and time.monotonic() < deadline:
                    checkpoint()
        else:
            while not done.is_set() and time.monotonic() < deadline:
                checkpoint()
    return done.is_set()


def _waiter(lock: EngineLock, started: threading.Event, done: threading.Event) -> None:
    started.wait()
    with lock:
        done.set()


def test_a_yielding_read_lets_a_waiting_statement_run() -> None:
    lock, started, done = EngineLock(), threading.Event(), threading.Event()
    waiter = threading.Thread(target=_waiter, args=(lock, started, done))
    waiter.start()
    started.set()
    assert _scan_until(lock, done, yielding=True)
    waiter.join(5)
    assert lock.waiting == 0


def test_outside_yielding_or_nested_the_lock_is_kept() -> None:
    lock, started, done = EngineLock(), threading.Event(), threading.Event()
    waiter = threading.Thread(target=_waiter, args=(lock, started, done))
    waiter.start()
    started.set()
    assert not _scan_until(lock, done, yielding=False)  # a write: never handed over
    waiter.join(5)
    assert done.is_set()

    lock, started, done = EngineLock(), threading.Event(), threading.Event()
    waiter = threading.Thread(target=_waiter, args=(lock, started, done))
    waiter.start()
    started.set()
    with lock:  # an enclosing statement holds it too: the inner read may not release it
        assert not _scan_until(lock, done, yielding=True)
    waiter.join(5)
    assert done.is_set()
