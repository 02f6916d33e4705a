"""coodie on the embedded engine, end to end: single-row insert, read by key, a big partition.

Run::

    .venv/bin/python benchmarks/bench_embedded.py [--rows 10000] [--quick]

Everything goes through the public API (``coodie.sync`` and ``coodie.aio``) and
the embedded driver adapter; the engine runs in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from typing import Annotated, Any

import coodie.aio
import coodie.sync
from coodie.fields import ClusteringKey, PrimaryKey

KEYSPACE = "bench_embedded"


class Reading(coodie.sync.Document):
    sensor: Annotated[str, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    value: float = 0.0
    unit: str = "C"
    note: str | None = None

    class Settings:
        keyspace = KEYSPACE
        name = "reading"


class AsyncReading(coodie.aio.Document):
    sensor: Annotated[str, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    value: float = 0.0
    unit: str = "C"
    note: str | None = None

    class Settings:
        keyspace = KEYSPACE
        name = "reading"


def timed(fn: Callable[[], Any], number: int) -> float:
    """Mean seconds per call over ``number`` calls (after one warm-up call)."""
    fn()
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    number = 300 if args.quick else 3000

    coodie.sync.init_coodie(driver_type="embedded", name="bench")
    coodie.sync.execute_raw(
        f"CREATE KEYSPACE IF NOT EXISTS {KEYSPACE} WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    Reading.sync_table()

    counter = iter(range(10**9))
    rows: list[tuple[str, float]] = []
    rows.append(
        (
            "sync insert one row",
            timed(lambda: Reading(sensor="s", seq=next(counter)).save(), number),
        )
    )
    rows.append(("sync get by primary key", timed(lambda: Reading.get(sensor="s", seq=1), number)))

    loop = asyncio.new_event_loop()

    def async_insert() -> None:
        loop.run_until_complete(AsyncReading(sensor="a", seq=next(counter)).save())

    def async_get() -> None:
        loop.run_until_complete(AsyncReading.get(sensor="s", seq=1))

    rows.append(("aio insert one row", timed(async_insert, number)))
    rows.append(("aio get by primary key", timed(async_get, number)))

    batch_size = 500
    for start in range(0, args.rows, batch_size):
        with coodie.sync.BatchQuery("UNLOGGED") as b:
            for seq in range(start, min(start + batch_size, args.rows)):
                Reading(sensor="big", seq=seq, value=seq * 0.5).save(batch=b)
    loads = 3 if args.quick else 5
    whole = timed(lambda: Reading.find(sensor="big").all(), loads)
    assert len(Reading.find(sensor="big").all()) == args.rows
    rows.append((f"sync load {args.rows}-row partition (whole)", whole))
    rows.append(("  per row", whole / args.rows))
    awhole = timed(lambda: loop.run_until_complete(AsyncReading.find(sensor="big").all()), loads)
    rows.append((f"aio load {args.rows}-row partition (whole)", awhole))
    loop.close()

    width = max(len(name) for name, _ in rows)
    print(f"{'operation':<{width}}  {'µs':>12}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1e6:>12.1f}")
    coodie.sync.close("bench")


if __name__ == "__main__":
    main()
