"""The runner's programs: apply, roll back, fake, status, history, unlock.

Each function returns a :data:`~.program.Program` that :mod:`.api` drives
blocking (``coodie.management.migrations.migrate``) or awaiting
(``migrate_async``). A run reads the state, refuses changed files, takes the
lock (except ``--dry-run``, which changes nothing), re-reads the state under the
lock, then runs each migration: claim its state row (LWT), call ``upgrade`` or
``downgrade`` with a context, and record success or the failure with the
statements it completed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from coodie.cql.options import ExecutionOptions
from coodie.exceptions import ConfigurationError, MigrationError
from coodie.executor import ops
from coodie.management.ddl import simple_strategy
from coodie.management.migrations import lock, planning, state
from coodie.management.migrations.context import make_context
from coodie.management.migrations.core import ContextCore
from coodie.management.migrations.files import MigrationFile, discover
from coodie.management.migrations.program import AgreeSchema, CallMigration, Program
from coodie.management.migrations.progress import ProgressSink
from coodie.management.operations import create_keyspace_operation, require_keyspace
from coodie.management.reads import read_table

Reporter = Callable[[str], None]


@attrs.frozen(slots=True)
class RunSettings:
    """Everything a run needs besides the connection (see ``coodie migrate --help``)."""

    folder: str
    keyspace: str
    state_keyspace: str | None = None
    dry_run: bool = False
    target: str | None = None
    rollback: bool = False
    steps: int = 1
    allow_changed: bool = False
    lock_timeout: float = 0.0
    lease_seconds: int = lock.DEFAULT_LEASE
    create_keyspace: bool = False
    report: Reporter = attrs.field(default=lambda _line: None, eq=False)
    data: dict[str, Any] = attrs.field(factory=dict, eq=False)
    progress: ProgressSink | None = attrs.field(default=None, eq=False)
    owner: str = attrs.field(factory=lambda: uuid.uuid4().hex)

    @property
    def state_ks(self) -> str:
        """The keyspace of the state tables (the migrations' keyspace by default)."""
        return self.state_keyspace or self.keyspace


@attrs.frozen(slots=True)
class Outcome:
    """One migration the run applied or rolled back (or would, under ``--dry-run``)."""

    id: str
    direction: str
    duration_ms: int
    statements: tuple[str, ...]
    skipped: bool = False


@attrs.frozen(slots=True)
class RunResult:
    """What a run did, and the warnings it gave (missing files, allowed changes)."""

    outcomes: tuple[Outcome, ...]
    warnings: tuple[str, ...] = ()


class MigrationFailed(MigrationError):
    """A migration raised; its state row says ``failed`` with the statements it completed."""


def prepare(settings: RunSettings, *, create: bool = True) -> Program[bool]:
    """Check the keyspace and create the state tables; False if they do not exist (dry run).

    With ``create_keyspace`` (development), missing keyspaces are created with
    ``SimpleStrategy`` and replication factor 1.
    """
    if settings.create_keyspace and create:
        for name in dict.fromkeys((settings.keyspace, settings.state_ks)):
            yield create_keyspace_operation(name, simple_strategy(1))
    yield require_keyspace(settings.state_ks)
    exists = (yield read_table(settings.state_ks, state.STATE_TABLE)) is not None
    if not exists and create:
        for statement in state.create_statements(settings.state_ks):
            yield ops.write(statement, ExecutionOptions())
        yield AgreeSchema()
        return True
    return exists


def read_state(settings: RunSettings) -> Program[dict[str, state.StateRecord]]:
    """The state rows (none yet when the tables do not exist)."""
    exists = yield from prepare(settings, create=not settings.dry_run)
    if not exists:
        return {}
    records: dict[str, state.StateRecord] = yield state.read_records(settings.state_ks)
    return records


def _plan(
    settings: RunSettings, files: Sequence[MigrationFile], records: dict[str, state.StateRecord]
) -> tuple[planning.Run, ...]:
    if settings.rollback:
        if settings.target is not None:
            raise MigrationError(
                "use --target ID alone to roll back to ID, or --rollback --steps N"
            )
        return planning.plan_rollback(files, records, steps=settings.steps)
    return planning.plan_upgrade(files, records, target=settings.target)


def _take_lock(settings: RunSettings, lease: lock.Lease) -> Program[None]:
    """Take the migration lock (waiting up to ``--lock-timeout``); the lease renews it."""
    yield from lock.acquire(
        settings.state_ks,
        settings.owner,
        lease_seconds=settings.lease_seconds,
        timeout=settings.lock_timeout,
    )
    lease.active = True


def migrate_program(settings: RunSettings, lease: lock.Lease) -> Program[RunResult]:
    """Apply pending migrations (or roll back / go to a target) under the lock."""
    files = discover(settings.folder)
    records = yield from read_state(settings)
    warnings = planning.check_files(files, records, allow_changed=settings.allow_changed)
    for line in warnings:
        settings.report(f"warning: {line}")
    if settings.dry_run:
        outcomes = []
        for run in _plan(settings, files, records):
            outcomes.append((yield from run_one(settings, run)))
        return RunResult(tuple(outcomes), warnings)
    yield from _take_lock(settings, lease)
    try:
        records = yield state.read_records(settings.state_ks)
        planning.check_files(files, records, allow_changed=settings.allow_changed)
        for file in planning.changed_files(files, records):
            yield state.accept_checksum(settings.state_ks, file.id, file.checksum)
            yield state.log_event(settings.state_ks, file.id, "accept-change", "done")
        outcomes = []
        for run in _plan(settings, files, records):
            outcomes.append((yield from run_one(settings, run)))
        return RunResult(tuple(outcomes), warnings)
    finally:
        lease.active = False
        yield lock.release(settings.state_ks, settings.owner)


def _resumable(record: state.StateRecord | None, direction: str) -> state.StateRecord | None:
    if record is None or record.status == state.APPLIED or record.direction != direction:
        return None
    return record


def run_one(settings: RunSettings, run: planning.Run) -> Program[Outcome]:
    """Claim, run and record one migration (under ``--dry-run``: only show it)."""
    file, direction = run.file, run.direction
    ks = settings.state_ks
    run_id = uuid.uuid4().hex
    migration = file.load()
    description = migration.description or file.description
    settings.report(f"{'applying' if direction == state.UP else 'rolling back'} {file.id}")
    previous = _resumable(run.record, direction)
    if not settings.dry_run:
        claim = yield state.claim(ks, file.id, description, file.checksum, direction, run_id)
        if not claim.owned:
            settings.report(f"skipped {file.id}: recorded by another runner")
            return Outcome(file.id, direction, 0, (), skipped=True)
        previous = _resumable(claim.previous, direction)
    core = ContextCore(
        keyspace=settings.keyspace,
        state_keyspace=ks,
        migration_id=file.id,
        path=str(file.path),
        dry_run=settings.dry_run,
        completed=previous.completed if previous else (),
        checkpoint=previous.checkpoint if previous else None,
        report=lambda line: settings.report(f"  {line}"),
        settings=settings.data,
        progress=settings.progress,
    )
    function = migration.upgrade if direction == state.UP else migration.downgrade
    started = time.monotonic()
    try:
        yield CallMigration(function, make_context(core))
    except Exception as error:
        elapsed = _ms(started)
        message = f"{type(error).__name__}: {error}"
        if not settings.dry_run:
            yield state.fail(ks, file.id, run_id, message, elapsed)
            yield state.log_event(ks, file.id, direction, "failed", elapsed, message)
        raise MigrationFailed(
            f"{file.id} failed: {message}", path=str(file.path), statement=core.current
        ) from error
    elapsed = _ms(started)
    if not settings.dry_run:
        yield state.finish(ks, file.id, run_id, direction, elapsed)
        yield state.log_event(ks, file.id, direction, "done", elapsed)
    settings.report(f"done {file.id} in {elapsed} ms")
    return Outcome(file.id, direction, elapsed, tuple(core.sent))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def status_program(settings: RunSettings) -> Program[tuple[planning.StatusRow, ...]]:
    """The ``--status`` rows (changes nothing)."""
    files = discover(settings.folder)
    records = yield from read_state(attrs.evolve(settings, dry_run=True))
    return planning.status_rows(files, records)


def history_program(settings: RunSettings) -> Program[list[dict[str, Any]]]:
    """The ``--history`` lines, oldest first (changes nothing)."""
    exists = yield from prepare(settings, create=False)
    if not exists:
        return []
    rows: list[dict[str, Any]] = yield state.read_log(settings.state_ks)
    return rows


def fake_program(settings: RunSettings, target: str, lease: lock.Lease) -> Program[tuple[str, ...]]:
    """Record the migrations up to ``target`` as applied without running them."""
    files = discover(settings.folder)
    yield from prepare(settings)
    yield from _take_lock(settings, lease)
    try:
        records = yield state.read_records(settings.state_ks)
        stamped: list[str] = []
        for file in planning.plan_fake(files, records, target):
            migration = file.load()
            description = migration.description or file.description
            if (yield state.stamp(settings.state_ks, file.id, description, file.checksum)):
                yield state.log_event(settings.state_ks, file.id, "fake", "done")
                settings.report(f"faked {file.id}")
                stamped.append(file.id)
        return tuple(stamped)
    finally:
        lease.active = False
        yield lock.release(settings.state_ks, settings.owner)


def lock_holder_program(settings: RunSettings) -> Program[lock.LockHolder | None]:
    """Who holds the lock now (``None``: free)."""
    exists = yield from prepare(settings, create=False)
    if not exists:
        return None
    holder: lock.LockHolder | None = yield lock.read_holder(settings.state_ks)
    return holder


def force_unlock_program(settings: RunSettings) -> Program[None]:
    """Remove the lock whoever holds it."""
    exists = yield from prepare(settings, create=False)
    if not exists:
        raise ConfigurationError(f"no migration state in keyspace {settings.state_ks}")
    yield lock.force_unlock(settings.state_ks)
