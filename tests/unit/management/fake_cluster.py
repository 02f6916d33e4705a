"""A RecordingDriver responder that serves system_schema rows and records DDL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import InvalidRequest
from coodie.executor.connections import register_driver, unregister
from coodie.model.schema import TableSchema

from .schemas import column_rows, index_rows, table_row

_SELECT = re.compile(r"SELECT \* FROM system_schema\.(\w+) WHERE (.+)\Z")


class FakeCluster:
    """system_schema as lists of row dicts; DDL statements are recorded, not applied."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {
            name: [] for name in ("keyspaces", "tables", "columns", "indexes", "types", "views")
        }
        self.ddl: list[str] = []
        self.failures: dict[str, Exception] = {}
        """CQL prefix -> error raised (once) when a DDL statement starts with it."""
        self.on_ddl: list[Any] = []
        self.agreements = 0
        self.local: dict[str, Any] = {"key": "local", "release_version": "5.0.0"}
        """The ``system.local`` row (a ScyllaDB one has ``supported_features``)."""
        self.versions: dict[str, Any] | None = None
        """The ``system.versions`` row of a ScyllaDB node (``None``: no such table)."""
        self.settings: dict[str, str] | None = {}
        """``system_views.settings``, name → value (``None``: no such table)."""
        self.add_keyspace("shop")

    def add_keyspace(self, name: str) -> None:
        self.rows["keyspaces"].append(
            {
                "keyspace_name": name,
                "durable_writes": True,
                "replication": {
                    "class": "org.apache.cassandra.locator.SimpleStrategy",
                    "replication_factor": "1",
                },
            }
        )

    def add_table(self, schema: TableSchema, **options: Any) -> None:
        self.rows["tables"].append(table_row(schema, **options))
        self.rows["columns"].extend(column_rows(schema))
        for row in index_rows(schema):
            self.rows["indexes"].append(
                {"keyspace_name": schema.keyspace, "table_name": schema.name, **row}
            )

    def respond(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        assert isinstance(statement, CompiledStatement)
        if statement.cql.startswith("SELECT * FROM system.local "):
            return ResultPage(tuple(self.local), [tuple(self.local.values())])
        if statement.cql.startswith("SELECT * FROM system.versions "):
            if self.versions is None:
                raise InvalidRequest("unconfigured table versions")
            return ResultPage(tuple(self.versions), [tuple(self.versions.values())])
        if statement.cql.startswith("SELECT * FROM system_views.settings "):
            if self.settings is None:
                raise InvalidRequest("keyspace system_views does not exist")
            name = statement.params[0]
            found = [(name, self.settings[name])] if name in self.settings else []
            return ResultPage(("name", "value"), found)
        match = _SELECT.match(statement.cql)
        if match:
            table, where = match.groups()
            keys = [part.split(" = ")[0] for part in where.split(" AND ")]
            found = [
                row
                for row in self.rows[table]
                if all(row.get(k) == v for k, v in zip(keys, statement.params, strict=True))
            ]
            columns = tuple(found[0]) if found else ("keyspace_name",)
            return ResultPage(columns, [tuple(r[c] for c in columns) for r in found])
        for prefix, error in list(self.failures.items()):
            if statement.cql.startswith(prefix):
                del self.failures[prefix]
                for hook in self.on_ddl:
                    hook(statement.cql)
                raise error
        self.ddl.append(statement.cql)
        return ResultPage((), [])


class AgreeingDriver(RecordingDriver):
    """A RecordingDriver that counts schema agreement waits."""

    def __init__(self, cluster: FakeCluster) -> None:
        super().__init__(cluster.respond)
        self.cluster = cluster

    def wait_for_schema_agreement(self) -> bool:
        self.cluster.agreements += 1
        return True

    async def wait_for_schema_agreement_async(self) -> bool:
        self.cluster.agreements += 1
        return True


@contextmanager
def fake_cluster(name: str = "default") -> Iterator[FakeCluster]:
    """Register a FakeCluster-backed driver as the default connection."""
    cluster = FakeCluster()
    register_driver(name, AgreeingDriver(cluster), default=True)
    try:
        yield cluster
    finally:
        unregister(name)
