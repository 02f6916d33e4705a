"""scylla-driver adapter, async path: a statement's prepared form is looked up once per request.

A cold statement is prepared in a worker thread first; a warm one is bound from the one
lookup. Checked against the embedded engine served over the native protocol.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("cassandra")

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.scylla import connect_async
from coodie.testing import embedded_server

INSERT = "INSERT INTO a.kv (k, v) VALUES (?, ?)"
SELECT = "SELECT k, v FROM a.kv WHERE k = ?"


class Counting(PreparedCache[Any]):
    """A prepared-statement cache that records each lookup."""

    __slots__ = ("lookups",)

    def __init__(self, lookups: list[str]) -> None:
        super().__init__()
        self.lookups = lookups

    def get(self, cql: str) -> Any:
        self.lookups.append(cql)
        return super().get(cql)


def test_an_async_request_looks_its_prepared_statement_up_once() -> None:
    with embedded_server() as info:
        lookups: list[str] = []

        async def main() -> list[tuple[object, ...]]:
            config = DriverConfig(hosts=(info.host,), port=info.port)
            driver = await connect_async(config)
            try:
                options = ExecutionOptions()
                for cql in (
                    "CREATE KEYSPACE a WITH replication = "
                    "{'class': 'SimpleStrategy', 'replication_factor': 1}",
                    "CREATE TABLE a.kv (k int PRIMARY KEY, v text)",
                ):
                    await driver.execute_async(CompiledStatement(cql, ()), options)
                driver._prepared = Counting(lookups)
                for k in (1, 2):  # cold, then warm
                    write = CompiledStatement(INSERT, (k, str(k)), kind=StatementKind.INSERT)
                    await driver.execute_async(write, options)
                read = CompiledStatement(SELECT, (2,))
                page = await driver.execute_async(read, options)
                return list(page.rows)
            finally:
                await driver.close_async()

        assert asyncio.run(main()) == [(2, "2")]
        # cold: one lookup here, one more in the worker thread that prepares; warm: one
        assert lookups == [INSERT, INSERT, INSERT, SELECT, SELECT]
