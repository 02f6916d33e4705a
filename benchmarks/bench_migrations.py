"""Migration benchmarks (pytest-benchmark): ``--status`` on 200 files, a data scan vs a paged read.

Run: ``.venv/bin/python -m pytest benchmarks/bench_migrations.py --benchmark-only -s``
(``COODIE_BENCH_MIGRATION_ROWS`` sets the table size: 2,000 for CI, 200,000 for figures).

- ``status`` of 200 recorded migration files (discovery, checksums, state read);
- every row of a table read by a plain paged ``SELECT`` (5,000 rows a page), by a data
  migration's ``ctx.scan_table`` (token ranges, same page size, a checkpoint per page) and by
  a ``ctx.backfill`` that writes one column of every row back (``--workers 2``), on the
  embedded engine in-process and through ``coodie serve`` (a separate server process) with
  scylla-driver. Rows/s of each, the scan's ratio to the paged read, the client's peak traced
  Python memory and, through the server, the server process's peak resident memory are printed.

Timings are reported, never asserted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import coodie.sync
from coodie.cql.options import ExecutionOptions
from coodie.executor import connections as registry
from coodie.executor.raw import raw_statement
from coodie.management.migrations import RunSettings, fake, migrate, status
from coodie.testing import isolated_connections

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

BACKFILL = f"""
from coodie.management.migrations import Migration

class ForwardMigration(Migration):
    def upgrade(self, ctx):
        written = ctx.backfill(
            "items", lambda row: {{"price": row["price"] + "0"}}, columns=["price"],
            page_size={PAGE},
        )
        assert written == {ROWS}, written

    def downgrade(self, ctx):
        pass
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"coodie serve exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("coodie serve did not listen within 60 s")


def _server_peak_kib(pid: int) -> int:
    """The server process's peak resident memory (``VmHWM``), 0 where /proc has none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@pytest.fixture(params=["embedded", "server+scylla"])
def target(request: Any) -> Iterator[Callable[[], str]]:
    """A fresh database per test (each test has its own migration state): the embedded engine
    in-process, or a ``coodie serve`` process reached with scylla-driver. Yields a function
    that describes the server's memory (empty in-process)."""
    server: subprocess.Popen[bytes] | None = None
    if request.param != "embedded":
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "coodie.cli", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def describe() -> str:
        if server is None:
            return "in-process"
        return f"server peak RSS {_server_peak_kib(server.pid) / 1024:.0f} MB"

    try:
        with isolated_connections():
            if server is None:
                coodie.sync.init_coodie(driver_type="embedded")
            else:
                _wait_for(port, server)
                # a long request timeout: the machine running the figures may be shared and
                # loaded
                coodie.sync.init_coodie(
                    driver_type="scylla", hosts=["127.0.0.1"], port=port, timeout=120
                )
            coodie.sync.create_keyspace(KEYSPACE, replication_factor=1)
            yield describe
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def test_status_of_200_migrations(benchmark: Any, target: Any, tmp_path: Path) -> None:
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


def _paged_read() -> None:
    statement = raw_statement(f"SELECT id, price FROM {KEYSPACE}.items")
    driver = registry.get_connection().driver()
    seen, state = 0, None
    while True:
        page = driver.execute(statement, ExecutionOptions(fetch_size=PAGE, paging_state=state))
        seen += len(page.rows)
        state = page.paging_state
        if state is None:
            break
    assert seen == ROWS, seen


def _measured(function: Callable[[], None], *, twice: bool = True) -> tuple[float, int]:
    """Seconds of one untraced run, then the peak traced memory of a second run."""
    started = time.perf_counter()
    function()
    elapsed = time.perf_counter() - started
    if not twice:
        return elapsed, 0
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def _migration(folder: Path, source: str) -> Callable[[], None]:
    """Apply the one migration in ``folder``, then roll it back (its downgrade does nothing)."""
    (folder / "20260101_001_data.py").write_text(source)
    apply = RunSettings(folder=str(folder), keyspace=KEYSPACE, data={"workers": 2})
    rollback = RunSettings(folder=str(folder), keyspace=KEYSPACE, rollback=True)

    def run() -> None:
        migrate(apply)
        migrate(rollback)

    return run


def test_data_migration_scan_vs_paged_read(target: Any, tmp_path: Path) -> None:
    _fill()
    read_time, read_peak = _measured(_paged_read)
    (tmp_path / "scan").mkdir()
    scan_time, scan_peak = _measured(_migration(tmp_path / "scan", SCAN))
    (tmp_path / "backfill").mkdir()
    fill_time, _ = _measured(_migration(tmp_path / "backfill", BACKFILL), twice=False)
    ratio = read_time / scan_time
    print(
        f"\n{ROWS} rows: paged read {ROWS / read_time:,.0f} rows/s "
        f"(peak {read_peak / 1e6:.1f} MB), data migration scan {ROWS / scan_time:,.0f} rows/s "
        f"(peak {scan_peak / 1e6:.1f} MB), ratio {ratio:.0%}; backfill (2 workers) "
        f"{ROWS / fill_time:,.0f} rows/s; {target()}; load average {os.getloadavg()[0]:.1f}"
    )
