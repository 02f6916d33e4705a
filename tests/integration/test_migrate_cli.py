"""``coodie migrate`` as a subprocess: output, exit codes, racing runners, a killed runner.

The processes talk to their own database: a persisted embedded engine
(``--driver embedded --path``) or a ``coodie serve`` started here, reached with
scylla-driver (two processes cannot share one embedded engine directory).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coodie.testing import ServerInfo, embedded_server

from .migration_helpers import write

pytestmark = pytest.mark.integration

COODIE = [sys.executable, "-m", "coodie.cli"]


def coodie(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [*COODIE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.coodie]\ndriver = "embedded"\npath = "data"\nkeyspace = "shop"\n'
    )
    folder = tmp_path / "migrations"
    folder.mkdir()
    write(folder, "20260101_001_create_items.py",
          'ctx.execute(f"CREATE TABLE {ctx.keyspace}.items (id int PRIMARY KEY, name text)")',
          'ctx.drop_table("items", destructive=True)')  # fmt: skip
    write(folder, "20260102_001_add_price.py", 'ctx.add_column("items", "price", "decimal")',
          'ctx.drop_column("items", "price", destructive=True)')  # fmt: skip
    return tmp_path


def test_version() -> None:
    done = subprocess.run([*COODIE, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip().startswith("coodie ")


def test_migrate_status_rollback_on_a_persisted_embedded_engine(project: Path) -> None:
    first = coodie("migrate", "--create-keyspace", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "applying 20260101_001_create_items" in first.stdout
    assert "ALTER TABLE shop.items ADD (price decimal)" in first.stdout
    status = coodie("migrate", "--status", "--json", cwd=project)
    rows = json.loads(status.stdout)
    assert [(r["id"], r["state"], r["checksum"]) for r in rows] == [
        ("20260101_001_create_items", "applied", "ok"),
        ("20260102_001_add_price", "applied", "ok"),
    ]
    back = coodie("migrate", "--rollback", "--json", cwd=project)
    assert json.loads(back.stdout)["migrations"][0]["statements"] == [
        "ALTER TABLE shop.items DROP (price)"
    ]
    dry = coodie("migrate", "--dry-run", "--json", cwd=project)
    assert json.loads(dry.stdout)["migrations"][0]["statements"] == [
        "ALTER TABLE shop.items ADD (price decimal)"
    ]
    assert (
        json.loads(coodie("migrate", "--status", "--json", cwd=project).stdout)[1]["state"]
        == "pending"
    )


def test_exit_codes_and_error_lines(project: Path) -> None:
    assert coodie("migrate", "--create-keyspace", cwd=project).returncode == 0
    changed = project / "migrations" / "20260101_001_create_items.py"
    changed.write_text(changed.read_text() + "# edited\n")
    refused = coodie("migrate", cwd=project)
    assert refused.returncode == 4
    assert "changed after it was applied" in refused.stderr
    assert coodie("migrate", "--allow-changed", cwd=project).returncode == 0
    write(
        project / "migrations",
        "20260103_001_bad.py",
        'ctx.execute("ALTER TABLE nowhere ADD x int")',
    )
    failed = coodie("migrate", cwd=project)
    assert failed.returncode == 1
    lines = failed.stderr.splitlines()
    assert lines[0].startswith("error: 20260103_001_bad failed: ")
    assert lines[1] == "  file: migrations/20260103_001_bad.py"
    assert lines[2] == "  statement: ALTER TABLE nowhere ADD x int"
    no_keyspace = coodie("migrate", "--keyspace", "", "--status", cwd=project)
    assert no_keyspace.returncode == 2


@pytest.fixture(scope="module")
def server() -> Iterator[ServerInfo]:
    with embedded_server() as info:
        yield info


def _server_project(tmp_path: Path, server: ServerInfo) -> tuple[Path, str]:
    """A project whose migration creates a table, then waits for a GO file, then adds a column."""
    keyspace = f"cli_{uuid.uuid4().hex[:10]}"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.coodie]\ndriver = "scylla"\nhosts = ["{server.host}"]\nport = {server.port}\n'
        f'keyspace = "{keyspace}"\nlock_lease = 4\n'
    )
    folder = tmp_path / "migrations"
    folder.mkdir()
    write(folder, "20260101_001_slow.py", """
        ctx.execute(f"CREATE TABLE {ctx.keyspace}.t (id int PRIMARY KEY)")
        (HERE / "STARTED").write_text("")
        import time
        deadline = time.monotonic() + 60
        while not (HERE / "GO").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        ctx.add_column("t", "v", "int")
        """)  # fmt: skip
    return tmp_path, keyspace


def _spawn(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COODIE, "migrate", "--create-keyspace", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def test_two_runner_processes_race_for_the_lock(tmp_path: Path, server: ServerInfo) -> None:
    project, _ = _server_project(tmp_path, server)
    first = _spawn(project)
    _wait_for(project / "migrations" / "STARTED")
    impatient = _spawn(project, "--lock-timeout", "0")
    _, err_impatient = impatient.communicate(timeout=60)
    assert impatient.returncode == 3, err_impatient
    assert "another migration runner holds the lock: held by" in err_impatient
    patient = _spawn(project, "--lock-timeout", "60")
    time.sleep(0.5)
    (project / "migrations" / "GO").write_text("")
    out_first, err_first = first.communicate(timeout=60)
    out_patient, err_patient = patient.communicate(timeout=60)
    assert first.returncode == 0, err_first
    assert "done 20260101_001_slow" in out_first
    assert patient.returncode == 0, err_patient
    assert "nothing to do" in out_patient


def test_a_killed_runner_is_resumed_after_its_lease(tmp_path: Path, server: ServerInfo) -> None:
    project, keyspace = _server_project(tmp_path, server)
    victim = _spawn(project)
    _wait_for(project / "migrations" / "STARTED")
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    status = json.loads(coodie("migrate", "--status", "--json", cwd=project).stdout)
    assert (status[0]["state"], status[0]["completed"]) == ("running", 1)
    (project / "migrations" / "GO").write_text("")
    rerun = coodie("migrate", "--lock-timeout", "30", "--json", cwd=project)
    assert rerun.returncode == 0, rerun.stderr
    (done,) = json.loads(rerun.stdout)["migrations"]
    assert done["statements"] == [f"ALTER TABLE {keyspace}.t ADD (v int)"]
    status = json.loads(coodie("migrate", "--status", "--json", cwd=project).stdout)
    assert (status[0]["state"], status[0]["completed"]) == ("applied", 0)


MODELS = """
from typing import Annotated
from uuid import UUID

from coodie.fields import Indexed, PrimaryKey
from coodie.sync import Document


class Product(Document):
    id: Annotated[UUID, PrimaryKey()]
    name: Annotated[str, Indexed()] = ""
    rating: int | None = None
    price: float | None = None

    class Settings:
        name = "product"
"""


def test_makemigration_then_migrate_then_schema_diff_is_clean(project: Path) -> None:
    (project / "shop_models.py").write_text(MODELS)
    with (project / "pyproject.toml").open("a") as handle:
        handle.write('models = ["shop_models"]\n')
    for path in (project / "migrations").glob("*.py"):
        path.unlink()
    write(project / "migrations", "20260101_001_base.py",
          'ctx.execute(f"CREATE TABLE {ctx.keyspace}.product '
          '(id uuid PRIMARY KEY, name text, price text)")')  # fmt: skip
    assert coodie("migrate", "--create-keyspace", cwd=project).returncode == 0
    before = coodie("schema-diff", "--json", cwd=project)
    assert before.returncode == 1
    summaries = [c["summary"] for c in json.loads(before.stdout)["changes"]]
    assert summaries == [
        "add column product.rating int",
        "create index product_name_idx on product(name)",
        "product: type of price: the model has float, the table has text",
    ]
    made = coodie("makemigration", "--name", "add rating", cwd=project)
    assert made.returncode == 0, made.stderr
    assert "warning: product: type of price" in made.stderr
    (generated,) = (project / "migrations").glob("*_001_add_rating.py")
    assert "# TODO: product: type of price" in generated.read_text()
    assert coodie("migrate", cwd=project).returncode == 0
    after = coodie("schema-diff", cwd=project)
    assert after.returncode == 1
    assert (
        after.stdout.splitlines()[0]
        == "! product: type of price: the model has float, the table has text"
    )
    rollback = coodie("migrate", "--rollback", cwd=project)
    assert rollback.returncode == 0, rollback.stderr
    assert coodie("schema-diff", cwd=project).stdout.startswith("+ add column product.rating int")


BACKFILL = """
for i in range(50):
    ctx.execute(f"INSERT INTO {ctx.keyspace}.items (id, name) VALUES (?, ?)", [i, f"n{i}"])
ctx.backfill("items", lambda row: {"name": row["name"].upper()}, columns=["name"], page_size=7)
"""


def _in_a_terminal(args: list[str], cwd: Path) -> str:
    """Run ``coodie`` with a pseudo-terminal as its standard output; return what it drew."""
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    process = subprocess.Popen([*COODIE, *args], cwd=cwd, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(leader)
    assert process.wait(timeout=30) == 0, b"".join(chunks)
    return b"".join(chunks).decode(errors="replace")


def test_data_migration_progress_bar_on_a_terminal_plain_lines_otherwise(project: Path) -> None:
    write(project / "migrations", "20260103_001_backfill.py", BACKFILL)
    drawn = _in_a_terminal(["migrate", "--create-keyspace", "--workers", "3"], project)
    assert "━" in drawn and "scan items" in drawn  # a rich bar, one for the three workers
    assert "50/50 rows" in drawn and "64/64 ranges" in drawn and "done in" in drawn
    back = coodie("migrate", "--rollback", "--yes", cwd=project)
    assert back.returncode == 0, back.stderr
    plain = _in_a_terminal(["migrate", "--workers", "3", "--no-color"], project)
    assert "━" not in plain and "\x1b[" not in plain
    (final,) = [line for line in plain.splitlines() if "done in" in line]
    assert final.strip().startswith("scan items: 50 rows, 64/64 ranges, ")
    coodie("migrate", "--rollback", "--yes", cwd=project)
    piped = coodie("migrate", "--workers", "2", cwd=project)
    assert piped.returncode == 0, piped.stderr
    (final,) = [line for line in piped.stdout.splitlines() if "done in" in line]
    assert final.startswith("  scan items: 50 rows, 64/64 ranges, ")
    coodie("migrate", "--rollback", "--yes", cwd=project)
    quiet = coodie("migrate", "--workers", "2", "--json", cwd=project)
    assert quiet.returncode == 0 and "scan items" not in quiet.stdout
    json.loads(quiet.stdout)
