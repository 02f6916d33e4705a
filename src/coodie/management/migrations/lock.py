"""One runner at a time: a lock row taken with LWT and held as a renewed lease.

The row ``_coodie_migrations_lock`` / ``name = 'migrate'`` is inserted
``IF NOT EXISTS USING TTL <lease>``; while the runner works, :class:`Lease`
renews it (``UPDATE ... USING TTL ... IF owner = ?``) once a third of the lease
has passed, so a crashed runner's lock disappears by itself when the TTL runs
out. A second runner waits up to ``lock_timeout`` seconds, then fails with who
holds the lock, since when and when the lease ends::

    holder = yield from acquire(ks, owner, lease_seconds=30)    # None: we have it
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

import attrs

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import MigrationLockError
from coodie.executor import ops
from coodie.executor.connections import Connection
from coodie.executor.raw import dict_rows
from coodie.executor.results import LWTResult
from coodie.executor.runner import Operation, run
from coodie.management.migrations.program import Pause, Program
from coodie.management.migrations.state import LOCK_TABLE, now, table, who

LOCK_NAME = "migrate"
DEFAULT_LEASE = 30
"""Seconds a lock lives without renewal."""

_OPTIONS = ExecutionOptions()
logger = logging.getLogger("coodie.migrations")


@attrs.frozen(slots=True)
class LockHolder:
    """Who holds the lock: owner id, host and pid, since when, when the lease ends."""

    owner: str
    holder: str
    since: dt.datetime | None
    expires: dt.datetime | None

    def describe(self) -> str:
        """One line for people: ``held by host pid 12 since ..., lease ends ...``."""
        since = self.since.isoformat(timespec="seconds") if self.since else "?"
        ends = self.expires.isoformat(timespec="seconds") if self.expires else "?"
        return f"held by {self.holder or '?'} (owner {self.owner}) since {since}, lease ends {ends}"


def _holder(row: dict[str, Any]) -> LockHolder:
    return LockHolder(
        row.get("owner") or "", row.get("holder") or "", row.get("since"), row.get("expires")
    )


def _stmt(cql: str, *params: Any) -> CompiledStatement:
    return CompiledStatement(cql, params, kind=StatementKind.RAW)


def try_acquire(keyspace: str, owner: str, lease_seconds: int) -> Operation[LockHolder | None]:
    """Take the lock (LWT). ``None`` when taken; else the current holder."""
    at = now()
    statement = _stmt(
        f"INSERT INTO {table(keyspace, LOCK_TABLE)} (name, owner, holder, since, expires) "
        "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?",
        LOCK_NAME,
        owner,
        who(),
        at,
        at + dt.timedelta(seconds=lease_seconds),
        lease_seconds,
    )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    if result.applied:
        return None
    existing = result.existing if isinstance(result.existing, dict) else {}
    return _holder(existing)


def acquire(
    keyspace: str, owner: str, *, lease_seconds: int, timeout: float, poll: float = 0.5
) -> Program[None]:
    """Take the lock, waiting up to ``timeout`` seconds; raise MigrationLockError after."""
    deadline = time.monotonic() + timeout
    while True:
        holder = yield try_acquire(keyspace, owner, lease_seconds)
        if holder is None:
            return
        if time.monotonic() >= deadline:
            raise MigrationLockError(
                f"another migration runner holds the lock: {holder.describe()}; "
                "wait, raise --lock-timeout, or --force-unlock if that runner is gone"
            )
        yield Pause(min(poll, max(deadline - time.monotonic(), 0.0)))


def renew(keyspace: str, owner: str, lease_seconds: int) -> Operation[None]:
    """Extend the lease (LWT on the owner); raise MigrationLockError if another runner has it.

    A lease that expired while nobody else took the lock is taken again.
    """
    at = now()
    statement = _stmt(
        f"UPDATE {table(keyspace, LOCK_TABLE)} USING TTL ? SET owner = ?, holder = ?, "
        "expires = ? WHERE name = ? IF owner = ?",
        lease_seconds,
        owner,
        who(),
        at + dt.timedelta(seconds=lease_seconds),
        LOCK_NAME,
        owner,
    )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    if result.applied:
        return
    if not result.existing:  # the lease ran out but nobody took the lock: take it again
        holder = yield from try_acquire(keyspace, owner, lease_seconds)
        if holder is None:
            return
    raise MigrationLockError(
        "this runner lost the migration lock (lease expired and taken over, or "
        "--force-unlock); stopping"
    )


def release(keyspace: str, owner: str) -> Operation[bool]:
    """Delete the lock row if we still own it (LWT)."""
    statement = _stmt(
        f"DELETE FROM {table(keyspace, LOCK_TABLE)} WHERE name = ? IF owner = ?", LOCK_NAME, owner
    )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    return result.applied


def read_holder(keyspace: str) -> Operation[LockHolder | None]:
    """The current holder, or ``None`` when the lock is free."""
    rows = yield from ops.read_all(
        _stmt(f"SELECT * FROM {table(keyspace, LOCK_TABLE)} WHERE name = ?", LOCK_NAME),
        _OPTIONS,
        dict_rows,
    )
    return _holder(rows[0]) if rows else None


def force_unlock(keyspace: str) -> Operation[None]:
    """Delete the lock row whoever holds it (``coodie migrate --force-unlock``)."""
    yield from ops.write(
        _stmt(f"DELETE FROM {table(keyspace, LOCK_TABLE)} WHERE name = ?", LOCK_NAME), _OPTIONS
    )


class Lease:
    """Keeps the lock alive while the runner works: a :class:`~.program.Hook`.

    Once ``active``, a daemon thread renews the lease every third of it, even
    while a migration computes without sending anything; a lost lease (expired,
    or removed by ``--force-unlock``) makes the next step raise
    :class:`~coodie.exceptions.MigrationLockError`.

    >>> lease = Lease("ops", "me", 30)
    >>> lease.active, lease.lost
    (False, None)
    """

    def __init__(self, keyspace: str, owner: str, lease_seconds: int) -> None:
        self.keyspace = keyspace
        self.owner = owner
        self.lease_seconds = lease_seconds
        self.active = False
        self.lost: MigrationLockError | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, connection: Connection) -> None:
        if self.active and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._beat, args=(connection,), name="coodie-migration-lease", daemon=True
            )
            self._thread.start()
        elif not self.active and self._thread is not None:
            self.stop()
        if self.lost is not None and self.active:
            raise self.lost

    def _beat(self, connection: Connection) -> None:
        while not self._stop.wait(self.lease_seconds / 3):
            try:
                run(renew(self.keyspace, self.owner, self.lease_seconds), connection)
            except MigrationLockError as error:
                self.lost = error
                return
            except Exception as error:
                logger.warning("renewing the migration lock failed (will retry): %s", error)

    def stop(self) -> None:
        """Stop renewing (after the lock is released)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.lease_seconds)
