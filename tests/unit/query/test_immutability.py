"""Immutability: every QuerySetCore chain method leaves its source unchanged (nodes: ast/)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

import pytest

from coodie.ast import Select, Table
from coodie.fields import ClusteringKey, PrimaryKey, Static, Vector
from coodie.model.document import DocumentCore
from coodie.query.batch import BatchCore
from coodie.query.queryset import QuerySetCore

PID = UUID("6a0c2b49-3c4e-4b1f-9f57-8c8e3c6d5a01")
WHEN = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)


class Note(DocumentCore):
    owner: Annotated[UUID, PrimaryKey()]
    at: Annotated[dt.datetime, ClusteringKey(order="DESC")]
    title: str = ""
    body: str | None = None
    tags: set[str] = set()
    shared: Annotated[str | None, Static()] = None
    v: Annotated[list[float] | None, Vector(2)] = None

    class Settings:
        keyspace = "ks"


CHAINS: dict[str, Callable[[QuerySetCore[Note]], Any]] = {
    "filter": lambda q: q.filter(Note.title == "x", body="y"),
    "limit": lambda q: q.limit(3),
    "limit_none": lambda q: q.limit(None),
    "per_partition_limit": lambda q: q.per_partition_limit(2),
    "order_by": lambda q: q.order_by("at"),
    "order_by_ann": lambda q: q.order_by_ann("v", [0.5, 0.5]),
    "allow_filtering": lambda q: q.allow_filtering(),
    "only": lambda q: q.only("title"),
    "defer": lambda q: q.defer("body"),
    "values_list": lambda q: q.values_list("title", flat=True),
    "distinct": lambda q: q.distinct("owner", "shared"),
    "fetch_size": lambda q: q.fetch_size(10),
    "page": lambda q: q.page(b"\x00"),
    "consistency": lambda q: q.consistency("QUORUM"),
    "serial_consistency": lambda q: q.serial_consistency("LOCAL_SERIAL"),
    "timeout": lambda q: q.timeout(1.5),
    "ttl": lambda q: q.ttl(30),
    "timestamp": lambda q: q.timestamp(WHEN),
    "if_exists": lambda q: q.if_exists(),
    "if_not_exists": lambda q: q.if_not_exists(),
    "iff": lambda q: q.iff(title="x"),
    "batch": lambda q: q.batch(BatchCore()),
    "using": lambda q: q.using(ttl=5, timestamp=6, timeout=2.0, consistency="ONE", keyspace="o"),
}


def _state(q: QuerySetCore[Note]) -> tuple[Any, ...]:
    return (q.select, q.options, q.writes, q.projection, q.connection, q.compile())


def test_every_chain_method_is_covered() -> None:
    public = {
        name
        for name, member in inspect.getmembers(QuerySetCore, inspect.isfunction)
        if not name.startswith("_")
        # values_list returns a queryset of tuples or values: typed QuerySetCore[Any]
        and inspect.signature(member).return_annotation in ("Self", "QuerySetCore[Any]")
    }
    assert public == set(CHAINS) - {"limit_none"}


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_method_returns_a_new_queryset_and_keeps_the_source(name: str) -> None:
    source = QuerySetCore(Note).filter(owner=PID).limit(7)
    before = _state(source)
    result = CHAINS[name](source)
    assert result is not source
    assert type(result) is type(source)
    assert _state(source) == before
    assert _state(result) != before


def test_derived_statements_leave_the_source_unchanged() -> None:
    source = QuerySetCore(Note).filter(owner=PID, at=WHEN)
    before = _state(source)
    source.count_statement()
    source.update_statement(title="t")
    source.delete_statement()
    source.compile()
    assert _state(source) == before


def test_queryset_attributes_cannot_be_set() -> None:
    q = QuerySetCore(Note)
    with pytest.raises(AttributeError):
        q._select = Select(Table("ks", "x"))
