"""Instructions per operation, raw driver against coodie, counted by cachegrind.

The side-by-side harness (``../shared/bench/``) times client CPU, which on a shared machine
moves by tens of percent between rounds. Instructions do not: this script runs the
harness's own adapters and workloads under ``valgrind --tool=cachegrind`` (every thread of
the client counted, the server outside valgrind), once with a few operations and once with
more, and prints the difference per operation. Needs valgrind and a running server::

    .venv/bin/coodie serve --port 19342 &
    .venv/bin/python benchmarks/count_instructions.py --port 19342
    .venv/bin/python benchmarks/count_instructions.py --port 19342 \\
        --contender before=/path/to/other/checkout/src --workloads W2,W6

A contender is ``raw_cached`` (scylla-driver with a cached row class), ``project`` (coodie
from this interpreter) or ``NAME=SRC`` (coodie from the source tree ``SRC``, e.g. a
``git worktree`` of another commit). OpenBLAS (imported by the driver) is held to one
thread: its idle threads' spinning would otherwise be counted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import re
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[2] / "shared" / "bench"
OPERATIONS = {"W1": (50, 450), "W2": (50, 450), "W6": (10, 110), "W3": (1, 4)}
"""Workload → (operations in the short run, in the long run); W3 reads 10,000 rows each."""


def main() -> None:
    """Count every contender's instructions per operation of each workload."""
    args = _arguments()
    if args.worker:
        _work(args.worker, args.port)
        return
    contenders = ["raw_cached", "project", *args.contender]
    if "W3" in args.workloads:  # the partition is written without valgrind, once
        for contender in contenders:
            _run(contender, "load", 0, args.port, counted=False)
    print("workload  contender   instructions per operation (per batch for W6, per read for W3)")
    for workload in args.workloads.split(","):
        for contender in contenders:
            short, long = OPERATIONS[workload]
            counts = [_count(contender, workload, n, args.port) for n in (short, long)]
            print(
                f"{workload:9} {_name(contender):11} {(counts[1] - counts[0]) // (long - short):,}"
            )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=19342)
    parser.add_argument("--workloads", default="W1,W2,W6,W3")
    parser.add_argument("--contender", action="append", default=[], help="NAME=SRC, repeatable")
    parser.add_argument("--worker", nargs=3, metavar=("ADAPTER", "WORKLOAD", "N"))
    return parser.parse_args()


def _name(contender: str) -> str:
    return contender.split("=", 1)[0]


def _count(contender: str, workload: str, n: int, port: int) -> int:
    """Instructions of one worker process running ``n`` operations (after its warm-up)."""
    stderr = _run(contender, workload, n, port, counted=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _run(contender: str, workload: str, n: int, port: int, *, counted: bool) -> str:
    """Run one worker (under cachegrind when ``counted``); returns its standard error."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    adapter = contender
    if "=" in contender:
        adapter, env["PYTHONPATH"] = "project", contender.split("=", 1)[1]
    valgrind = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    command = [
        *(valgrind if counted else []),
        sys.executable,
        __file__,
        "--port",
        str(port),
        "--worker",
        adapter,
        workload,
        str(n),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stderr


def _work(worker: list[str], port: int) -> None:
    """One contender's run: set up, warm up, then ``n`` operations of one workload."""
    adapter_name, workload, n = worker[0], worker[1], int(worker[2])
    sys.path.insert(0, str(HARNESS))
    workloads = importlib.import_module("workloads")
    adapter = importlib.import_module(f"adapters.{adapter_name}").Adapter()
    adapter.connect("127.0.0.1", port, None)
    keyspace = f"instructions_{adapter_name}"
    adapter.setup(keyspace, False)
    products = workloads.make_products(random.Random(1), 1400, "i")
    if workload == "load":
        if len(adapter.read_partition(workloads.SENSOR, 10000, 5000)) < 10000:
            adapter.load_readings(workloads.make_readings(10000))
    elif workload == "W3":
        for _ in range(n + 1):  # a warm-up read first
            assert len(adapter.read_partition(workloads.SENSOR, 10000, 5000)) == 10000
    else:
        for product in products[:100]:  # warm-up, and the rows W2 reads
            adapter.insert(product)
        for i in range(n):
            if workload == "W1":
                adapter.insert(products[100 + i])
            elif workload == "W2":
                adapter.get(products[i % 100]["id"])
            else:
                adapter.batch_insert(products[i * 20 % 1300 :][:20])
    adapter.close()


if __name__ == "__main__":
    main()
