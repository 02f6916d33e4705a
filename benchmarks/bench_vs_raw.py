"""coodie against the raw scylla-driver, side by side, through ``coodie serve`` (W1-W6).

The server runs in its own process, so the CPU figures are the client's alone: each
benchmark records ``client_cpu_us`` (process CPU per operation, per row for W3, per
batch for W6) in its ``extra_info``. Judge coodie by the ratio of the two columns of
one run; wall times depend on the server sharing the machine.

Run::

    .venv/bin/python -m pytest benchmarks/bench_vs_raw.py --benchmark-only \\
        --benchmark-columns=min,median --benchmark-group-by=group

``COODIE_BENCH_ROWS`` sets the W3 partition size (default 10,000).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from typing import Annotated, Any

import pytest
from pydantic import Field

import coodie.aio
import coodie.sync
from coodie.fields import ClusteringKey, Double, PrimaryKey
from coodie.testing import isolated_connections

cluster_mod = pytest.importorskip("cassandra.cluster")
query_mod = pytest.importorskip("cassandra.query")

KEYSPACE = "bench_vs_raw"
ROWS = int(os.environ.get("COODIE_BENCH_ROWS", "10000"))
IN_FLIGHT = 100
EPOCH = datetime(2024, 1, 1)
INSERT = (
    f"INSERT INTO {KEYSPACE}.product (id, name, brand, price, active, created, tags, attrs) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _models(base: type) -> tuple[Any, Any]:
    class Product(base):  # type: ignore[misc,valid-type]
        id: Annotated[uuid.UUID, PrimaryKey()]
        name: str
        brand: str
        price: float
        active: bool
        created: datetime
        tags: list[str] = Field(default_factory=list)
        attrs: dict[str, str] = Field(default_factory=dict)

        class Settings:
            keyspace = KEYSPACE
            name = "product"

    class Reading(base):  # type: ignore[misc,valid-type]
        sensor: Annotated[str, PrimaryKey()]
        ts: Annotated[datetime, ClusteringKey(order="DESC")]
        value: Annotated[float, Double()]

        class Settings:
            keyspace = KEYSPACE
            name = "reading"

    return Product, Reading


Product, Reading = _models(coodie.sync.Document)
AsyncProduct, AsyncReading = _models(coodie.aio.Document)
_ids = itertools.count()


def product() -> dict[str, Any]:
    """One product's values (a fresh id each call)."""
    i = next(_ids)
    return {
        "id": uuid.uuid4(),
        "name": f"product {i}",
        "brand": ("acme", "globex", "initech")[i % 3],
        "price": 9.99 + i,
        "active": i % 2 == 0,
        "created": EPOCH + timedelta(seconds=i),
        "tags": ["a", "b", "c"],
        "attrs": {"color": "red", "size": "M"},
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def server_port() -> Iterator[int]:
    """``coodie serve`` in its own process, so client CPU is the client's alone."""
    port = _free_port()
    command = [sys.executable, "-c", "from coodie.cli import main; main()", "serve"]
    process = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("coodie serve did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def raw(server_port: int) -> Iterator[Any]:
    """A raw session with the driver's cached named-tuple rows: the limit for a mapper."""
    profile = cluster_mod.ExecutionProfile(
        row_factory=getattr(query_mod, "cached_named_tuple_factory", query_mod.named_tuple_factory),
        load_balancing_policy=cluster_mod.default_lbp_factory(),
    )
    cluster = cluster_mod.Cluster(
        ["127.0.0.1"],
        port=server_port,
        execution_profiles={cluster_mod.EXEC_PROFILE_DEFAULT: profile},
    )
    session = cluster.connect()
    yield session
    cluster.shutdown()


@pytest.fixture(scope="module")
def schema(server_port: int, raw: Any) -> Iterator[int]:
    """The tables, and a W3 partition of ``ROWS`` readings."""
    with isolated_connections():
        coodie.sync.init_coodie(hosts=["127.0.0.1"], port=server_port)
        coodie.sync.create_keyspace(KEYSPACE, replication_factor=1)
        Product.sync_table()
        Reading.sync_table()
        Reading.truncate()
        for start in range(0, ROWS, 50):
            with coodie.sync.BatchQuery(logged=False) as batch:
                for i in range(start, min(start + 50, ROWS)):
                    Reading(sensor="s1", ts=EPOCH + timedelta(seconds=i), value=i / 2).save(
                        batch=batch
                    )
        yield server_port


@pytest.fixture
def sync_coodie(schema: int) -> Iterator[None]:
    with isolated_connections():
        coodie.sync.init_coodie(hosts=["127.0.0.1"], port=schema)
        yield None


def _cpu(benchmark: Any, per: int) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Wrap a benchmarked call to add its client CPU per operation to ``extra_info``."""

    def wrap(fn: Callable[[], Any]) -> Callable[[], Any]:
        def timed() -> Any:
            start = time.process_time()
            result = fn()
            cpu_us = (time.process_time() - start) / per * 1e6
            best = benchmark.extra_info.get("client_cpu_us")
            benchmark.extra_info["client_cpu_us"] = cpu_us if best is None else min(best, cpu_us)
            return result

        return timed

    return wrap


# -- W1 sequential insert, W2 get by primary key -----------------------------------------


@pytest.mark.benchmark(group="W1 insert")
def test_w1_insert_raw(benchmark: Any, raw: Any, schema: int) -> None:
    insert = raw.prepare(INSERT)
    benchmark(_cpu(benchmark, 1)(lambda: raw.execute(insert, tuple(product().values()))))


@pytest.mark.benchmark(group="W1 insert")
def test_w1_insert_coodie(benchmark: Any, sync_coodie: None) -> None:
    benchmark(_cpu(benchmark, 1)(lambda: Product.create(**product())))


@pytest.mark.benchmark(group="W2 get by primary key")
def test_w2_get_raw(benchmark: Any, raw: Any, schema: int) -> None:
    values = product()
    raw.execute(raw.prepare(INSERT), tuple(values.values()))
    select = raw.prepare(f"SELECT * FROM {KEYSPACE}.product WHERE id = ?")
    row = benchmark(_cpu(benchmark, 1)(lambda: raw.execute(select, (values["id"],)).one()))
    assert row.name == values["name"]


@pytest.mark.benchmark(group="W2 get by primary key")
def test_w2_get_coodie(benchmark: Any, sync_coodie: None) -> None:
    values = product()
    Product.create(**values)
    found = benchmark(_cpu(benchmark, 1)(lambda: Product.get(id=values["id"])))
    assert found.name == values["name"]


# -- W3 a partition into objects, sync and async -----------------------------------------


@pytest.mark.benchmark(group="W3 partition read, per row")
def test_w3_partition_raw(benchmark: Any, raw: Any, schema: int) -> None:
    select = raw.prepare(f"SELECT * FROM {KEYSPACE}.reading WHERE sensor = ? LIMIT ?")

    def read() -> list[Any]:
        bound = select.bind(("s1", ROWS))
        bound.fetch_size = 5000
        return list(raw.execute(bound))

    rows = benchmark.pedantic(_cpu(benchmark, ROWS)(read), rounds=5, warmup_rounds=1)
    assert len(rows) == ROWS


@pytest.mark.benchmark(group="W3 partition read, per row")
def test_w3_partition_coodie(benchmark: Any, sync_coodie: None) -> None:
    query = Reading.find(sensor="s1").limit(ROWS).fetch_size(5000)
    rows = benchmark.pedantic(_cpu(benchmark, ROWS)(query.all), rounds=5, warmup_rounds=1)
    assert len(rows) == ROWS and rows[0].ts > rows[-1].ts


@pytest.mark.benchmark(group="W3a partition read through asyncio, per row")
def test_w3a_partition_raw_async(benchmark: Any, raw: Any, schema: int) -> None:
    select = raw.prepare(f"SELECT * FROM {KEYSPACE}.reading WHERE sensor = ? LIMIT ?")

    async def read() -> list[Any]:
        rows: list[Any] = []
        state = None
        while True:
            bound = select.bind(("s1", ROWS))
            bound.fetch_size = 5000
            # The driver reads the paging state from this argument, not from the statement.
            response = raw.execute_async(bound, paging_state=state)
            rows.extend(await _awaitable(response))
            state = response._paging_state
            if state is None:
                return rows

    loop = asyncio.new_event_loop()
    try:
        run = _cpu(benchmark, ROWS)(lambda: loop.run_until_complete(read()))
        rows = benchmark.pedantic(run, rounds=5, warmup_rounds=1)
    finally:
        loop.close()
    assert len(rows) == ROWS


@pytest.mark.benchmark(group="W3a partition read through asyncio, per row")
def test_w3a_partition_coodie_async(benchmark: Any, schema: int) -> None:
    async def read() -> list[Any]:
        return await AsyncReading.find(sensor="s1").limit(ROWS).fetch_size(5000).all()

    rows = _async_benchmark(benchmark, schema, ROWS, read)
    assert len(rows) == ROWS


# -- W4 / W5: 100 requests in flight through asyncio -------------------------------------


async def _in_flight(operation: Callable[[int], Awaitable[Any]], count: int) -> None:
    items = iter(range(count))

    async def worker() -> None:
        for i in items:
            await operation(i)

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))


def _async_benchmark(
    benchmark: Any, port: int, per: int, make: Callable[[], Awaitable[Any]]
) -> Any:
    """Run ``make()`` on one event loop per benchmark, with coodie.aio connected there."""
    loop = asyncio.new_event_loop()
    try:
        with isolated_connections():
            loop.run_until_complete(coodie.aio.init_coodie(hosts=["127.0.0.1"], port=port))
            run = _cpu(benchmark, per)(lambda: loop.run_until_complete(make()))
            return benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    finally:
        loop.close()


def _raw_async(raw: Any, statement: Any, params: Any = None) -> asyncio.Future[Any]:
    """The usual bridge a raw-driver app writes: one loop wake-up per request."""
    return _awaitable(raw.execute_async(statement, params))


def _awaitable(response: Any) -> asyncio.Future[Any]:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(value: Any, error: BaseException | None) -> None:
        if not future.done():
            future.set_exception(error) if error else future.set_result(value)

    response.add_callbacks(
        lambda rows: loop.call_soon_threadsafe(settle, rows, None),
        lambda exc: loop.call_soon_threadsafe(settle, None, exc),
    )
    return future


ASYNC_OPS = 2000


@pytest.mark.benchmark(group="W4 async insert, 100 in flight")
def test_w4_async_insert_raw(benchmark: Any, raw: Any, schema: int) -> None:
    insert = raw.prepare(INSERT)

    async def op(_: int) -> None:
        await _raw_async(raw, insert, tuple(product().values()))

    loop = asyncio.new_event_loop()
    try:
        run = _cpu(benchmark, ASYNC_OPS)(lambda: loop.run_until_complete(_in_flight(op, ASYNC_OPS)))
        benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    finally:
        loop.close()


@pytest.mark.benchmark(group="W4 async insert, 100 in flight")
def test_w4_async_insert_coodie(benchmark: Any, schema: int) -> None:
    async def op(_: int) -> None:
        await AsyncProduct.create(**product())

    _async_benchmark(benchmark, schema, ASYNC_OPS, lambda: _in_flight(op, ASYNC_OPS))


@pytest.fixture(scope="module")
def stored_ids(raw: Any, schema: int) -> list[uuid.UUID]:
    insert = raw.prepare(INSERT)
    ids = []
    for _ in range(200):
        values = product()
        raw.execute(insert, tuple(values.values()))
        ids.append(values["id"])
    return ids


@pytest.mark.benchmark(group="W5 async get, 100 in flight")
def test_w5_async_get_raw(benchmark: Any, raw: Any, stored_ids: list[uuid.UUID]) -> None:
    select = raw.prepare(f"SELECT * FROM {KEYSPACE}.product WHERE id = ?")

    async def op(i: int) -> None:
        rows = await _raw_async(raw, select, (stored_ids[i % len(stored_ids)],))
        assert rows[0].id == stored_ids[i % len(stored_ids)]

    loop = asyncio.new_event_loop()
    try:
        run = _cpu(benchmark, ASYNC_OPS)(lambda: loop.run_until_complete(_in_flight(op, ASYNC_OPS)))
        benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    finally:
        loop.close()


@pytest.mark.benchmark(group="W5 async get, 100 in flight")
def test_w5_async_get_coodie(benchmark: Any, schema: int, stored_ids: list[uuid.UUID]) -> None:
    async def op(i: int) -> None:
        found = await AsyncProduct.get(id=stored_ids[i % len(stored_ids)])
        assert found.id == stored_ids[i % len(stored_ids)]

    _async_benchmark(benchmark, schema, ASYNC_OPS, lambda: _in_flight(op, ASYNC_OPS))


# -- W6 unlogged batches of 20 rows -------------------------------------------------------


@pytest.mark.benchmark(group="W6 unlogged batch of 20 rows")
def test_w6_batch_raw(benchmark: Any, raw: Any, schema: int) -> None:
    insert = raw.prepare(INSERT)

    def batch() -> None:
        statement = query_mod.BatchStatement(batch_type=query_mod.BatchType.UNLOGGED)
        for _ in range(20):
            statement.add(insert, tuple(product().values()))
        raw.execute(statement)

    benchmark(_cpu(benchmark, 1)(batch))


@pytest.mark.benchmark(group="W6 unlogged batch of 20 rows")
def test_w6_batch_coodie(benchmark: Any, sync_coodie: None) -> None:
    def batch() -> None:
        with coodie.sync.BatchQuery(logged=False) as b:
            for _ in range(20):
                Product(**product()).save(batch=b)

    benchmark(_cpu(benchmark, 1)(batch))
