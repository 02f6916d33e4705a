"""Schema operations, written once as sans-I/O generators for ``coodie.sync`` and ``coodie.aio``.

Each function returns an :data:`~coodie.executor.runner.Operation`: it reads
``system_schema``, plans (pure, :mod:`coodie.management.plan`), raises
:class:`~coodie.exceptions.SchemaMismatch` before sending anything when the model
and the live schema differ in a way coodie will not fix, then sends the planned
statements. The result is the tuple of compiled statements sent (or, with
``dry_run=True``, that would be sent)::

    statements = run(sync_table_operation(Product.__schema__, "shop"))

Concurrent runs: every ``CREATE`` uses ``IF NOT EXISTS``; a statement that fails
because another process got there first ("already exists", "conflicts with an
existing column", a duplicate index) makes the operation re-read the schema and
plan again, so both runs succeed and leave one schema.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from coodie.ast.ddl import (
    AlterKeyspace,
    DdlStatement,
    DropKeyspace,
    DropMaterializedView,
    DropTable,
    DropType,
    Replication,
    Truncate,
)
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import (
    AlreadyExists,
    ConfigurationError,
    DriverError,
    SchemaMismatch,
    SchemaWarning,
)
from coodie.executor.connections import Connection
from coodie.executor.runner import Operation
from coodie.executor.server import server_info_operation
from coodie.management.capabilities import check_switches, check_view_server, for_server
from coodie.management.keyspaces import create_keyspace_statement, replication_differences
from coodie.management.plan import (
    SyncPlan,
    plan_model_sync,
    plan_user_type_sync,
    plan_view_sync,
    used_types,
)
from coodie.management.reads import read_keyspace, read_table, read_types, read_view
from coodie.model.schema import TableSchema, TypeSchema, ViewSchema

DDL_OPTIONS = ExecutionOptions()
MAX_ATTEMPTS = 5
"""How many times a sync re-reads and re-plans after losing a race."""

RACE_MESSAGES = (
    "already exists",
    "conflicts with an existing column",
    "is a duplicate of existing index",
)

Statements = tuple[CompiledStatement, ...]


def is_race(error: BaseException) -> bool:
    """True for an error a concurrent schema change causes (the change is already made).

    >>> from coodie.exceptions import InvalidRequest
    >>> is_race(InvalidRequest("Column with name 'v' already exists"))
    True
    """
    if isinstance(error, AlreadyExists):
        return True
    return isinstance(error, DriverError) and any(m in str(error) for m in RACE_MESSAGES)


_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that points at the first frame outside the coodie package."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level


def issue_warnings(messages: tuple[str, ...]) -> None:
    """Issue each message as a :class:`~coodie.exceptions.SchemaWarning`.

    The warning points at the user's call (``Product.sync_table()``), not at coodie.
    """
    level = _caller_stacklevel()
    for message in messages:
        warnings.warn(message, SchemaWarning, stacklevel=level)


def apply_plan(
    planner: Callable[[], Operation[SyncPlan]], target: str, *, dry_run: bool = False
) -> Operation[Statements]:
    """Plan (reading the live schema), check, and send; re-plan after a lost race."""
    sent: list[CompiledStatement] = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        plan = yield from planner()
        if plan.mismatches:
            raise SchemaMismatch(target, list(plan.mismatches))
        compiled = tuple(compile(s) for s in plan.statements)
        if dry_run:
            issue_warnings(plan.warnings)
            return compiled
        try:
            for statement in compiled:
                yield statement, DDL_OPTIONS
                sent.append(statement)
        except DriverError as error:
            if attempt < MAX_ATTEMPTS and is_race(error):
                continue
            raise
        issue_warnings(plan.warnings)
        return tuple(sent)
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def _target(keyspace: str, name: str) -> str:
    return f"{keyspace}.{name}"


def require_keyspace(keyspace: str) -> Operation[None]:
    """Raise :class:`~coodie.exceptions.ConfigurationError` if ``keyspace`` does not exist."""
    if (yield from read_keyspace(keyspace)) is None:
        raise ConfigurationError(
            f"keyspace {keyspace} does not exist: create it first, e.g. "
            f"create_keyspace({keyspace!r}, replication_factor=3)"
        )


def sync_table_operation(
    schema: TableSchema,
    keyspace: str,
    *,
    drop_removed_indexes: bool = False,
    dry_run: bool = False,
    connection: Connection | None = None,
) -> Operation[Statements]:
    """Sync a model's user types (dependencies first) and then its table.

    With ``connection`` the server's product and release are learned first (once per
    connection): a feature it lacks raises :class:`~coodie.exceptions.UnsupportedByServer`
    before anything is sent, and indexes are spelled its way
    (:mod:`coodie.management.capabilities`).
    """
    server = None if connection is None else (yield from server_info_operation(connection))
    schema = for_server(schema, server)

    def planner() -> Operation[SyncPlan]:
        has_types = bool(used_types(c.cql_type for c in schema.columns.values()))
        live_types = (yield from read_types(keyspace)) if has_types else {}
        live = yield from read_table(keyspace, schema.name)
        check_switches(schema, server, {i.name for i in live.indexes} if live else set())
        return plan_model_sync(
            schema,
            live,
            live_types,
            keyspace=keyspace,
            drop_removed_indexes=drop_removed_indexes,
        )

    yield from require_keyspace(keyspace)
    return (yield from apply_plan(planner, _target(keyspace, schema.name), dry_run=dry_run))


def sync_type_operation(
    schema: TypeSchema, keyspace: str, *, dry_run: bool = False
) -> Operation[Statements]:
    """Sync a user type, after the types its fields use."""

    def planner() -> Operation[SyncPlan]:
        live_types = yield from read_types(keyspace)
        return plan_user_type_sync(schema, live_types, keyspace=keyspace)

    yield from require_keyspace(keyspace)
    return (yield from apply_plan(planner, _target(keyspace, schema.name), dry_run=dry_run))


def sync_view_operation(
    schema: ViewSchema,
    keyspace: str,
    *,
    dry_run: bool = False,
    connection: Connection | None = None,
) -> Operation[Statements]:
    """Create a materialized view if it does not exist; a changed view is a mismatch.

    With ``connection``, a server that has materialized views switched off raises
    :class:`~coodie.exceptions.UnsupportedByServer` before anything is sent.
    """
    server = None if connection is None else (yield from server_info_operation(connection))

    def planner() -> Operation[SyncPlan]:
        live = yield from read_view(keyspace, schema.table.name)
        check_view_server(schema, server, exists=live is not None)
        return plan_view_sync(schema, live, keyspace=keyspace)

    yield from require_keyspace(keyspace)
    return (yield from apply_plan(planner, _target(keyspace, schema.table.name), dry_run=dry_run))


def create_keyspace_operation(
    name: str, strategy: Replication, *, durable_writes: bool | None = None
) -> Operation[Statements]:
    """Create a keyspace unless it exists; warn when an existing one differs."""
    live = yield from read_keyspace(name)
    if live is not None:
        issue_warnings(
            tuple(
                f"keyspace {name} exists and differs: {d}; use alter_keyspace() to change it"
                for d in replication_differences(strategy, durable_writes, live)
            )
        )
        return ()
    statement = compile(create_keyspace_statement(name, strategy, durable_writes=durable_writes))
    try:
        yield statement, DDL_OPTIONS
    except DriverError as error:
        if not is_race(error):
            raise
    return (statement,)


def execute_ddl(node: DdlStatement) -> Operation[Statements]:
    """Compile and send one DDL statement."""
    statement = compile(node)
    yield statement, DDL_OPTIONS
    return (statement,)


def drop_table_operation(keyspace: str, name: str) -> Operation[Statements]:
    """``DROP TABLE IF EXISTS`` (idempotent)."""
    return execute_ddl(DropTable(keyspace, name, if_exists=True))


def truncate_operation(keyspace: str, name: str) -> Operation[Statements]:
    """``TRUNCATE``: remove every row of a table, keeping the table."""
    return execute_ddl(Truncate(keyspace, name))


def drop_type_operation(keyspace: str, name: str) -> Operation[Statements]:
    """``DROP TYPE IF EXISTS`` (idempotent)."""
    return execute_ddl(DropType(keyspace, name, if_exists=True))


def drop_view_operation(keyspace: str, name: str) -> Operation[Statements]:
    """``DROP MATERIALIZED VIEW IF EXISTS`` (idempotent)."""
    return execute_ddl(DropMaterializedView(keyspace, name, if_exists=True))


def alter_keyspace_operation(
    name: str, strategy: Replication | None, *, durable_writes: bool | None = None
) -> Operation[Statements]:
    """``ALTER KEYSPACE name WITH replication = ... [AND durable_writes = ...]``."""
    return execute_ddl(AlterKeyspace(name, strategy, durable_writes))


def drop_keyspace_operation(name: str) -> Operation[Statements]:
    """``DROP KEYSPACE IF EXISTS`` (idempotent)."""
    return execute_ddl(DropKeyspace(name, if_exists=True))
