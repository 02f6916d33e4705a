"""What a migration context does, written once as programs (sans-I/O).

:class:`ContextCore` turns each context call (``execute``, ``add_column``,
``create_table(Model)``, ...) into a :data:`~.program.Program`; the blocking
:class:`~.context.MigrationContext` drives it and the awaitable
:class:`~.context.AsyncMigrationContext` awaits it. Every statement:

* is shown to the reporter (``--dry-run`` stops there: nothing is sent);
* for DDL, waits for schema agreement before and after;
* is recorded in the state table once done, so a failed migration rerun skips
  the statements it already completed (``IF NOT EXISTS`` / ``IF EXISTS`` forms
  are used where CQL has them; "already exists" on ``ADD`` counts as done).

Destructive operations (dropping a table, a column or a type, truncating) need
``destructive=True`` in the migration, and say so otherwise.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias

from coodie.ast.ddl import (
    AlterTableAdd,
    AlterTableDrop,
    AlterTableWith,
    AlterTypeAdd,
    ColumnDef,
    CreateIndex,
    DdlStatement,
    DropIndex,
    DropMaterializedView,
    DropTable,
    DropType,
    Truncate,
)
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.cql.types import CqlType
from coodie.exceptions import DriverError, MigrationError
from coodie.executor import ops
from coodie.executor.raw import dict_rows, raw_statement
from coodie.management import ddl
from coodie.management.calls import table_schema, type_schema, view_schema
from coodie.management.cqltype_parser import parse_cql_type
from coodie.management.migrations import state
from coodie.management.migrations.program import AgreeSchema, Program
from coodie.management.migrations.progress import ProgressSink, throttled_lines
from coodie.management.operations import is_race, sync_table_operation
from coodie.management.plan import table_types
from coodie.model.boundary import ModelClass
from coodie.model.usertype import UserTypeCore

Rows = list[dict[str, Any]]
Reporter = Callable[[str], None]

_OPTIONS = ExecutionOptions()
_DDL_WORDS = ("CREATE", "ALTER", "DROP")
_GONE = ("doesn't exist", "does not exist", "not found", "was not found", "unconfigured")


def statement_text(statement: CompiledStatement) -> str:
    """The statement as shown and recorded: CQL, then the bound values if any.

    >>> statement_text(CompiledStatement("DELETE FROM t WHERE id = ?", (1,)))
    'DELETE FROM t WHERE id = ? -- params (1,)'
    """
    if statement.params:
        return f"{statement.cql} -- params {statement.params!r}"
    return statement.cql


def is_ddl(cql: str) -> bool:
    """True for a schema change (``CREATE``/``ALTER``/``DROP``) that needs agreement.

    >>> is_ddl("  alter table t add x int"), is_ddl("SELECT 1")
    (True, False)
    """
    words = cql.lstrip().split(None, 1)
    return bool(words) and words[0].upper() in _DDL_WORDS


def _is_read(cql: str) -> bool:
    words = cql.lstrip().split(None, 1)
    return bool(words) and words[0].upper() == "SELECT"


TableRef: TypeAlias = "ModelClass | str"
"""A table named by its Document class, or as ``"name"`` / ``"keyspace.name"``."""


class ContextCore:
    """The shared logic behind both migration contexts (one per migration run).

    ``completed`` are the statements a previous failed run recorded: each one
    found again is skipped once instead of being sent.
    """

    def __init__(
        self,
        *,
        keyspace: str,
        state_keyspace: str,
        migration_id: str,
        path: str = "",
        dry_run: bool = False,
        completed: Sequence[str] = (),
        checkpoint: Mapping[str, str] | None = None,
        report: Reporter | None = None,
        settings: Mapping[str, Any] | None = None,
        progress: ProgressSink | None = None,
    ) -> None:
        self.keyspace = keyspace
        self.state_keyspace = state_keyspace
        self.migration_id = migration_id
        self.path = path
        self.dry_run = dry_run
        self.logger = logging.getLogger(f"coodie.migrations.{migration_id}")
        self.remaining = Counter(completed)
        self.checkpoint = dict(checkpoint or {})
        self.report = report or (lambda _line: None)
        self.progress = progress or throttled_lines(self.report)
        self.settings = dict(settings or {})
        self.current: str | None = None
        self.sent: list[str] = []
        self.keys: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self.cursor: Any = None

    # -- statements -------------------------------------------------------------------------

    def statement(
        self,
        statement: CompiledStatement,
        *,
        record: bool = True,
        tolerate: Callable[[DriverError], bool] | None = None,
    ) -> Program[Rows]:
        """Send one statement (or skip it when a previous run completed it)."""
        text = statement_text(statement)
        if record and self.remaining[text] > 0:
            self.remaining[text] -= 1
            self.logger.info("already done by a previous run: %s", text)
            return []
        self.report(text)
        if self.dry_run and not _is_read(statement.cql):
            self.sent.append(text)
            return []
        self.current = text
        ddl_change = is_ddl(statement.cql)
        if ddl_change:
            yield AgreeSchema()
        try:
            rows: Rows = yield ops.read_all(statement, _OPTIONS, dict_rows)
        except DriverError as error:
            if tolerate is None or not tolerate(error):
                raise
            self.logger.info("already applied (%s): %s", error, text)
            rows = []
        if ddl_change:
            yield AgreeSchema()
        self.sent.append(text)
        self.current = None
        if record:
            yield state.record_step(self.state_keyspace, self.migration_id, text)
        return rows

    def node(
        self, node: DdlStatement, tolerate: Callable[[DriverError], bool] | None = None
    ) -> Program[Rows]:
        """Compile a DDL node and send it."""
        return self.statement(compile(node), tolerate=tolerate)

    def execute(self, cql: str, params: Sequence[Any] | None = None) -> Program[Rows]:
        """Run CQL text with ``?`` markers bound to ``params``; reads are never recorded."""
        statement = raw_statement(cql, params)
        return self.statement(statement, record=not _is_read(cql))

    def nodes(self, nodes: Sequence[DdlStatement]) -> Program[None]:
        """Send several DDL nodes in order."""
        for node in nodes:
            yield from self.node(node)

    # -- where things are -------------------------------------------------------------------

    def table_name(self, table: TableRef) -> tuple[str, str]:
        """``(keyspace, name)`` of a Document class or ``"name"`` / ``"keyspace.name"``."""
        if isinstance(table, str):
            keyspace, _, name = table.rpartition(".")
            return keyspace or self.keyspace, name
        schema = table_schema(table)
        return schema.keyspace or self.keyspace, schema.name

    def _refuse(self, what: str, destructive: bool) -> None:
        if not destructive:
            raise MigrationError(
                f"{what} destroys data: write it as ctx.{what.split()[0]}(..., destructive=True) "
                "to say so explicitly",
                path=self.path,
            )

    # -- schema operations ------------------------------------------------------------------

    def create_table(self, model: ModelClass) -> Program[None]:
        """``CREATE TYPE/TABLE/INDEX IF NOT EXISTS`` for a Document class."""
        schema = table_schema(model)
        ks = schema.keyspace or self.keyspace
        nodes: list[DdlStatement] = [ddl.create_type(t, ks) for t in table_types(schema)]
        nodes.append(ddl.create_table(schema, ks))
        nodes.extend(ddl.create_indexes(schema, ks))
        return self.nodes(nodes)

    def sync_table(self, model: ModelClass) -> Program[None]:
        """What ``sync_table(Model)`` would send now (planned from the live schema)."""
        schema = table_schema(model)
        ks = schema.keyspace or self.keyspace
        planned = yield sync_table_operation(schema, ks, dry_run=True)
        for statement in planned:
            yield from self.statement(statement, tolerate=is_race)

    def add_column(
        self, table: TableRef, column: str, cql_type: str | CqlType, *, static: bool = False
    ) -> Program[None]:
        """``ALTER TABLE ... ADD column type`` (done already counts as done)."""
        ks, name = self.table_name(table)
        parsed = parse_cql_type(cql_type) if isinstance(cql_type, str) else cql_type
        node = AlterTableAdd(ks, name, (ColumnDef(column, parsed, static),))
        yield from self.node(node, tolerate=is_race)

    def drop_column(
        self, table: TableRef, column: str, *, destructive: bool = False
    ) -> Program[None]:
        """``ALTER TABLE ... DROP column`` (needs ``destructive=True``)."""
        self._refuse(f"drop_column {column}", destructive)
        ks, name = self.table_name(table)
        yield from self.node(AlterTableDrop(ks, name, (column,)), tolerate=_is_gone)

    def alter_table_options(self, table: TableRef, **options: Any) -> Program[None]:
        """``ALTER TABLE ... WITH option = value AND ...``."""
        ks, name = self.table_name(table)
        pairs = tuple((k, ddl.option_value(v)) for k, v in options.items())
        yield from self.node(AlterTableWith(ks, name, pairs))

    def create_index(
        self, table: TableRef, column: str, *, name: str | None = None
    ) -> Program[None]:
        """``CREATE INDEX IF NOT EXISTS [name] ON table (column)``."""
        ks, table_name = self.table_name(table)
        yield from self.node(CreateIndex(ks, table_name, name, column, if_not_exists=True))

    def drop_index(self, name: str) -> Program[None]:
        """``DROP INDEX IF EXISTS`` (an index holds no data of its own)."""
        keyspace, _, index = name.rpartition(".")
        yield from self.node(DropIndex(keyspace or self.keyspace, index, if_exists=True))

    def drop_table(self, table: TableRef, *, destructive: bool = False) -> Program[None]:
        """``DROP TABLE IF EXISTS`` (needs ``destructive=True``)."""
        self._refuse(f"drop_table {table}", destructive)
        ks, name = self.table_name(table)
        yield from self.node(DropTable(ks, name, if_exists=True))

    def truncate(self, table: TableRef, *, destructive: bool = False) -> Program[None]:
        """``TRUNCATE`` (needs ``destructive=True``)."""
        self._refuse(f"truncate {table}", destructive)
        ks, name = self.table_name(table)
        yield from self.node(Truncate(ks, name))

    def create_type(self, user_type: type[UserTypeCore]) -> Program[None]:
        """``CREATE TYPE IF NOT EXISTS`` for a UserType class."""
        yield from self.node(ddl.create_type(type_schema(user_type), self.keyspace))

    def alter_type(self, name: str, field: str, cql_type: str | CqlType) -> Program[None]:
        """``ALTER TYPE name ADD field type``."""
        parsed = parse_cql_type(cql_type) if isinstance(cql_type, str) else cql_type
        node = AlterTypeAdd(self.keyspace, name, field, parsed)
        yield from self.node(node, tolerate=is_race)

    def drop_type(self, name: str, *, destructive: bool = False) -> Program[None]:
        """``DROP TYPE IF EXISTS`` (needs ``destructive=True``)."""
        self._refuse(f"drop_type {name}", destructive)
        yield from self.node(DropType(self.keyspace, name, if_exists=True))

    def create_view(self, view: ModelClass) -> Program[None]:
        """``CREATE MATERIALIZED VIEW IF NOT EXISTS`` for a MaterializedView class."""
        yield from self.node(ddl.create_view(view_schema(view), self.keyspace))

    def drop_view(self, name: str) -> Program[None]:
        """``DROP MATERIALIZED VIEW IF EXISTS`` (a view can be rebuilt from its table)."""
        yield from self.node(DropMaterializedView(self.keyspace, name, if_exists=True))


def _is_gone(error: DriverError) -> bool:
    text = str(error).lower()
    return any(m in text for m in _GONE)
