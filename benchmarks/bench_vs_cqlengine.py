"""Client CPU per operation: coodie vs cassandra.cqlengine, both on a no-I/O backend.

coodie runs on the recording driver answering canned rows; cqlengine (shipped
inside scylla-driver) runs on a fake session answering the same rows as dicts.
Both models have 10 columns, so the figures are the mappers' own cost. Run::

    .venv/bin/python -m pytest benchmarks/bench_vs_cqlengine.py --benchmark-only \\
        --benchmark-columns=min,median --benchmark-group-by=group

``COODIE_BENCH_ROWS`` sets the size of the multi-row load (default 1,000 so the CI smoke
run stays quick; use 10,000 for figures); the load benchmarks record ``per_row_us``
(best time per row) in their ``extra_info``.
Targets: coodie ≤ 1/3 of cqlengine's time per operation; < 1.5 µs per row loaded.
Timings are reported, never asserted.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any

import pytest

from coodie.compiler.compiled import StatementKind
from coodie.drivers.base import ExecutionOptions, ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.executor import connections as coodie_connection
from coodie.fields import PrimaryKey
from coodie.sync import Document
from coodie.testing import isolated_connections

cols = pytest.importorskip("cassandra.cqlengine.columns")
cqe_connection = pytest.importorskip("cassandra.cqlengine.connection")
cqe_models = pytest.importorskip("cassandra.cqlengine.models")

ROWS = int(os.environ.get("COODIE_BENCH_ROWS", "1000"))
UTC = datetime.timezone.utc
COLUMNS = ("id", "name", "brand", "price", "qty", "active", "created", "tags", "attrs", "cost")


def row_values(i: int) -> dict[str, Any]:
    return {
        "id": uuid.UUID(int=i + 1),
        "name": f"product {i}",
        "brand": "acme",
        "price": 9.5 + i,
        "qty": i,
        "active": True,
        "created": datetime.datetime(2024, 1, 1, tzinfo=UTC),
        "tags": ["a", "b"],
        "attrs": {"k": "v"},
        "cost": Decimal("1.25"),
    }


VALUES = row_values(1)
PID = VALUES["id"]

# -- coodie ------------------------------------------------------------------------------


class Product(Document):
    id: Annotated[uuid.UUID, PrimaryKey()]
    name: str
    brand: str = ""
    price: float = 0.0
    qty: int = 0
    active: bool = False
    created: datetime.datetime | None = None
    tags: list[str] = []
    attrs: dict[str, str] = {}
    cost: Decimal | None = None

    class Settings:
        keyspace = "bench"
        name = "product"


EMPTY = ResultPage((), ())


class CannedDriver(RecordingDriver):
    """Answers every SELECT with ``rows``; writes with an empty page."""

    def __init__(self) -> None:
        super().__init__(self._answer, record=False)
        self.page = ResultPage(COLUMNS, [])

    def _answer(self, statement: Any, options: ExecutionOptions) -> ResultPage:
        if statement.kind is StatementKind.SELECT:
            return self.page
        return EMPTY

    def set_rows(self, n: int) -> None:
        rows = [tuple(row_values(i)[c] for c in COLUMNS) for i in range(n)]
        self.page = ResultPage(COLUMNS, rows)


# -- cqlengine ---------------------------------------------------------------------------


class CqlProduct(cqe_models.Model):  # type: ignore[misc]
    __keyspace__ = "bench"
    __table_name__ = "product"
    id = cols.UUID(primary_key=True)
    name = cols.Text()
    brand = cols.Text()
    price = cols.Float()
    qty = cols.Integer()
    active = cols.Boolean()
    created = cols.DateTime()
    tags = cols.List(cols.Text)
    attrs = cols.Map(cols.Text, cols.Text)
    cost = cols.Decimal()


class FakeCluster:
    protocol_version = 4


class FakeSession:
    """What cqlengine needs of a session: ``execute`` returning dict rows."""

    keyspace = "bench"

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def execute(self, query: Any, params: Any = None, timeout: Any = None) -> list[dict[str, Any]]:
        query_string = getattr(query, "query_string", str(query))
        return self.rows if query_string.lstrip().upper().startswith("SELECT") else []


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backends() -> Iterator[tuple[CannedDriver, FakeSession]]:
    """The canned coodie driver and the fake cqlengine session, both answering one row."""
    driver, session = CannedDriver(), FakeSession()
    conn = cqe_connection.Connection("default", hosts=[])
    conn.session, conn.cluster = session, FakeCluster()
    saved = dict(cqe_connection._connections)
    cqe_connection._connections["default"] = conn
    cqe_connection._connections[cqe_connection.DEFAULT_CONNECTION] = conn
    with isolated_connections():
        coodie_connection.register_driver("bench", driver, default=True)
        driver.set_rows(1)
        session.rows = [row_values(1)]
        try:
            yield driver, session
        finally:
            cqe_connection._connections.clear()
            cqe_connection._connections.update(saved)


@pytest.fixture
def many_rows(backends: tuple[CannedDriver, FakeSession]) -> Iterator[None]:
    """Both backends answer ``ROWS`` rows for the duration of one benchmark."""
    driver, session = backends
    driver.set_rows(ROWS)
    session.rows = [row_values(i) for i in range(ROWS)]
    yield None
    driver.set_rows(1)
    session.rows = [row_values(1)]


def _run(benchmark: Any, fn: Callable[[], Any]) -> Any:
    fn()  # warm caches (statement shapes, hydrators)
    return benchmark(fn)


# -- single-row operations ---------------------------------------------------------------


@pytest.mark.benchmark(group="get by primary key")
def test_get_coodie(benchmark: Any, backends: Any) -> None:
    assert _run(benchmark, lambda: Product.get(id=PID)).brand == "acme"


@pytest.mark.benchmark(group="get by primary key")
def test_get_cqlengine(benchmark: Any, backends: Any) -> None:
    assert _run(benchmark, lambda: CqlProduct.get(id=PID)).brand == "acme"


@pytest.mark.benchmark(group="create + save (10 columns)")
def test_save_coodie(benchmark: Any, backends: Any) -> None:
    _run(benchmark, lambda: Product(**VALUES).save())


@pytest.mark.benchmark(group="create + save (10 columns)")
def test_save_cqlengine(benchmark: Any, backends: Any) -> None:
    _run(benchmark, lambda: CqlProduct(**VALUES).save())


@pytest.mark.benchmark(group="update one column")
def test_update_coodie(benchmark: Any, backends: Any) -> None:
    doc = Product(**VALUES)
    _run(benchmark, lambda: doc.update(price=1.0))


@pytest.mark.benchmark(group="update one column")
def test_update_cqlengine(benchmark: Any, backends: Any) -> None:
    doc = CqlProduct(**VALUES)
    _run(benchmark, lambda: doc.update(price=1.0))


# -- many rows ---------------------------------------------------------------------------


def _per_row(benchmark: Any, fn: Callable[[], list[Any]]) -> None:
    assert len(_run(benchmark, fn)) == ROWS
    if benchmark.stats is not None:  # None under --benchmark-disable
        benchmark.extra_info["per_row_us"] = benchmark.stats.stats.min / ROWS * 1e6


@pytest.mark.benchmark(group=f"load {ROWS} rows")
def test_load_coodie(benchmark: Any, many_rows: None) -> None:
    _per_row(benchmark, lambda: Product.find(brand="acme").allow_filtering().all())


@pytest.mark.benchmark(group=f"load {ROWS} rows")
def test_load_cqlengine(benchmark: Any, many_rows: None) -> None:
    _per_row(benchmark, lambda: list(CqlProduct.objects.filter(brand="acme").allow_filtering()))
