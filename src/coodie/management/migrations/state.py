"""The state store: which migrations ran, how, and where a failed or long one stopped.

Three tables in the state keyspace:

* ``_coodie_migrations``: one row per migration (id, description, checksum,
  status ``running`` / ``applied`` / ``failed``, direction, applied_at,
  duration, who ran it, error, the statements a failed run completed, and the
  checkpoints of resumable data scans). Status changes are lightweight
  transactions: a runner claims a row ``IF NOT EXISTS`` / ``IF status = ...`` and
  finishes it ``IF run_id = ...``, so two runners never record one migration twice.
* ``_coodie_migrations_lock``: the lock row (:mod:`.lock`).
* ``_coodie_migrations_log``: every apply, rollback, fake and failure, in order
  (``coodie migrate --history``).

Every function returns an operation (sans-I/O); values are always bound::

    records = run(read_records("ops"))      # {id: StateRecord}
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.identifiers import quote_identifier
from coodie.cql.options import ExecutionOptions
from coodie.executor import ops
from coodie.executor.raw import dict_rows
from coodie.executor.results import LWTResult
from coodie.executor.runner import Operation

STATE_TABLE = "_coodie_migrations"
LOCK_TABLE = "_coodie_migrations_lock"
LOG_TABLE = "_coodie_migrations_log"

RUNNING, APPLIED, FAILED = "running", "applied", "failed"
UP, DOWN = "up", "down"

_OPTIONS = ExecutionOptions()


def who() -> str:
    """This process as recorded in the state: ``host pid 1234``."""
    return f"{socket.gethostname()} pid {os.getpid()}"


def now() -> dt.datetime:
    """The current UTC time at millisecond precision (a CQL ``timestamp``)."""
    t = dt.datetime.now(dt.timezone.utc)
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


def _stmt(cql: str, *params: Any) -> CompiledStatement:
    return CompiledStatement(cql, params, kind=StatementKind.RAW)


def table(keyspace: str, name: str) -> str:
    """``keyspace.name`` quoted as needed (the keyspace is validated here)."""
    return f"{quote_identifier(keyspace)}.{quote_identifier(name)}"


def create_statements(keyspace: str) -> tuple[CompiledStatement, ...]:
    """``CREATE TABLE IF NOT EXISTS`` for the state, lock and log tables."""
    return (
        _stmt(
            f"CREATE TABLE IF NOT EXISTS {table(keyspace, STATE_TABLE)} ("
            "id text PRIMARY KEY, description text, checksum text, status text, "
            "direction text, applied_at timestamp, duration_ms bigint, applied_by text, "
            "error text, completed list<text>, checkpoint map<text, text>, run_id text)"
        ),
        _stmt(
            f"CREATE TABLE IF NOT EXISTS {table(keyspace, LOCK_TABLE)} ("
            "name text PRIMARY KEY, owner text, holder text, since timestamp, "
            "expires timestamp)"
        ),
        _stmt(
            f"CREATE TABLE IF NOT EXISTS {table(keyspace, LOG_TABLE)} ("
            "bucket text, at timestamp, seq uuid, id text, action text, outcome text, "
            "applied_by text, duration_ms bigint, error text, "
            "PRIMARY KEY (bucket, at, seq))"
        ),
    )


@attrs.frozen(slots=True)
class StateRecord:
    """One row of ``_coodie_migrations``."""

    id: str
    status: str
    checksum: str = ""
    description: str = ""
    direction: str = UP
    applied_at: dt.datetime | None = None
    duration_ms: int | None = None
    applied_by: str = ""
    error: str | None = None
    completed: tuple[str, ...] = ()
    checkpoint: Mapping[str, str] = attrs.field(factory=dict)
    run_id: str | None = None


def _record(row: Mapping[str, Any]) -> StateRecord:
    return StateRecord(
        id=row["id"],
        status=row.get("status") or RUNNING,
        checksum=row.get("checksum") or "",
        description=row.get("description") or "",
        direction=row.get("direction") or UP,
        applied_at=row.get("applied_at"),
        duration_ms=row.get("duration_ms"),
        applied_by=row.get("applied_by") or "",
        error=row.get("error"),
        completed=tuple(row.get("completed") or ()),
        checkpoint=dict(row.get("checkpoint") or {}),
        run_id=row.get("run_id"),
    )


def read_records(keyspace: str) -> Operation[dict[str, StateRecord]]:
    """Every row of the state table, by migration id."""
    rows = yield from ops.read_all(
        _stmt(f"SELECT * FROM {table(keyspace, STATE_TABLE)}"), _OPTIONS, dict_rows
    )
    return {r.id: r for r in map(_record, rows)}


def read_record(keyspace: str, migration_id: str) -> Operation[StateRecord | None]:
    """The state row of one migration, or ``None``."""
    rows = yield from ops.read_all(
        _stmt(f"SELECT * FROM {table(keyspace, STATE_TABLE)} WHERE id = ?", migration_id),
        _OPTIONS,
        dict_rows,
    )
    return _record(rows[0]) if rows else None


@attrs.frozen(slots=True)
class Claim:
    """What claiming a migration gave: whether we own it and what was recorded before."""

    owned: bool
    previous: StateRecord | None


def claim(
    keyspace: str, migration_id: str, description: str, checksum: str, direction: str, run_id: str
) -> Operation[Claim]:
    """Mark a migration ``running`` for this run (LWT), resuming a failed or stale run.

    Returns ``owned=False`` when another runner's state wins (e.g. it was applied
    meanwhile).
    """
    insert = _stmt(
        f"INSERT INTO {table(keyspace, STATE_TABLE)} "
        "(id, description, checksum, status, direction, applied_by, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
        migration_id,
        description,
        checksum,
        RUNNING,
        direction,
        who(),
        run_id,
    )
    result: LWTResult[Any] = yield from ops.conditional(insert, _OPTIONS)
    if result.applied:
        return Claim(True, None)
    previous = yield from read_record(keyspace, migration_id)
    if previous is None:
        return Claim(False, None)
    if direction == UP and previous.status == APPLIED:
        return Claim(False, previous)
    update = _stmt(
        f"UPDATE {table(keyspace, STATE_TABLE)} SET status = ?, direction = ?, "
        "checksum = ?, applied_by = ?, run_id = ? WHERE id = ? IF status = ?",
        RUNNING,
        direction,
        checksum,
        who(),
        run_id,
        migration_id,
        previous.status,
    )
    changed: LWTResult[Any] = yield from ops.conditional(update, _OPTIONS)
    return Claim(changed.applied, previous)


def record_step(keyspace: str, migration_id: str, cql: str) -> Operation[None]:
    """Append a completed statement to the running migration's ``completed`` list."""
    yield from ops.write(
        _stmt(
            f"UPDATE {table(keyspace, STATE_TABLE)} SET completed = completed + ? WHERE id = ?",
            [cql],
            migration_id,
        ),
        _OPTIONS,
    )


def checkpoint_statement(
    keyspace: str, migration_id: str, key: str, value: str
) -> CompiledStatement:
    """``UPDATE ... SET checkpoint[key] = value``: where a data scan got to."""
    return _stmt(
        f"UPDATE {table(keyspace, STATE_TABLE)} SET checkpoint[?] = ? WHERE id = ?",
        key,
        value,
        migration_id,
    )


def finish(
    keyspace: str, migration_id: str, run_id: str, direction: str, duration_ms: int
) -> Operation[bool]:
    """Record success (LWT on ``run_id``): ``applied`` after an upgrade, row removed after a
    downgrade. False if another runner took the row over."""
    where = "WHERE id = ? IF run_id = ?"
    if direction == DOWN:
        cql = f"DELETE FROM {table(keyspace, STATE_TABLE)} {where}"
        statement = _stmt(cql, migration_id, run_id)
    else:
        statement = _stmt(
            f"UPDATE {table(keyspace, STATE_TABLE)} SET status = ?, applied_at = ?, "
            f"duration_ms = ?, applied_by = ?, error = null, completed = null, "
            f"checkpoint = null, run_id = null {where}",
            APPLIED,
            now(),
            duration_ms,
            who(),
            migration_id,
            run_id,
        )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    return result.applied


def fail(
    keyspace: str, migration_id: str, run_id: str, error: str, duration_ms: int
) -> Operation[bool]:
    """Record a failure (LWT on ``run_id``), keeping the completed statements."""
    statement = _stmt(
        f"UPDATE {table(keyspace, STATE_TABLE)} SET status = ?, error = ?, duration_ms = ? "
        "WHERE id = ? IF run_id = ?",
        FAILED,
        error,
        duration_ms,
        migration_id,
        run_id,
    )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    return result.applied


def stamp(keyspace: str, migration_id: str, description: str, checksum: str) -> Operation[bool]:
    """Record a migration as applied without running it (``--fake``); LWT, once."""
    statement = _stmt(
        f"INSERT INTO {table(keyspace, STATE_TABLE)} (id, description, checksum, status, "
        "direction, applied_at, duration_ms, applied_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "IF NOT EXISTS",
        migration_id,
        description,
        checksum,
        APPLIED,
        UP,
        now(),
        0,
        who(),
    )
    result: LWTResult[Any] = yield from ops.conditional(statement, _OPTIONS)
    return result.applied


def accept_checksum(keyspace: str, migration_id: str, checksum: str) -> Operation[None]:
    """Record a changed file's new checksum (``--allow-changed``)."""
    yield from ops.write(
        _stmt(
            f"UPDATE {table(keyspace, STATE_TABLE)} SET checksum = ? WHERE id = ?",
            checksum,
            migration_id,
        ),
        _OPTIONS,
    )


def log_event(
    keyspace: str,
    migration_id: str,
    action: str,
    outcome: str,
    duration_ms: int = 0,
    error: str | None = None,
) -> Operation[None]:
    """Append one line to the history (``_coodie_migrations_log``)."""
    yield from ops.write(
        _stmt(
            f"INSERT INTO {table(keyspace, LOG_TABLE)} (bucket, at, seq, id, action, outcome, "
            "applied_by, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "log",
            now(),
            uuid.uuid4(),
            migration_id,
            action,
            outcome,
            who(),
            duration_ms,
            error,
        ),
        _OPTIONS,
    )


def read_log(keyspace: str) -> Operation[list[dict[str, Any]]]:
    """The history, oldest first."""
    return ops.read_all(
        _stmt(f"SELECT * FROM {table(keyspace, LOG_TABLE)} WHERE bucket = ?", "log"),
        _OPTIONS,
        dict_rows,
    )
