"""Client CPU per operation: coodie vs cassandra.cqlengine, both on a no-I/O backend.

coodie runs on the recording driver answering canned rows; cqlengine (shipped
inside scylla-driver) runs on a fake session answering the same rows as dicts.
Both models have 10 columns. Run::

    .venv/bin/python benchmarks/bench_vs_cqlengine.py [--rows 10000] [--quick]

Targets: coodie ≤ 1/3 of cqlengine's time per operation; < 1.5 µs per row loaded.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from cassandra.cqlengine import columns as cols
from cassandra.cqlengine import connection as cqe_connection
from cassandra.cqlengine import models as cqe_models

from coodie.compiler.compiled import StatementKind
from coodie.drivers.base import ExecutionOptions, ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.executor import connections as coodie_connection
from coodie.fields import PrimaryKey
from coodie.sync import Document

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


class CqlProduct(cqe_models.Model):
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


# -- measuring ---------------------------------------------------------------------------


def per_call(fn: Callable[[], Any], number: int, repeat: int) -> float:
    """Best mean seconds per call over ``repeat`` runs of ``number`` calls."""
    fn()  # warm caches (prepared shapes, hydrators)
    best = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best.append((time.perf_counter() - start) / number)
    return min(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    number, repeat = (200, 3) if args.quick else (2000, 5)

    driver = CannedDriver()
    coodie_connection.register_driver("bench", driver, default=True)
    session = FakeSession()
    conn = cqe_connection.Connection("default", hosts=[])
    conn.session, conn.cluster = session, FakeCluster()
    cqe_connection._connections["default"] = conn
    cqe_connection._connections[cqe_connection.DEFAULT_CONNECTION] = conn

    values = row_values(1)
    pid = values["id"]
    doc = Product(**values)
    cdoc = CqlProduct(**values)
    driver.set_rows(1)
    session.rows = [row_values(1)]

    results: list[tuple[str, float, float, str]] = []

    def compare(name: str, ours: Callable[[], Any], theirs: Callable[[], Any], n: int) -> None:
        a = per_call(ours, n, repeat)
        b = per_call(theirs, n, repeat)
        results.append((name, a * 1e6, b * 1e6, f"{a / b:.2f}"))

    compare(
        "get by primary key", lambda: Product.get(id=pid), lambda: CqlProduct.get(id=pid), number
    )
    compare(
        "create + save (10 columns)",
        lambda: Product(**values).save(),
        lambda: CqlProduct(**values).save(),
        number,
    )
    compare(
        "update one column", lambda: doc.update(price=1.0), lambda: cdoc.update(price=1.0), number
    )

    driver.set_rows(args.rows)
    session.rows = [row_values(i) for i in range(args.rows)]
    loads = max(3, number // 400)
    ours = per_call(lambda: Product.find(brand="acme").allow_filtering().all(), loads, repeat)
    theirs = per_call(
        lambda: list(CqlProduct.objects.filter(brand="acme").allow_filtering()), loads, repeat
    )
    results.append(
        (
            f"load {args.rows} rows (per row)",
            ours / args.rows * 1e6,
            theirs / args.rows * 1e6,
            f"{ours / theirs:.2f}",
        )
    )

    width = max(len(r[0]) for r in results)
    print(f"{'operation':<{width}}  {'coodie µs':>10}  {'cqlengine µs':>12}  {'ratio':>6}")
    for name, a, b, ratio in results:
        print(f"{name:<{width}}  {a:>10.2f}  {b:>12.2f}  {ratio:>6}")
    ratios = [float(r[3]) for r in results]
    print(
        f"\nworst ratio {max(ratios):.2f} (target ≤ 0.33); median {statistics.median(ratios):.2f}"
    )
    print(f"per-row load {results[-1][1]:.2f} µs (target < 1.5 µs)")


if __name__ == "__main__":
    main()
