"""Compile-path benchmarks (pytest-benchmark); no I/O.

Run: ``.venv/bin/python -m pytest benchmarks/bench_compile.py --benchmark-only``

- a get-by-primary-key select (``filter(Product.id == x)`` and the lookup form
  ``filter(id=x)``, both ``.limit(2)`` as ``get`` does) and an insert of a document, each
- built and compiled (the usual path: a new tree whose shape is cached),
- compiled again as an already built tree (a pure cache hit: lookup + params),
- compiled with an empty cache (a miss: rendering).

Timings are reported, never asserted.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

import pytest

from coodie.compiler import cache, compile
from coodie.fields import PrimaryKey
from coodie.model.document import DocumentCore
from coodie.query.queryset import QuerySetCore
from coodie.query.writes import insert_statement


class Product(DocumentCore):
    id: Annotated[UUID, PrimaryKey()]
    name: str = ""
    brand: str = ""
    price: float = 0.0
    stock: int = 0
    tags: set[str] = set()

    class Settings:
        keyspace = "shop"


PID = uuid4()
BASE = QuerySetCore(Product)
DOC = Product(id=PID, name="anvil", brand="acme", price=9.5, stock=3, tags={"tools"})


def build_get() -> Any:
    return BASE.filter(Product.id == PID).limit(2).select


def build_get_lookup() -> Any:
    return BASE.filter(id=PID).limit(2).select


def build_insert() -> Any:
    return insert_statement(DOC)


CASES = [build_get, build_get_lookup, build_insert]
IDS = ["get_by_pk", "get_by_pk_lookup", "insert"]


@pytest.mark.parametrize("build", CASES, ids=IDS)
def test_build_and_compile_cache_hit(benchmark: Any, build: Any) -> None:
    compile(build())  # warm the shape cache
    benchmark(lambda: compile(build()))


@pytest.mark.parametrize("build", CASES, ids=IDS)
def test_compile_built_tree_cache_hit(benchmark: Any, build: Any) -> None:
    node = build()
    compile(node)
    stmt = benchmark(compile, node)
    assert stmt.params


@pytest.mark.parametrize("build", CASES, ids=IDS)
def test_build_and_compile_cache_miss(benchmark: Any, build: Any) -> None:
    def miss() -> Any:
        cache.clear()
        return compile(build())

    benchmark(miss)


@pytest.mark.parametrize("build", CASES, ids=IDS)
def test_build_only(benchmark: Any, build: Any) -> None:
    benchmark(build)
