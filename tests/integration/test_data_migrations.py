"""Data migrations: scans by token range, batched writes with checkpoints, resume, workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.executor.runner import run
from coodie.management.migrations import MigrationFailed
from coodie.management.migrations.progress import ScanProgress
from coodie.management.migrations.scan import ScanTarget, read_range_page, split_ring

from .conftest import Api
from .migration_helpers import Runner, write

ROWS = 300

SETUP = f"""
ctx.execute(f"CREATE TABLE {{ctx.keyspace}}.items (id int PRIMARY KEY, price text, cents int)")
for i in range({ROWS}):
    ctx.execute(f"INSERT INTO {{ctx.keyspace}}.items (id, price) VALUES (?, ?)", [i, f"{{i}}.25"])
"""

BACKFILL = """
written = HERE / "written.txt"
pages = 0
for page in ctx.scan_table("items", columns=["price"], page_size=20):
    ctx.update_rows("items", [{"id": r["id"], "cents": int(float(r["price"]) * 100)} for r in page])
    with written.open("a") as log:
        log.write("".join(f"{r['id']}\\n" for r in page))
    pages += 1
    if pages == 5 and (HERE / "FAIL").exists():
        raise RuntimeError("killed mid-scan")
"""


@pytest.fixture
def runner(api: Api, tmp_path: Path) -> Runner:
    write(tmp_path, "20260101_001_items.py", SETUP)
    return Runner(api, tmp_path)


def test_a_failed_scan_resumes_after_its_checkpoint_with_no_row_written_twice(
    runner: Runner, tmp_path: Path
) -> None:
    write(tmp_path, "20260102_001_backfill.py", BACKFILL)
    (tmp_path / "FAIL").write_text("")
    with pytest.raises(MigrationFailed, match="killed mid-scan"):
        runner.migrate()
    first = (tmp_path / "written.txt").read_text().split()
    assert 0 < len(first) < ROWS
    (tmp_path / "FAIL").unlink()
    runner.migrate()
    written = [int(i) for i in (tmp_path / "written.txt").read_text().split()]
    assert sorted(written) == list(range(ROWS))  # every row once: none lost, none twice
    rows = runner.rows("SELECT id, cents FROM {ks}.items")
    assert all(r["cents"] == r["id"] * 100 + 25 for r in rows) and len(rows) == ROWS


def test_backfill_with_workers_shard_and_throttle(runner: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        "20260102_001_backfill.py",
        """
        n = ctx.backfill("items", lambda r: {"cents": int(float(r["price"]) * 100)},
                         columns=["price"], page_size=25)
        (HERE / "count.txt").write_text(str(n))
        """,
    )
    seen: list[ScanProgress] = []
    runner.migrate(
        data={"workers": 3, "shard": "0/2", "max_rows_per_second": 100_000}, progress=seen.append
    )
    shard_rows = int((tmp_path / "count.txt").read_text())
    # one progress total for the three workers: ordered, ending once with every range done
    assert [s.rows for s in seen] == sorted(s.rows for s in seen)
    assert [s.final for s in seen].count(True) == 1 and seen[-1].final
    assert (seen[-1].rows, seen[-1].ranges_done, seen[-1].ranges_total) == (shard_rows, 32, 32)
    assert any(s.estimated_rows for s in seen[:-1])
    rows = runner.rows("SELECT id, cents FROM {ks}.items")
    done = [r for r in rows if r["cents"] is not None]
    assert len(done) == shard_rows and 0 < shard_rows < ROWS
    assert all(r["cents"] == r["id"] * 100 + 25 for r in done)


def test_dry_run_reads_but_writes_nothing(runner: Runner, tmp_path: Path) -> None:
    runner.migrate()
    write(tmp_path, "20260102_001_backfill.py", BACKFILL)
    result = runner.migrate(dry_run=True)
    assert any(line.strip().startswith("UPDATE") for line in runner.lines)
    assert result.outcomes[0].id == "20260102_001_backfill"
    assert all(r["cents"] is None for r in runner.rows("SELECT cents FROM {ks}.items"))


def test_token_ranges_fan_out_on_dask(runner: Runner) -> None:
    distributed = pytest.importorskip("dask.distributed", reason="the coodie[dask] extra")
    runner.migrate()
    target = ScanTarget(runner.keyspace, "items", ("id",), ("id",), ("id",))

    def count(token_range: object) -> int:
        total, state = 0, None
        while True:
            rows, state = run(read_range_page(target, token_range, 50, state))  # type: ignore[arg-type]
            total += len(rows)
            if state is None:
                return total

    cluster = distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        counts = client.gather(client.map(count, split_ring(16)))
    assert sum(counts) == ROWS
