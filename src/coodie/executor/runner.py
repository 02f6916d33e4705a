"""Run sans-I/O operations: one shared core, waited on synchronously or asynchronously.

An *operation* is a generator that yields ``(statement, options)`` requests and
receives each request's :class:`~coodie.drivers.base.ResultPage`; its return
value is the operation's result. A :class:`~coodie.exceptions.DriverError` raised
by a request is thrown into the operation at its ``yield``, so an operation may
handle it (schema management treats "already exists" races as success).
Everything that decides what to send and how to read the answer (paging loops,
LWT parsing, hydration) lives in operations and is written once; :func:`run`
and :func:`run_async` only differ in how they wait::

    def count_rows(stmt):
        page = yield stmt, ExecutionOptions()
        return page.rows[0][0]

    n = run(count_rows(stmt))                # coodie.sync
    n = await run_async(count_rows(stmt))    # coodie.aio

A :class:`Plan` is an operation together with the connection it runs on; every document
write, query terminal and schema call is built as one (without I/O) and then run by
:func:`run_plan` or awaited by :func:`run_plan_async`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, Generic, TypeVar

import attrs

from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import Preparer, ResultPage, Statement
from coodie.exceptions import DriverError
from coodie.executor.connections import Connection, get_connection

T = TypeVar("T")

Request = tuple[Statement, ExecutionOptions]
Operation = Generator[Request, ResultPage, T]
"""A generator yielding requests, receiving pages, returning the result."""


class Single(Generic[T]):
    """A one-request operation without a generator: ``finish(page)`` is its result.

    The hot path of plain writes and key reads; :func:`run` sends it with one call and
    no generator protocol. ``yield from single`` works inside other operations.

    A ``paged`` read is finished over all its rows: when the page says more follow (a
    server may cut a page short, e.g. ScyllaDB after many tombstones), :meth:`rest` reads
    the other pages and ``finish`` gets one page holding every row::

        one = Single(stmt, ExecutionOptions(), lambda page: page.rows[0], paged=True)
    """

    __slots__ = ("finish", "options", "paged", "statement")

    def __init__(
        self,
        statement: Statement,
        options: ExecutionOptions,
        finish: Callable[[ResultPage], T],
        paged: bool = False,
    ) -> None:
        self.statement = statement
        self.options = options
        self.finish = finish
        self.paged = paged

    def __iter__(self) -> Operation[T]:
        page = yield self.statement, self.options
        if self.paged and page.paging_state is not None:
            return (yield from self.rest(page))
        return self.finish(page)

    def rest(self, first: ResultPage) -> Operation[T]:
        """Read the pages after ``first``, then ``finish`` one page of all the rows."""
        rows, warnings, page = list(first.rows), list(first.warnings), first
        while (state := page.paging_state) is not None:
            page = yield self.statement, attrs.evolve(self.options, paging_state=state)
            if not page.rows and page.paging_state == state:
                break  # a server that does not advance would loop forever
            rows.extend(page.rows)
            warnings.extend(page.warnings)
        return self.finish(ResultPage(first.columns, rows, None, tuple(warnings)))


Runnable = Operation[T] | Single[T]
"""What :func:`run` and :func:`run_async` accept."""


def run(operation: Runnable[T], connection: str | Connection | None = None) -> T:
    """Drive ``operation`` to completion with blocking calls on ``connection``."""
    conn = connection if isinstance(connection, Connection) else get_connection(connection)
    driver = conn.driver()
    execute = driver.execute
    merge = conn.options if conn.defaults is not None else None
    if isinstance(operation, Single):
        options = merge(operation.options) if merge else operation.options
        page = execute(operation.statement, options)
        if page.paging_state is None or not operation.paged:
            return operation.finish(page)
        operation = operation.rest(page)
    try:
        statement, options = next(operation)
        while True:
            try:
                page = execute(statement, merge(options) if merge else options)
            except DriverError as error:
                statement, options = operation.throw(error)
                continue
            statement, options = operation.send(page)
    except StopIteration as stop:
        result: T = stop.value
        return result


async def run_async(operation: Runnable[T], connection: str | Connection | None = None) -> T:
    """Drive ``operation`` to completion, awaiting each request on ``connection``."""
    conn = connection if isinstance(connection, Connection) else get_connection(connection)
    driver = await conn.driver_async()
    execute = driver.execute_async
    merge = conn.options if conn.defaults is not None else None
    if isinstance(operation, Single):
        options = merge(operation.options) if merge else operation.options
        page = await execute(operation.statement, options)
        if page.paging_state is None or not operation.paged:
            return operation.finish(page)
        operation = operation.rest(page)
    try:
        statement, options = next(operation)
        while True:
            try:
                page = await execute(statement, merge(options) if merge else options)
            except DriverError as error:
                statement, options = operation.throw(error)
                continue
            statement, options = operation.send(page)
    except StopIteration as stop:
        result: T = stop.value
        return result


class Plan(Generic[T]):
    """An operation returning ``T``, the connection it runs on, and whether it changes the schema.

    ``connection`` is a connection name (``None``: the default connection) or a
    :class:`~coodie.executor.connections.Connection`. With ``schema_change=True`` the
    operation returns the DDL statements it sent, and :func:`run_plan` waits for schema
    agreement after it sent any. ``warm`` names CQL texts to prepare afterwards on a
    driver that can (``prepare_on_sync``, :mod:`coodie.executor.warmup`). Building a plan
    does no I/O, so bad input fails before anything is sent::

        plan = Plan(done(42), "analytics")
        run_plan(plan)        # 42 (coodie.sync); await run_plan_async(plan) in coodie.aio
    """

    __slots__ = ("connection", "operation", "schema_change", "warm")

    def __init__(
        self,
        operation: Runnable[T],
        connection: str | Connection | None = None,
        *,
        schema_change: bool = False,
        warm: tuple[str, ...] = (),
    ) -> None:
        self.operation = operation
        self.connection = connection
        self.schema_change = schema_change
        self.warm = warm


def run_plan(plan: Plan[T]) -> T:
    """Run ``plan`` blocking; after a schema change that sent statements, wait for agreement."""
    result = run(plan.operation, plan.connection)
    if plan.schema_change and result:
        _connection(plan.connection).driver().wait_for_schema_agreement()
    if plan.warm:
        driver = _connection(plan.connection).driver()
        if isinstance(driver, Preparer):
            for cql in plan.warm:
                driver.prepare(cql)
    return result


async def run_plan_async(plan: Plan[T]) -> T:
    """Await ``plan``; after a schema change that sent statements, wait for agreement."""
    result = await run_async(plan.operation, plan.connection)
    if plan.schema_change and result:
        driver = await _connection(plan.connection).driver_async()
        await driver.wait_for_schema_agreement_async()
    if plan.warm:
        preparer = await _connection(plan.connection).driver_async()
        if isinstance(preparer, Preparer):
            for cql in plan.warm:
                await preparer.prepare_async(cql)
    return result


def _connection(connection: str | Connection | None) -> Connection:
    return connection if isinstance(connection, Connection) else get_connection(connection)


def done(value: T) -> Operation[T]:
    """An operation that sends nothing and returns ``value`` (e.g. an empty batch)."""
    return value
    yield  # pragma: no cover - makes this a generator


def no_value(_: Any) -> None:
    """Result handler that ignores the page (plain writes)."""
    return None
