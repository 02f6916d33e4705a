"""Write and delete many rows on a persistent engine: memory and disk return to a flat level.

Run (figures; the default size keeps the CI smoke run quick)::

    COODIE_BENCH_ROWS=1000000 .venv/bin/python -m pytest benchmarks/bench_compaction.py \
        --benchmark-only -s

Five cycles each write ROWS / 5 rows (batches of 500 in partitions of 1,000 rows) and
delete them again (one partition deletion per 1,000 rows), on a table with
``gc_grace_seconds = 0``. After each cycle the engine compacts and checkpoints; the
figures printed are the rows still stored, the process RSS and the data directory size.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from coodie.embedded import Engine

ROWS = int(os.environ.get("COODIE_BENCH_ROWS", "20000"))
CYCLES = 5
PARTITION = 1000
BATCH = 500


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _disk_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 2**20


def _cycle(e: Engine, start: int, rows: int) -> None:
    s = e.session("b")
    insert = s.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)")
    for first in range(start, start + rows, BATCH):
        s.execute_batch(
            [(insert, [i // PARTITION, i, "x" * 40]) for i in range(first, first + BATCH)],
            "UNLOGGED",
        )
    delete = s.prepare("DELETE FROM t WHERE k = ?")
    for k in range(start // PARTITION, (start + rows) // PARTITION):
        s.execute(delete, [k])


def test_write_and_delete_stays_flat(benchmark: Any) -> None:
    figures: list[tuple[int, float, float]] = []
    per_cycle = max(ROWS // CYCLES // PARTITION, 1) * PARTITION

    def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp)
            e = Engine(path=tmp)
            s = e.session()
            s.execute(
                "CREATE KEYSPACE b WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
            s.execute(
                "CREATE TABLE b.t (k int, c int, v text, PRIMARY KEY (k, c)) "
                "WITH gc_grace_seconds = 0"
            )
            for cycle in range(CYCLES):
                _cycle(e, cycle * per_cycle, per_cycle)
                e.pinned_clock_us = e.now_us() + 2_000_000  # past gc_grace_seconds = 0
                e.checkpoint()  # compacts first
                e.pinned_clock_us = None
                stored = sum(len(p.rows) for p in e.data[("b", "t")].partitions.values())
                figures.append((stored, _rss_mib(), _disk_mib(path)))
            e.close()

    benchmark.pedantic(run, rounds=1, iterations=1)
    for cycle, (stored, rss, disk) in enumerate(figures, start=1):
        print(f"cycle {cycle}: {stored} rows stored, RSS {rss:.1f} MiB, disk {disk:.2f} MiB")
    benchmark.extra_info["cycles"] = figures
    assert all(stored == 0 for stored, _, _ in figures)
    assert figures[-1][2] <= figures[0][2] * 1.5 + 0.1  # disk back to the first cycle's level
