"""Migration files: names, ordering, checksums, loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.exceptions import MigrationError
from coodie.management.migrations.files import (
    Migration,
    checksum_of,
    discover,
    next_file_name,
)

BODY = """
from coodie.management.migrations import Migration

class ForwardMigration(Migration):
    description = "{description}"

    def upgrade(self, ctx):
        ctx.execute("SELECT 1")
"""


def write(folder: Path, name: str, body: str = BODY.format(description="")) -> Path:
    path = folder / name
    path.write_text(body)
    return path


def test_files_are_ordered_by_name_and_described(tmp_path: Path) -> None:
    write(tmp_path, "20260102_001_add_email.py")
    write(tmp_path, "20260101_002_second.py")
    write(tmp_path, "20260101_001_create_users.py")
    write(tmp_path, "__init__.py", "")
    write(tmp_path, "_helpers.py", "")
    files = discover(tmp_path)
    assert [f.id for f in files] == [
        "20260101_001_create_users",
        "20260101_002_second",
        "20260102_001_add_email",
    ]
    assert files[0].description == "create users"


def test_checksum_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "20260101_001_a.py")
    (file,) = discover(tmp_path)
    assert file.checksum == checksum_of(path.read_bytes())
    path.write_text(path.read_text() + "# changed\n")
    (changed,) = discover(tmp_path)
    assert changed.checksum != file.checksum


@pytest.mark.parametrize(
    "name", ["2026_001_x.py", "20260101_1_x.py", "20260101_001_Upper.py", "notes.py"]
)
def test_badly_named_python_files_are_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, name)
    with pytest.raises(MigrationError, match=r"20260131_001_add_email\.py"):
        discover(tmp_path)


def test_two_files_with_the_same_date_and_number_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "20260101_001_a.py")
    write(tmp_path, "20260101_001_b.py")
    with pytest.raises(MigrationError, match="same date and number 20260101_001"):
        discover(tmp_path)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MigrationError, match="does not exist"):
        discover(tmp_path / "nope")


def test_load_returns_the_forward_migration(tmp_path: Path) -> None:
    write(tmp_path, "20260101_001_a.py", BODY.format(description="hello"))
    migration = discover(tmp_path)[0].load()
    assert isinstance(migration, Migration)
    assert migration.description == "hello"


def test_load_without_forward_migration_or_with_an_error(tmp_path: Path) -> None:
    write(tmp_path, "20260101_001_a.py", "x = 1\n")
    write(tmp_path, "20260101_002_b.py", "raise RuntimeError('boom')\n")
    first, second = discover(tmp_path)
    with pytest.raises(MigrationError, match="defines no `class ForwardMigration"):
        first.load()
    with pytest.raises(MigrationError, match="boom"):
        second.load()


def test_default_downgrade_is_irreversible() -> None:
    with pytest.raises(MigrationError, match="irreversible"):
        Migration().downgrade(None)


def test_next_file_name_numbers_after_todays_files(tmp_path: Path) -> None:
    write(tmp_path, "20260101_001_a.py")
    write(tmp_path, "20260131_001_a.py")
    write(tmp_path, "20260131_002_b.py")
    files = discover(tmp_path)
    assert next_file_name(files, "Add e-mail!", "20260131") == "20260131_003_add_e_mail.py"
    assert next_file_name(files, "x", "20260201") == "20260201_001_x.py"
    with pytest.raises(MigrationError, match="after today"):
        next_file_name(files, "x", "20251231")
    with pytest.raises(MigrationError, match="no letters"):
        next_file_name(files, "--", "20260131")
