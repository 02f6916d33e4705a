"""One request must not stall the others: point-read latency on one connection while a
second counts every row of a large table and a third writes, against ``coodie serve`` in
a child process (so the clients do not share its interpreter).

Run: ``.venv/bin/python -m pytest benchmarks/bench_server_fairness.py -s`` (300,000 rows;
``COODIE_BENCH_ROWS`` changes it). Prints the read p50/p99/max while the count runs.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

cluster_mod = pytest.importorskip("cassandra.cluster")

SERVE = """
import asyncio, sys
from coodie.embedded import Engine
from coodie.server import CqlServer
from coodie.server.command import tune_for_serving
engine = Engine()
session = engine.session()
session.execute("CREATE KEYSPACE b WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE b.kv (k int PRIMARY KEY, v text)")
insert = session.prepare("INSERT INTO b.kv (k, v) VALUES (?, ?)")
for k in range(int(sys.argv[1])):
    session.execute(insert, [k, "value"])
tune_for_serving()
async def main():
    server = CqlServer(engine, port=0)
    await server.start()
    print("port", server.port, flush=True)
    await server.serve_forever()
asyncio.run(main())
"""


@pytest.fixture(scope="module")
def rows(request: pytest.FixtureRequest) -> int:
    smoke = request.config.getoption("benchmark_disable", False)
    return 2_000 if smoke else int(os.environ.get("COODIE_BENCH_ROWS", "300000"))


@pytest.fixture(scope="module")
def port(rows: int) -> Iterator[int]:
    command = [sys.executable, "-c", SERVE, str(rows)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        found = re.match(r"port (\d+)", process.stdout.readline())
        assert found, "the server did not start"
        yield int(found.group(1))
    finally:
        process.kill()
        process.wait(10)


def _session(port: int) -> tuple[Any, Any]:
    cluster = cluster_mod.Cluster(["127.0.0.1"], port=port, protocol_version=4)
    return cluster, cluster.connect()


def test_point_reads_while_counting_and_writing(benchmark: Any, port: int, rows: int) -> None:
    clusters = [_session(port) for _ in range(3)]
    (_, reader), (_, counter), (_, writer) = clusters
    counting = threading.Event()
    done = threading.Event()
    counts: list[int] = []

    def count() -> None:
        counting.set()
        statement = cluster_mod.SimpleStatement("SELECT count(*) FROM b.kv", fetch_size=None)
        counts.append(counter.execute(statement, timeout=600).one()[0])
        done.set()

    def write() -> None:
        insert = writer.prepare("INSERT INTO b.kv (k, v) VALUES (?, ?)")
        k = rows
        while not done.is_set():
            writer.execute(insert, (k, "new"), timeout=120)
            k += 1

    select = reader.prepare("SELECT v FROM b.kv WHERE k = ?")
    reader.execute(select, (1,))
    threads = [threading.Thread(target=count), threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    counting.wait()
    latencies = []
    try:
        while not done.is_set() and len(latencies) < 200_000:
            started = time.perf_counter()
            row = reader.execute(select, (len(latencies) % rows,), timeout=120).one()
            assert row.v == "value"
            latencies.append(time.perf_counter() - started)
    finally:
        for thread in threads:
            thread.join(600)
        for cluster, _ in clusters:
            cluster.shutdown()
    assert counts and counts[0] >= rows
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if len(latencies) >= 100 else None
    benchmark.extra_info.update(p50_ms=p50, p99_ms=p99, reads=len(latencies))
    p99_text = "n/a" if p99 is None else f"{p99:.1f}"
    print(f"\n{rows} rows counted; {len(latencies)} point reads meanwhile: p50 {p50:.1f} ms, "
          f"p99 {p99_text} ms, max {latencies[-1] * 1000:.1f} ms")  # fmt: skip
    benchmark.pedantic(lambda: reader, rounds=1, iterations=1)
