"""Main-thread CPU that coodie adds per operation, against raw calls on the same session.

The side-by-side harness (``../shared/bench/``) times two processes' CPU, every thread
included; ``count_instructions.py`` counts instructions, which do not see caches. Neither
shows well what a sequential request costs coodie's own Python: between two requests the
client waits while the server runs on the other core, so every request starts with cold
caches, and coodie's path (more code and objects than the driver's) pays for that more than
its instruction count says.

This script runs coodie and the raw driver in one process, on coodie's own scylla-driver
session and execution profile, interleaved round by round, and times the main thread
(``time.thread_time``) outside the driver's ``execute_async`` and ``ResponseFuture.result``:
what is left is each side's own work per operation (binding and the call for the raw side;
planning, converting, binding and hydrating for coodie). Needs a running server::

    .venv/bin/coodie serve --port 19342 &
    .venv/bin/python benchmarks/main_thread_cpu.py --port 19342 --rounds 30

It prints, per workload, the medians over rounds of the main thread's CPU per operation, of
each side's own share, and of coodie's own minus raw's in the same round.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HARNESS = Path(__file__).resolve().parents[2] / "shared" / "bench"
COLUMNS = ("id", "name", "brand", "price", "active", "created", "tags", "attrs")
OPERATIONS = 200
"""Operations per round (W6: rows, in batches of 20)."""


class DriverClock:
    """Main-thread CPU spent inside the session's ``execute_async`` and ``result``."""

    def __init__(self, session: Any) -> None:
        self.inside = 0
        execute_async = session.execute_async

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time_ns()
            future = execute_async(*args, **kwargs)
            self.inside += time.thread_time_ns() - start
            result = future.result

            def timed_result() -> Any:
                begin = time.thread_time_ns()
                try:
                    return result()
                finally:
                    self.inside += time.thread_time_ns() - begin

            future.result = timed_result
            return future

        session.execute_async = timed


def workloads(adapter: Any, session: Any, profile: Any, keyspace: str) -> dict[str, Any]:
    """Workload → (raw side, coodie side), each ``f(products) -> operations``."""
    from cassandra.query import BatchStatement, BatchType

    names = ", ".join(COLUMNS)
    select = session.prepare(f"SELECT {names} FROM {keyspace}.product WHERE id = ?")
    insert = session.prepare(
        f"INSERT INTO {keyspace}.product ({names}) VALUES ({', '.join('?' * len(COLUMNS))})"
    )

    def send(statement: Any) -> Any:
        statement.fetch_size = 5000  # as coodie sets it
        return session.execute_async(statement, execution_profile=profile).result()

    def raw_get(products: list[dict[str, Any]]) -> int:
        for p in products:
            send(select.bind((p["id"],))).one()
        return len(products)

    def raw_insert(products: list[dict[str, Any]]) -> int:
        for p in products:
            send(insert.bind(tuple(p[c] for c in COLUMNS)))
        return len(products)

    def raw_batch(products: list[dict[str, Any]]) -> int:
        for i in range(0, len(products), 20):
            batch = BatchStatement(batch_type=BatchType.UNLOGGED)
            for p in products[i : i + 20]:
                batch.add(insert, tuple(p[c] for c in COLUMNS))
            send(batch)
        return len(products) // 20

    def coodie_get(products: list[dict[str, Any]]) -> int:
        for p in products:
            adapter.get(p["id"])
        return len(products)

    def coodie_insert(products: list[dict[str, Any]]) -> int:
        for p in products:
            adapter.insert(p)
        return len(products)

    def coodie_batch(products: list[dict[str, Any]]) -> int:
        for i in range(0, len(products), 20):
            adapter.batch_insert(products[i : i + 20])
        return len(products) // 20

    return {
        "W1": (raw_insert, coodie_insert),
        "W2": (raw_get, coodie_get),
        "W6": (raw_batch, coodie_batch),
    }


def measure(
    run: Callable[[list[dict[str, Any]]], int], products: list[dict[str, Any]], clock: DriverClock
) -> tuple[float, float]:
    """(main-thread CPU, its share outside the driver's calls) per operation, µs."""
    gc.collect()
    clock.inside = 0
    start = time.thread_time_ns()
    operations = run(products)
    total = time.thread_time_ns() - start
    return total / operations / 1000, (total - clock.inside) / operations / 1000


def main() -> None:
    """Measure every workload, raw and coodie interleaved, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=19342)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--workloads", default="W1,W2,W6")
    args = parser.parse_args()
    sys.path.insert(0, str(HARNESS))
    bench = importlib.import_module("workloads")
    adapter = importlib.import_module("adapters.project").Adapter()
    adapter.connect("127.0.0.1", args.port, None)
    keyspace = "main_thread_cpu"
    adapter.setup(keyspace, False)
    driver = adapter.driver._driver  # coodie's ScyllaDriver: its session and profile
    clock = DriverClock(driver.session)
    products = bench.make_products(random.Random(1), OPERATIONS * (args.rounds + 1), "m")
    for p in products[:OPERATIONS]:  # the rows W2 reads; warms both sides up
        adapter.insert(p)
    pairs = workloads(adapter, driver.session, driver._profile, keyspace)
    chosen = args.workloads.split(",")
    results: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {
        w: [] for w in chosen
    }
    for round_ in range(args.rounds):
        fresh = products[OPERATIONS * (round_ + 1) :][:OPERATIONS]
        for workload in chosen:
            rows = products[:OPERATIONS] if workload == "W2" else fresh
            raw, ours = pairs[workload]
            results[workload].append((measure(raw, rows, clock), measure(ours, rows, clock)))
    adapter.close()
    print(f"main-thread CPU µs per operation (per batch for W6), medians of {args.rounds} rounds")
    print("workload   raw: main  own   coodie: main  own   coodie own - raw own")
    for workload, rounds in results.items():
        raw_main = statistics.median(r[0][0] for r in rounds)
        raw_own = statistics.median(r[0][1] for r in rounds)
        our_main = statistics.median(r[1][0] for r in rounds)
        our_own = statistics.median(r[1][1] for r in rounds)
        added = statistics.median(r[1][1] - r[0][1] for r in rounds)
        print(
            f"{workload:8} {raw_main:10.1f} {raw_own:5.1f} {our_main:13.1f} {our_own:5.1f}"
            f" {added:22.1f}"
        )


if __name__ == "__main__":
    main()
