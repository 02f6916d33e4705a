"""Run migrations from Python: blocking (``migrate``) or awaiting (``migrate_async``).

Each pair drives the same program of :mod:`.runner`; the only difference is
how they wait::

    from coodie.management.migrations import RunSettings, migrate, migrate_async

    settings = RunSettings(folder="migrations", keyspace="shop")
    result = migrate(settings)                  # after coodie.sync.init_coodie(...)
    result = await migrate_async(settings)      # after coodie.aio.init_coodie(...)
"""

from __future__ import annotations

from typing import Any

from coodie.executor.connections import Connection, get_connection
from coodie.management.migrations import runner
from coodie.management.migrations.lock import Lease, LockHolder
from coodie.management.migrations.planning import StatusRow
from coodie.management.migrations.program import drive, drive_async
from coodie.management.migrations.runner import RunResult, RunSettings


def _lease(settings: RunSettings) -> Lease:
    return Lease(settings.state_ks, settings.owner, settings.lease_seconds)


def _conn(connection: str | Connection | None) -> Connection:
    return connection if isinstance(connection, Connection) else get_connection(connection)


def migrate(settings: RunSettings, connection: str | Connection | None = None) -> RunResult:
    """Apply pending migrations, roll back, or go to ``settings.target`` (blocking)."""
    lease = _lease(settings)
    return drive(runner.migrate_program(settings, lease), _conn(connection), lease)


async def migrate_async(
    settings: RunSettings, connection: str | Connection | None = None
) -> RunResult:
    """Awaitable :func:`migrate`."""
    lease = _lease(settings)
    return await drive_async(runner.migrate_program(settings, lease), _conn(connection), lease)


def status(
    settings: RunSettings, connection: str | Connection | None = None
) -> tuple[StatusRow, ...]:
    """Every migration with its state, applied time and checksum drift (blocking)."""
    return drive(runner.status_program(settings), _conn(connection))


async def status_async(
    settings: RunSettings, connection: str | Connection | None = None
) -> tuple[StatusRow, ...]:
    """Awaitable :func:`status`."""
    return await drive_async(runner.status_program(settings), _conn(connection))


def history(
    settings: RunSettings, connection: str | Connection | None = None
) -> list[dict[str, Any]]:
    """Every apply, rollback, fake and failure, oldest first (blocking)."""
    return drive(runner.history_program(settings), _conn(connection))


async def history_async(
    settings: RunSettings, connection: str | Connection | None = None
) -> list[dict[str, Any]]:
    """Awaitable :func:`history`."""
    return await drive_async(runner.history_program(settings), _conn(connection))


def fake(
    settings: RunSettings, target: str, connection: str | Connection | None = None
) -> tuple[str, ...]:
    """Record migrations up to ``target`` as applied without running them (blocking)."""
    lease = _lease(settings)
    return drive(runner.fake_program(settings, target, lease), _conn(connection), lease)


async def fake_async(
    settings: RunSettings, target: str, connection: str | Connection | None = None
) -> tuple[str, ...]:
    """Awaitable :func:`fake`."""
    lease = _lease(settings)
    program = runner.fake_program(settings, target, lease)
    return await drive_async(program, _conn(connection), lease)


def lock_holder(
    settings: RunSettings, connection: str | Connection | None = None
) -> LockHolder | None:
    """Who holds the migration lock, or ``None`` (blocking)."""
    return drive(runner.lock_holder_program(settings), _conn(connection))


def force_unlock(settings: RunSettings, connection: str | Connection | None = None) -> None:
    """Remove the migration lock whoever holds it (blocking)."""
    drive(runner.force_unlock_program(settings), _conn(connection))


async def force_unlock_async(
    settings: RunSettings, connection: str | Connection | None = None
) -> None:
    """Awaitable :func:`force_unlock`."""
    await drive_async(runner.force_unlock_program(settings), _conn(connection))
