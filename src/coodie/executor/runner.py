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
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, Generic, TypeVar

from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.exceptions import DriverError
from coodie.executor.connections import Connection, get_connection

T = TypeVar("T")

Request = tuple[Statement, ExecutionOptions]
Operation = Generator[Request, ResultPage, T]
"""A generator yielding requests, receiving pages, returning the result."""


class Single(Generic[T]):
    """A one-request operation without a generator: ``finish(page)`` is its result.

    The hot path of plain writes; :func:`run` sends it with one call and no
    generator protocol. ``yield from single`` works inside other operations.
    """

    __slots__ = ("finish", "options", "statement")

    def __init__(
        self, statement: Statement, options: ExecutionOptions, finish: Callable[[ResultPage], T]
    ) -> None:
        self.statement = statement
        self.options = options
        self.finish = finish

    def __iter__(self) -> Operation[T]:
        page = yield self.statement, self.options
        return self.finish(page)


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
        return operation.finish(execute(operation.statement, options))
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
        return operation.finish(await execute(operation.statement, options))
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


def done(value: T) -> Operation[T]:
    """An operation that sends nothing and returns ``value`` (e.g. an empty batch)."""
    return value
    yield  # pragma: no cover - makes this a generator


def no_value(_: Any) -> None:
    """Result handler that ignores the page (plain writes)."""
    return None
