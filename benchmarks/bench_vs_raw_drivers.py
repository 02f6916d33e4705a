"""coodie over acsylla and over scylladb-rs-driver against each raw driver, via ``coodie serve``.

The sibling of ``bench_vs_raw.py`` (scylla-driver) for the two async-native drivers: the
same tables and rows, the raw driver written as its own documentation shows (prepared
statements, bound values, one batch object), coodie through ``coodie.aio`` with
``driver_type="acsylla"`` / ``"rs"``. Each benchmark records ``client_cpu_us`` (process CPU
per operation, per batch for W6) in its ``extra_info``: compare the two columns of one
group, in one run.

Workloads: W1 inserts and W2 gets awaited one at a time (neither raw driver has a
blocking API, so the sync W1/W2 of ``bench_vs_raw.py`` have no raw counterpart here), W4
inserts and W5 gets with 100 requests in flight, W6 an unlogged batch of 20 rows.

Run::

    .venv/bin/python -m pytest benchmarks/bench_vs_raw_drivers.py --benchmark-only \\
        --benchmark-columns=min,median --benchmark-group-by=group
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import timezone
from typing import Any

import pytest
from bench_vs_raw import AsyncProduct, _cpu, _in_flight, server_port  # noqa: F401
from bench_vs_raw import product as scylla_product

import coodie.aio
from coodie.testing import isolated_connections

KEYSPACE = "bench_vs_raw"  # the tables of bench_vs_raw.py (its Product model)
OPS = 300
BATCHES = 10
COLUMNS = "id, name, brand, price, active, created, tags, attrs"
INSERT = f"INSERT INTO {KEYSPACE}.product ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
SELECT = f"SELECT {COLUMNS} FROM {KEYSPACE}.product WHERE id = ?"


def product() -> dict[str, Any]:
    """One product's values as ``bench_vs_raw.product()`` makes them, with an aware timestamp
    (the raw rs driver refuses to bind a naive datetime to a timestamp)."""
    values = scylla_product()
    values["created"] = values["created"].replace(tzinfo=timezone.utc)
    return values


# -- the raw drivers: connect, prepare, insert, get, batch ------------------------------------


class RawAcsylla:
    """acsylla as its README shows it: prepared statements, ``bind_list``, one batch."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def open(self) -> None:
        import acsylla

        self.acsylla = acsylla
        self.cluster = acsylla.create_cluster(["127.0.0.1"], port=self.port)
        self.session = await self.cluster.create_session()
        self.insert = await self.session.create_prepared(INSERT)
        self.select = await self.session.create_prepared(SELECT)

    def _bound(self, values: dict[str, Any]) -> Any:
        bound = self.insert.bind()
        bound.bind_list(list(values.values()))
        return bound

    async def save(self, values: dict[str, Any]) -> None:
        await self.session.execute(self._bound(values))

    async def get(self, pk: uuid.UUID) -> Any:
        bound = self.select.bind()
        bound.bind_list([pk])
        return (await self.session.execute(bound)).first().as_dict()

    async def batch(self, rows: list[dict[str, Any]]) -> None:
        batch = self.acsylla.create_batch_unlogged()
        for values in rows:
            batch.add_statement(self._bound(values))
        await self.session.execute_batch(batch)

    async def close(self) -> None:
        await self.session.close()


class RawRs:
    """scylladb-rs-driver as its README shows it: prepared statements, one batch."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def open(self) -> None:
        import scylla.batch as sb
        from scylla.session_builder import SessionBuilder

        self.sb = sb
        self.session = await SessionBuilder().contact_points([f"127.0.0.1:{self.port}"]).connect()
        self.insert = await self.session.prepare(INSERT)
        self.select = await self.session.prepare(SELECT)

    async def save(self, values: dict[str, Any]) -> None:
        await self.session.execute(self.insert, list(values.values()))

    async def get(self, pk: uuid.UUID) -> Any:
        result = await self.session.execute(self.select, [pk])
        return next(iter(result.iter_current_page()))

    async def batch(self, rows: list[dict[str, Any]]) -> None:
        batch = self.sb.Batch(self.sb.BatchType.Unlogged)
        for values in rows:
            batch.add(self.insert, list(values.values()))
        await self.session.batch(batch)

    async def close(self) -> None:
        pass


RAW = {"acsylla": RawAcsylla, "rs": RawRs}
DRIVERS = [pytest.param(name, id=name) for name in RAW]


def _installed(name: str) -> None:
    pytest.importorskip("acsylla" if name == "acsylla" else "scylla")


@pytest.fixture(scope="module")
def tables(server_port: int) -> Iterator[int]:  # noqa: F811 - the fixture imported above
    """The ``product`` table, made through coodie (and the driver it is measured on)."""
    with isolated_connections():
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(coodie.aio.init_coodie(hosts=["127.0.0.1"], port=server_port))
            loop.run_until_complete(coodie.aio.create_keyspace(KEYSPACE, replication_factor=1))
            loop.run_until_complete(AsyncProduct.sync_table())
            loop.run_until_complete(coodie.aio.shutdown())
        finally:
            loop.close()
    yield server_port


def _run_raw(benchmark: Any, name: str, port: int, per: int, make: Callable[[Any], Any]) -> Any:
    """Open the raw driver on one event loop and benchmark ``make(raw)`` there."""
    _installed(name)
    loop = asyncio.new_event_loop()
    raw = RAW[name](port)
    try:
        loop.run_until_complete(raw.open())
        run = _cpu(benchmark, per)(lambda: loop.run_until_complete(make(raw)))
        result = benchmark.pedantic(run, rounds=3, warmup_rounds=1)
        loop.run_until_complete(raw.close())
        return result
    finally:
        loop.close()


def _run_coodie(
    benchmark: Any, name: str, port: int, per: int, make: Callable[[], Awaitable[Any]]
) -> Any:
    """Connect coodie.aio over driver ``name`` on one event loop and benchmark ``make()``."""
    _installed(name)
    loop = asyncio.new_event_loop()
    try:
        with isolated_connections():
            init = coodie.aio.init_coodie(hosts=["127.0.0.1"], port=port, driver_type=name)
            loop.run_until_complete(init)
            run = _cpu(benchmark, per)(lambda: loop.run_until_complete(make()))
            result = benchmark.pedantic(run, rounds=3, warmup_rounds=1)
            loop.run_until_complete(coodie.aio.shutdown())
            return result
    finally:
        loop.close()


async def _sequential(operation: Callable[[int], Awaitable[Any]], count: int) -> None:
    for i in range(count):
        await operation(i)


# -- W1 / W4 inserts ------------------------------------------------------------------------


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W1 insert, awaited one at a time")
def test_w1_insert_raw(benchmark: Any, tables: int, name: str) -> None:
    _run_raw(benchmark, name, tables, OPS, lambda r: _sequential(lambda _: r.save(product()), OPS))


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W1 insert, awaited one at a time")
def test_w1_insert_coodie(benchmark: Any, tables: int, name: str) -> None:
    async def op(_: int) -> None:
        await AsyncProduct.create(**product())

    _run_coodie(benchmark, name, tables, OPS, lambda: _sequential(op, OPS))


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W4 async insert, 100 in flight")
def test_w4_async_insert_raw(benchmark: Any, tables: int, name: str) -> None:
    _run_raw(benchmark, name, tables, OPS, lambda r: _in_flight(lambda _: r.save(product()), OPS))


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W4 async insert, 100 in flight")
def test_w4_async_insert_coodie(benchmark: Any, tables: int, name: str) -> None:
    async def op(_: int) -> None:
        await AsyncProduct.create(**product())

    _run_coodie(benchmark, name, tables, OPS, lambda: _in_flight(op, OPS))


# -- W2 / W5 gets by primary key --------------------------------------------------------------


@pytest.fixture(scope="module")
def stored(tables: int) -> list[dict[str, Any]]:
    """200 products written through coodie (over the default driver)."""
    rows = [product() for _ in range(200)]
    loop = asyncio.new_event_loop()
    try:
        with isolated_connections():
            loop.run_until_complete(coodie.aio.init_coodie(hosts=["127.0.0.1"], port=tables))
            for values in rows:
                loop.run_until_complete(AsyncProduct.create(**values))
            loop.run_until_complete(coodie.aio.shutdown())
    finally:
        loop.close()
    return rows


def _raw_get(raw: Any, rows: list[dict[str, Any]]) -> Callable[[int], Awaitable[None]]:
    async def op(i: int) -> None:
        values = rows[i % len(rows)]
        found = await raw.get(values["id"])
        assert found["name"] == values["name"]

    return op


async def _coodie_get(rows: list[dict[str, Any]], i: int) -> None:
    values = rows[i % len(rows)]
    found = await AsyncProduct.get(id=values["id"])
    assert found.name == values["name"]


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W2 get by primary key, awaited one at a time")
def test_w2_get_raw(benchmark: Any, stored: list[dict[str, Any]], tables: int, name: str) -> None:
    _run_raw(benchmark, name, tables, OPS, lambda r: _sequential(_raw_get(r, stored), OPS))


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W2 get by primary key, awaited one at a time")
def test_w2_get_coodie(
    benchmark: Any, stored: list[dict[str, Any]], tables: int, name: str
) -> None:
    _run_coodie(
        benchmark, name, tables, OPS, lambda: _sequential(lambda i: _coodie_get(stored, i), OPS)
    )


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W5 async get, 100 in flight")
def test_w5_async_get_raw(
    benchmark: Any, stored: list[dict[str, Any]], tables: int, name: str
) -> None:
    _run_raw(benchmark, name, tables, OPS, lambda r: _in_flight(_raw_get(r, stored), OPS))


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W5 async get, 100 in flight")
def test_w5_async_get_coodie(
    benchmark: Any, stored: list[dict[str, Any]], tables: int, name: str
) -> None:
    _run_coodie(
        benchmark, name, tables, OPS, lambda: _in_flight(lambda i: _coodie_get(stored, i), OPS)
    )


# -- W6 unlogged batches of 20 rows -----------------------------------------------------------


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W6 unlogged batch of 20 rows")
def test_w6_batch_raw(benchmark: Any, tables: int, name: str) -> None:
    async def batches(raw: Any) -> None:
        for _ in range(BATCHES):
            await raw.batch([product() for _ in range(20)])

    _run_raw(benchmark, name, tables, BATCHES, batches)


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.benchmark(group="W6 unlogged batch of 20 rows")
def test_w6_batch_coodie(benchmark: Any, tables: int, name: str) -> None:
    async def batches() -> None:
        for _ in range(BATCHES):
            async with coodie.aio.BatchQuery(logged=False) as b:
                for _ in range(20):
                    await AsyncProduct(**product()).save(batch=b)

    _run_coodie(benchmark, name, tables, BATCHES, batches)
