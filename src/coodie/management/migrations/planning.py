"""Pure decisions: which migrations to run, in which direction, and what the state says.

Given the files on disk and the rows of the state table, :func:`plan_upgrade`
and :func:`plan_rollback` list the runs to make; :func:`status_rows` is what
``coodie migrate --status`` shows; :func:`check_files` refuses changed files
(unless allowed) and reports missing ones. No I/O here::

    runs = plan_upgrade(files, records, target="20260102_001_add_email")
    [(r.file.id, r.direction) for r in runs]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from coodie.exceptions import MigrationError, MigrationRefused
from coodie.management.migrations.files import MigrationFile
from coodie.management.migrations.state import APPLIED, DOWN, UP, StateRecord


@attrs.frozen(slots=True)
class Run:
    """One migration to run: its file, ``up`` or ``down``, and its state row if any."""

    file: MigrationFile
    direction: str
    record: StateRecord | None = None


@attrs.frozen(slots=True)
class StatusRow:
    """One line of ``--status``: id, description, state, when, checksum drift."""

    id: str
    description: str
    state: str
    applied_at: str | None
    checksum: str
    error: str | None = None
    completed: int = 0

    def as_dict(self) -> dict[str, object]:
        """The row as JSON-ready data."""
        return attrs.asdict(self)


def _is_applied(record: StateRecord | None) -> bool:
    return record is not None and (record.status == APPLIED or record.direction == DOWN)


def missing_files(
    files: Sequence[MigrationFile], records: Mapping[str, StateRecord]
) -> tuple[str, ...]:
    """Ids recorded in the state whose file is gone."""
    known = {f.id for f in files}
    return tuple(sorted(i for i in records if i not in known))


def changed_files(
    files: Sequence[MigrationFile], records: Mapping[str, StateRecord]
) -> tuple[MigrationFile, ...]:
    """Files whose content differs from what was applied (failed runs may be fixed freely)."""
    return tuple(
        f
        for f in files
        if (r := records.get(f.id)) is not None
        and r.status == APPLIED
        and r.checksum
        and r.checksum != f.checksum
    )


def check_files(
    files: Sequence[MigrationFile],
    records: Mapping[str, StateRecord],
    *,
    allow_changed: bool = False,
) -> tuple[str, ...]:
    """Refuse files changed since they were applied; return the warnings to show.

    Raises :class:`~coodie.exceptions.MigrationRefused` listing every changed file
    unless ``allow_changed``.
    """
    changed = changed_files(files, records)
    warnings = [
        f"{i}: recorded in the state but its file is missing" for i in missing_files(files, records)
    ]
    if changed and not allow_changed:
        names = ", ".join(str(f.path) for f in changed)
        raise MigrationRefused(
            f"changed after it was applied: {names}; restore the file or run with "
            "--allow-changed to accept the new content"
        )
    warnings.extend(f"{f.id}: file changed since it was applied (allowed)" for f in changed)
    return tuple(warnings)


def _index(files: Sequence[MigrationFile], target: str) -> int:
    for i, f in enumerate(files):
        if f.id == target or f.id.startswith(target):
            return i
    raise MigrationError(f"no migration file {target!r} (see coodie migrate --status)")


def _half_rolled_back(records: Mapping[str, StateRecord]) -> None:
    stuck = sorted(i for i, r in records.items() if r.direction == DOWN and r.status != APPLIED)
    if stuck:
        raise MigrationRefused(
            f"{stuck[-1]} failed while rolling back; finish it with --rollback first"
        )


def plan_upgrade(
    files: Sequence[MigrationFile],
    records: Mapping[str, StateRecord],
    *,
    target: str | None = None,
) -> tuple[Run, ...]:
    """The runs that apply every pending migration up to ``target`` (inclusive).

    A ``target`` older than applied migrations rolls those back instead (newest
    first); failed and interrupted runs are resumed.
    """
    _half_rolled_back(records)
    end = len(files) if target is None else _index(files, target) + 1
    later = [f for f in files[end:] if _is_applied(records.get(f.id))]
    if later:
        return tuple(Run(f, DOWN, records.get(f.id)) for f in reversed(later))
    return tuple(
        Run(f, UP, records.get(f.id)) for f in files[:end] if not _is_applied(records.get(f.id))
    )


def plan_rollback(
    files: Sequence[MigrationFile], records: Mapping[str, StateRecord], *, steps: int = 1
) -> tuple[Run, ...]:
    """The last ``steps`` applied (or failed) migrations, newest first, to roll back."""
    if steps < 1:
        raise MigrationError(f"--steps must be at least 1, not {steps}")
    by_id = {f.id: f for f in files}
    done = sorted(records, reverse=True)
    runs: list[Run] = []
    for migration_id in done[:steps]:
        file = by_id.get(migration_id)
        if file is None:
            raise MigrationRefused(
                f"cannot roll back {migration_id}: its file is missing from the migrations folder"
            )
        runs.append(Run(file, DOWN, records[migration_id]))
    return tuple(runs)


def _state_of(record: StateRecord | None) -> str:
    if record is None:
        return "pending"
    if record.direction == DOWN and record.status != APPLIED:
        return f"{record.status} (rollback)"
    return record.status


def status_rows(
    files: Sequence[MigrationFile], records: Mapping[str, StateRecord]
) -> tuple[StatusRow, ...]:
    """Every file and every recorded migration, in id order, for ``--status``."""
    by_id = {f.id: f for f in files}
    rows: list[StatusRow] = []
    for migration_id in sorted(set(by_id) | set(records)):
        file, record = by_id.get(migration_id), records.get(migration_id)
        if file is None:
            checksum = "file missing"
        elif record is None or not record.checksum:
            checksum = "-"
        else:
            checksum = "ok" if record.checksum == file.checksum else "changed"
        when = (
            record.applied_at.isoformat(timespec="seconds")
            if record and record.applied_at
            else None
        )
        description = (record.description if record else "") or (file.description if file else "")
        rows.append(
            StatusRow(
                migration_id,
                description,
                _state_of(record),
                when,
                checksum,
                record.error if record else None,
                len(record.completed) if record else 0,
            )
        )
    return tuple(rows)


def plan_fake(
    files: Sequence[MigrationFile], records: Mapping[str, StateRecord], target: str
) -> tuple[MigrationFile, ...]:
    """The files up to ``target`` (inclusive) not yet recorded: ``--fake`` stamps them."""
    end = _index(files, target) + 1
    return tuple(f for f in files[:end] if f.id not in records)
