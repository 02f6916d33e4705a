"""Migration benchmarks (pytest-benchmark): ``--status`` on 200 files, a data scan vs a paged read.

Run: ``.venv/bin/python -m pytest benchmarks/bench_migrations.py --benchmark-only -s``
(``COODIE_BENCH_MIGRATION_ROWS`` sets the table size: 2,000 for CI, 200,000 for figures).

- ``status`` of 200 recorded migration files (discovery, checksums, state read);
- every row of a table read by a plain paged ``SELECT`` (5,000 rows a page) and by a data
  migration's ``ctx.scan_table`` (token ranges, same page size, a checkpoint per page), on the
  embedded engine; the rows/s ratio and the peak Python memory of each are printed.

Timings are reported, never asserted.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import coodie.sync
from coodie.cql.options import ExecutionOptions
from coodie.executor import connections as registry
from coodie.executor.raw import raw_statement
from coodie.management.migrations import RunSettings, fake, migrate, status

ROWS = int(os.environ.get("COODIE_BENCH_MIGRATION_ROWS", "2000"))
PAGE = 5000
KEYSPACE = "bench_migrations"

SCAN = f"""
from coodie.management.migrations import Migration

class ForwardMigration(Migration):
    def upgrade(self, ctx):
        seen = 0
        for page in ctx.scan_table("items", columns=["price"], page_size={PAGE}):
            seen += len(page)
        assert seen == {ROWS}, seen

    def downgrade(self, ctx):
        pass
"""


@pytest.fixture  # a fresh engine per test: each test has its own migration state
def engine() -> Iterator[None]:
    saved = dict(registry._connections), registry._default_name
    registry._connections.clear()
    coodie.sync.init_coodie(driver_type="embedded")
    coodie.sync.create_keyspace(KEYSPACE, replication_factor=1)
    yield
    coodie.sync.shutdown()
    registry._connections.clear()
    registry._connections.update(saved[0])
    registry._default_name = saved[1]


def test_status_of_200_migrations(benchmark: Any, engine: None, tmp_path: Path) -> None:
    for i in range(200):
        (tmp_path / f"20260101_{i:03d}_step_{i}.py").write_text(
            "from coodie.management.migrations import Migration\n\n"
            "class ForwardMigration(Migration):\n    def upgrade(self, ctx):\n        pass\n"
        )
    (tmp_path / "20260101_000_step_0.py").rename(tmp_path / "20260102_000_step_0.py")
    settings = RunSettings(folder=str(tmp_path), keyspace=KEYSPACE)
    fake(settings, "20260102_000")
    rows = benchmark(status, settings)
    assert len(rows) == 200 and {r.state for r in rows} == {"applied"}


def _fill() -> None:
    coodie.sync.execute_raw(f"CREATE TABLE {KEYSPACE}.items (id int PRIMARY KEY, price text)")
    batch = 200
    inserts = " ".join(
        f"INSERT INTO {KEYSPACE}.items (id, price) VALUES (?, ?);" for _ in range(batch)
    )
    cql = f"BEGIN UNLOGGED BATCH {inserts} APPLY BATCH"
    for start in range(0, ROWS, batch):
        params: list[Any] = []
        for i in range(start, start + batch):
            params += [i, f"{i % 1000}.25"]
        coodie.sync.execute_raw(cql, params)


def _paged_read() -> int:
    statement = raw_statement(f"SELECT id, price FROM {KEYSPACE}.items")
    driver = registry.get_connection().driver()
    seen, state = 0, None
    while True:
        page = driver.execute(statement, ExecutionOptions(fetch_size=PAGE, paging_state=state))
        seen += len(page.rows)
        state = page.paging_state
        if state is None:
            return seen


def _measured(function: Any) -> tuple[float, int]:
    """Seconds of one untraced run, then the peak traced memory of a second run."""
    started = time.perf_counter()
    function()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def test_data_migration_scan_vs_paged_read(engine: None, tmp_path: Path) -> None:
    _fill()
    (tmp_path / "20260101_001_scan.py").write_text(SCAN)
    settings = RunSettings(folder=str(tmp_path), keyspace=KEYSPACE)
    read_time, read_peak = _measured(lambda: assert_rows(_paged_read()))
    rollback = RunSettings(folder=str(tmp_path), keyspace=KEYSPACE, rollback=True)

    def scan() -> None:
        migrate(settings)
        migrate(rollback)  # the scan's downgrade does nothing; it makes the next run possible

    scan_time, scan_peak = _measured(scan)
    ratio = (ROWS / scan_time) / (ROWS / read_time)
    print(
        f"\n{ROWS} rows: paged read {ROWS / read_time:,.0f} rows/s "
        f"(peak {read_peak / 1e6:.1f} MB), data migration scan {ROWS / scan_time:,.0f} rows/s "
        f"(peak {scan_peak / 1e6:.1f} MB), ratio {ratio:.0%}"
    )


def assert_rows(seen: int) -> None:
    assert seen == ROWS, seen
