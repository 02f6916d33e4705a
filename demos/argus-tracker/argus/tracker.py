"""What the tracker does: start and finish runs, ingest events in batches, notify, query."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from argus.models import Event, Notification, RunById, RunStatus, TestRun
from coodie.sync import BatchQuery

_GREGORIAN_OFFSET = 0x01B21DD213814000  # 100 ns intervals from 1582-10-15 to 1970-01-01


def timeuuid(at: datetime | None = None, rng: random.Random | None = None) -> uuid.UUID:
    """A version-1 (time-based) UUID for ``at`` (now by default); random clock and node."""
    at = at or datetime.now(timezone.utc)
    rng = rng or random.Random()
    ticks = int(at.timestamp() * 10_000_000) + _GREGORIAN_OFFSET
    low, mid, high = ticks & 0xFFFFFFFF, (ticks >> 32) & 0xFFFF, (ticks >> 48) & 0x0FFF
    clock = rng.getrandbits(14)
    return uuid.UUID(
        fields=(low, mid, high | 0x1000, 0x80 | (clock >> 8), clock & 0xFF, rng.getrandbits(48))
    )


def now_ms() -> datetime:
    """Now in UTC to the millisecond (a CQL timestamp)."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def start_run(build_id: str, test_name: str, owner: str, at: datetime | None = None) -> TestRun:
    """A run and its lookup row, written together in one LOGGED batch."""
    at = at or now_ms()
    run = TestRun(
        build_id=build_id,
        start_time=at,
        id=timeuuid(at),
        test_name=test_name,
        owner=owner,
        status="running",
    )
    with BatchQuery() as batch:
        run.save(batch=batch)
        RunById(id=run.id, build_id=build_id, start_time=at).save(batch=batch)
    return run


def find_run(run_id: uuid.UUID) -> TestRun | None:
    """Two partition reads: the lookup, then the run in its build's partition."""
    where = RunById.find_one(id=run_id)
    if where is None:
        return None
    return TestRun.find_one(build_id=where.build_id, start_time=where.start_time, id=run_id)


def finish_run(run: TestRun, status: RunStatus, at: datetime | None = None) -> None:
    """Set the final status; notify the owner when it failed."""
    run.update(status=status, end_time=at or now_ms())
    if status == "failed":
        notify(run.owner, "argus", run.id, f"{run.test_name} failed in {run.build_id}")


def ingest(run_id: uuid.UUID, events: Iterable[tuple[str, str, str]], batch_size: int = 50) -> int:
    """Store ``(kind, message, node)`` events: one UNLOGGED batch per partition (run, kind)."""
    by_kind: dict[str, list[Event]] = {}
    for kind, message, node in events:
        event = Event(run_id=run_id, kind=kind, id=timeuuid(), message=message, node=node)
        by_kind.setdefault(kind, []).append(event)
    stored = 0
    for group in by_kind.values():
        for start in range(0, len(group), batch_size):
            with BatchQuery(batch_type="UNLOGGED") as batch:
                for event in group[start : start + batch_size]:
                    event.save(batch=batch)
            stored += len(group[start : start + batch_size])
    return stored


def notify(receiver: str, sender: str, run_id: uuid.UUID, content: str) -> Notification:
    """Put a message in a user's inbox."""
    note = Notification(
        receiver=receiver, id=timeuuid(), sender=sender, run_id=run_id, content=content
    )
    note.save()
    return note


def runs_of(build_id: str, limit: int = 20) -> list[TestRun]:
    """A build's runs, newest first: one partition."""
    return TestRun.find(build_id=build_id).limit(limit).all()


def events_of(run_id: uuid.UUID, kinds: Sequence[str], limit: int = 20) -> list[Event]:
    """The newest events of some kinds: ``WHERE run_id = ? AND kind IN ?`` (a few partitions)."""
    return Event.find(run_id=run_id, kind__in=list(kinds)).per_partition_limit(limit).all()


def inbox(receiver: str, unread_only: bool = False) -> list[Notification]:
    """A user's notifications, newest first."""
    notes = Notification.find(receiver=receiver).limit(100).all()
    return [n for n in notes if not n.read] if unread_only else notes
