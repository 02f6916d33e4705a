"""Migrations end to end: apply, status, rollback, target, dry run, fake, resume, lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.exceptions import MigrationLockError, MigrationRefused
from coodie.executor.runner import run
from coodie.management.migrations import MigrationFailed, history
from coodie.management.migrations.lock import try_acquire

from .conftest import Api
from .migration_helpers import Runner, write

CREATE = """
ctx.execute(f"CREATE TABLE IF NOT EXISTS {ctx.keyspace}.items (id int PRIMARY KEY, name text)")
ctx.execute(f"INSERT INTO {ctx.keyspace}.items (id, name) VALUES (?, ?)", [1, "pen"])
"""
ADD_PRICE = 'await ctx.add_column("items", "price", "decimal")'
DROP_PRICE = 'await ctx.drop_column("items", "price", destructive=True)'


@pytest.fixture
def runner(api: Api, tmp_path: Path) -> Runner:
    write(
        tmp_path,
        "20260101_001_create_items.py",
        CREATE,
        'ctx.drop_table("items", destructive=True)',
    )
    write(tmp_path, "20260102_001_add_price.py", ADD_PRICE, DROP_PRICE, is_async=True)
    write(tmp_path, "20260103_001_add_tags.py", 'ctx.add_column("items", "tags", "set<text>")',
          'ctx.drop_column("items", "tags", destructive=True)')  # fmt: skip
    return Runner(api, tmp_path)


def test_apply_status_and_rollback(runner: Runner) -> None:
    result = runner.migrate()
    assert [(o.id[:8], o.direction) for o in result.outcomes] == [
        ("20260101", "up"),
        ("20260102", "up"),
        ("20260103", "up"),
    ]
    assert result.outcomes[1].statements == (
        f"ALTER TABLE {runner.keyspace}.items ADD (price decimal)",
    )
    rows = runner.rows("SELECT * FROM {ks}.items")
    # A never-written set is null in CQL, through every driver.
    assert rows == [{"id": 1, "name": "pen", "price": None, "tags": None}]
    status = runner.status()
    assert [(r.state, r.checksum) for r in status.values()] == [("applied", "ok")] * 3
    assert runner.migrate().outcomes == ()

    back = runner.migrate(rollback=True, steps=2)
    assert [(o.id[:8], o.direction) for o in back.outcomes] == [
        ("20260103", "down"),
        ("20260102", "down"),
    ]
    assert runner.rows("SELECT * FROM {ks}.items") == [{"id": 1, "name": "pen"}]
    assert [r.state for r in runner.status().values()] == ["applied", "pending", "pending"]
    log = history(runner.settings())
    assert [(e["id"][:8], e["action"], e["outcome"]) for e in log][-2:] == [
        ("20260103", "down", "done"),
        ("20260102", "down", "done"),
    ]


def test_target_applies_up_to_and_back_to(runner: Runner) -> None:
    runner.migrate(target="20260102_001_add_price")
    assert [r.state for r in runner.status().values()] == ["applied", "applied", "pending"]
    runner.migrate()
    runner.migrate(target="20260101")
    assert [r.state for r in runner.status().values()] == ["applied", "pending", "pending"]


def test_dry_run_shows_statements_and_changes_nothing(runner: Runner) -> None:
    runner.migrate(target="20260101")
    result = runner.migrate(dry_run=True)
    assert [o.statements for o in result.outcomes] == [
        (f"ALTER TABLE {runner.keyspace}.items ADD (price decimal)",),
        (f"ALTER TABLE {runner.keyspace}.items ADD (tags set<text>)",),
    ]
    assert list(runner.rows("SELECT * FROM {ks}.items")[0]) == ["id", "name"]
    assert [r.state for r in runner.status().values()] == ["applied", "pending", "pending"]


def test_fake_adopts_an_existing_database(runner: Runner) -> None:
    runner.rows("CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = "
                "{{'class': 'SimpleStrategy', 'replication_factor': 1}}")  # fmt: skip
    runner.rows("CREATE TABLE {ks}.items (id int PRIMARY KEY, name text, price decimal)")
    assert runner.fake("20260102") == ("20260101_001_create_items", "20260102_001_add_price")
    assert [o.id[:8] for o in runner.migrate().outcomes] == ["20260103"]
    assert runner.fake("20260102") == ()


def test_failed_migration_records_completed_statements_and_resumes(
    runner: Runner, tmp_path: Path
) -> None:
    write(
        tmp_path,
        "20260104_001_two_columns.py",
        """
        ctx.add_column("items", "a", "int")
        ctx.execute(f"UPDATE {ctx.keyspace}.items SET a = ? WHERE id = ?", [7, 1])
        if (HERE / "FAIL").exists():
            raise RuntimeError("boom")
        ctx.add_column("items", "b", "int")
        """,
    )
    (tmp_path / "FAIL").write_text("")
    with pytest.raises(
        MigrationFailed, match="20260104_001_two_columns failed: RuntimeError: boom"
    ) as info:
        runner.migrate()
    assert info.value.path == str(tmp_path / "20260104_001_two_columns.py")
    row = runner.status()["20260104_001_two_columns"]
    assert (row.state, row.completed, row.error) == ("failed", 2, "RuntimeError: boom")
    (tmp_path / "FAIL").unlink()
    result = runner.migrate()
    assert result.outcomes[0].statements == (f"ALTER TABLE {runner.keyspace}.items ADD (b int)",)
    assert runner.status()["20260104_001_two_columns"].state == "applied"
    assert runner.rows("SELECT a, b FROM {ks}.items") == [{"a": 7, "b": None}]


def test_destructive_operations_need_saying_so(runner: Runner, tmp_path: Path) -> None:
    write(tmp_path, "20260104_001_drop.py", 'ctx.drop_table("items")')
    with pytest.raises(MigrationFailed, match=r"destroys data.*destructive=True"):
        runner.migrate()
    assert runner.rows("SELECT id FROM {ks}.items") == [{"id": 1}]


def test_a_changed_file_is_refused_until_allowed(runner: Runner, tmp_path: Path) -> None:
    runner.migrate()
    path = tmp_path / "20260101_001_create_items.py"
    path.write_text(path.read_text() + "# edited\n")
    with pytest.raises(MigrationRefused, match="changed after it was applied"):
        runner.migrate()
    assert runner.status()["20260101_001_create_items"].checksum == "changed"
    runner.migrate(allow_changed=True)
    assert runner.status()["20260101_001_create_items"].checksum == "ok"


def test_a_missing_file_is_reported(runner: Runner, tmp_path: Path) -> None:
    runner.migrate()
    (tmp_path / "20260103_001_add_tags.py").unlink()
    assert runner.status()["20260103_001_add_tags"].checksum == "file missing"
    assert runner.migrate().warnings == (
        "20260103_001_add_tags: recorded in the state but its file is missing",
    )


def test_a_held_lock_makes_a_second_runner_wait_then_fail(runner: Runner) -> None:
    runner.migrate(target="20260101")
    holder = run(try_acquire(runner.keyspace, "someone-else", 30))
    assert holder is None
    with pytest.raises(
        MigrationLockError, match=r"held by .* \(owner someone-else\) since .* lease ends"
    ):
        runner.migrate(lock_timeout=0.3)
    assert [r.state for r in runner.status().values()] == ["applied", "pending", "pending"]


def test_an_expired_lease_frees_the_lock(runner: Runner) -> None:
    runner.migrate(target="20260101")
    assert run(try_acquire(runner.keyspace, "crashed-runner", 1)) is None
    result = runner.migrate(lock_timeout=5)
    assert len(result.outcomes) == 2
