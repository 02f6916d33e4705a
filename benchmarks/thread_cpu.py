"""Client CPU per sequential operation, split by thread: the caller's and the driver's loop.

The side-by-side harness (``../shared/bench/``) reports one process's CPU, every thread
included. A request runs on two threads: the caller's (build, bind, encode, send, then
hydrate) and the driver's event loop (read, decode, complete the future). This script runs
the harness's own adapters and workloads (``raw_cached`` and ``project``, W1 inserts and W2
gets by primary key, each after its warm-up), one process per side, alternating, and reads
each thread's CPU from ``/proc/self/task`` around the timed loops. It also counts garbage
collections in them (the harness's own ``gc.collect()`` before each loop included). Linux
only; needs a running server::

    .venv/bin/coodie serve --port 19342 &
    .venv/bin/python benchmarks/thread_cpu.py --port 19342 --runs 2

Each run prints, per side and workload, process CPU, main-thread CPU and the other threads'
CPU per operation (µs), and the number of collections.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

HARNESS = Path(__file__).resolve().parents[2] / "shared" / "bench"
SIDES = ("raw_cached", "project")


def thread_ticks() -> dict[str, int]:
    """CPU clock ticks (user + system) of each thread of this process, by thread id."""
    ticks = {}
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks[tid] = int(fields[11]) + int(fields[12])
    return ticks


def measure_side(adapter_name: str, port: int) -> dict[str, Any]:
    """Run W1 and W2 with one harness adapter; per-thread CPU of their timed loops."""
    sys.path.insert(0, str(HARNESS))
    bench = importlib.import_module("workloads")
    collections = [0]

    def count(phase: str, _: Any) -> None:
        collections[0] += phase == "start"

    gc.callbacks.append(count)
    timed_loops: list[dict[str, Any]] = []
    harness_timed = bench._timed

    def timed(fn: Any) -> Any:
        before, collected = thread_ticks(), collections[0]
        result = harness_timed(fn)
        after = thread_ticks()
        used = {tid: after[tid] - before.get(tid, 0) for tid in after}
        timed_loops.append({"ticks": used, "gc": collections[0] - collected, "cpu": result[1]})
        return result

    bench._timed = timed
    adapter = importlib.import_module(f"adapters.{adapter_name}").Adapter()
    adapter.connect("127.0.0.1", port, None)
    adapter.setup(f"thread_cpu_{adapter_name}", fresh=False)
    cfg = bench.Config()
    rng = random.Random(1)
    warm = bench.make_products(rng, cfg.warmup, "warm")
    products = bench.make_products(rng, cfg.n_seq, "w1")
    order = [p["id"] for p in products]
    rng.shuffle(order)
    metrics: dict[str, float] = {}
    bench.w1_insert(adapter, cfg, warm, products, metrics)
    bench.w2_get(adapter, cfg, [p["id"] for p in warm], order, metrics)
    adapter.close()
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK") / cfg.n_seq
    main = str(os.getpid())
    out = {}
    for workload, loop in zip(("W1", "W2"), timed_loops, strict=True):
        ticks = loop["ticks"]
        out[workload] = {
            "process": loop["cpu"] / cfg.n_seq * 1e6,
            "main": ticks.get(main, 0) * tick_us,
            "others": sum(v for tid, v in ticks.items() if tid != main) * tick_us,
            "gc": loop["gc"],
        }
    return out


def main() -> None:
    """Alternate the two sides ``--runs`` times, each in its own process, and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=19342)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--side", choices=SIDES, help="(internal) measure one side, print JSON")
    args = parser.parse_args()
    if args.side:
        print(json.dumps(measure_side(args.side, args.port)))
        return
    print("µs per operation: process | main thread | other threads (the driver's loop), gc runs")
    for run in range(1, args.runs + 1):
        for side in SIDES:
            command = [sys.executable, __file__, "--side", side, "--port", str(args.port)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            cells = "   ".join(
                f"{w} {r['process']:4.0f} | {r['main']:4.0f} | {r['others']:4.0f}, gc {r['gc']}"
                for w, r in result.items()
            )
            print(f"run {run} {side:10} {cells}")


if __name__ == "__main__":
    main()
