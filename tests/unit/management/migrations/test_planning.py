"""Pure planning: what to apply, roll back, fake, and what --status shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coodie.exceptions import MigrationError, MigrationRefused
from coodie.management.migrations.files import MigrationFile
from coodie.management.migrations.planning import (
    check_files,
    plan_fake,
    plan_rollback,
    plan_upgrade,
    status_rows,
)
from coodie.management.migrations.state import APPLIED, DOWN, FAILED, RUNNING, StateRecord

FILES = tuple(
    MigrationFile(f"2026010{i}_001_m{i}", Path(f"m/2026010{i}_001_m{i}.py"), f"sum{i}", f"m{i}")
    for i in range(1, 5)
)


def applied(*numbers: int, **changes: object) -> dict[str, StateRecord]:
    records = {}
    for n in numbers:
        f = FILES[n - 1]
        records[f.id] = StateRecord(f.id, APPLIED, f.checksum, applied_at=dt.datetime(2026, 1, n))
    return records


def ids(runs: tuple[object, ...]) -> list[tuple[str, str]]:
    return [(r.file.id[:8], r.direction) for r in runs]  # type: ignore[attr-defined]


def test_upgrade_runs_pending_in_order_and_resumes_failed_ones() -> None:
    records = applied(1)
    records[FILES[1].id] = StateRecord(FILES[1].id, FAILED, "sum2", completed=("a",))
    assert ids(plan_upgrade(FILES, records)) == [
        ("20260102", "up"),
        ("20260103", "up"),
        ("20260104", "up"),
    ]
    assert plan_upgrade(FILES, records)[0].record is records[FILES[1].id]


def test_target_applies_up_to_it_or_rolls_back_to_it() -> None:
    assert ids(plan_upgrade(FILES, applied(1), target="20260103")) == [
        ("20260102", "up"),
        ("20260103", "up"),
    ]
    assert ids(plan_upgrade(FILES, applied(1, 2, 3, 4), target=FILES[1].id)) == [
        ("20260104", "down"),
        ("20260103", "down"),
    ]
    with pytest.raises(MigrationError, match="no migration file"):
        plan_upgrade(FILES, {}, target="2027")


def test_rollback_takes_the_newest_steps() -> None:
    assert ids(plan_rollback(FILES, applied(1, 2, 3), steps=2)) == [
        ("20260103", "down"),
        ("20260102", "down"),
    ]
    with pytest.raises(MigrationError, match="at least 1"):
        plan_rollback(FILES, applied(1), steps=0)


def test_rollback_of_a_migration_whose_file_is_missing_is_refused() -> None:
    records = applied(1)
    records["20251231_001_gone"] = StateRecord("20251231_001_gone", APPLIED)
    records["20270101_001_gone"] = StateRecord("20270101_001_gone", APPLIED)
    with pytest.raises(MigrationRefused, match="20270101_001_gone: its file is missing"):
        plan_rollback(FILES, records)


def test_an_unfinished_rollback_blocks_upgrades() -> None:
    records = applied(1, 2)
    records[FILES[1].id] = StateRecord(FILES[1].id, FAILED, "sum2", direction=DOWN)
    with pytest.raises(MigrationRefused, match="failed while rolling back"):
        plan_upgrade(FILES, records)
    assert ids(plan_rollback(FILES, records)) == [("20260102", "down")]


def test_changed_files_are_refused_unless_allowed_and_missing_ones_reported() -> None:
    records = applied(1, 2)
    records[FILES[0].id] = StateRecord(FILES[0].id, APPLIED, "old")
    records["20251231_001_gone"] = StateRecord("20251231_001_gone", APPLIED)
    with pytest.raises(MigrationRefused, match=r"m/20260101_001_m1.py.*--allow-changed"):
        check_files(FILES, records)
    warnings = check_files(FILES, records, allow_changed=True)
    assert warnings == (
        "20251231_001_gone: recorded in the state but its file is missing",
        "20260101_001_m1: file changed since it was applied (allowed)",
    )


def test_a_failed_migration_may_be_fixed_without_allow_changed() -> None:
    records = {FILES[0].id: StateRecord(FILES[0].id, FAILED, "old")}
    assert check_files(FILES, records) == ()


def test_fake_stamps_unrecorded_files_up_to_target() -> None:
    assert [f.id[:8] for f in plan_fake(FILES, applied(2), "20260103")] == ["20260101", "20260103"]


def test_status_rows_show_state_drift_and_missing_files() -> None:
    records = applied(1)
    records[FILES[1].id] = StateRecord(FILES[1].id, APPLIED, "other")
    records[FILES[2].id] = StateRecord(FILES[2].id, RUNNING, "sum3", completed=("x", "y"))
    records["20251231_001_gone"] = StateRecord("20251231_001_gone", APPLIED, "s", "gone")
    rows = {r.id[:8]: r for r in status_rows(FILES, records)}
    assert (rows["20251231"].state, rows["20251231"].checksum) == ("applied", "file missing")
    assert (rows["20260101"].checksum, rows["20260101"].applied_at) == (
        "ok",
        "2026-01-01T00:00:00",
    )
    assert rows["20260102"].checksum == "changed"
    assert (rows["20260103"].state, rows["20260103"].completed) == ("running", 2)
    assert (rows["20260104"].state, rows["20260104"].description) == ("pending", "m4")
