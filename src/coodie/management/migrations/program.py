"""Programs: the migration runner's logic written once, driven blocking or awaiting.

A *program* is a generator that yields *steps* and receives each step's result,
like the executor's operations (:mod:`coodie.executor.runner`) but with more
kinds of step: an operation to run on the connection, a wait for schema
agreement, a pause, or a call of a migration's ``upgrade``/``downgrade``.
:func:`drive` waits on each step with blocking calls; :func:`drive_async` awaits
them. Nothing else differs between ``coodie.sync`` and ``coodie.aio``::

    def program():
        rows = yield read_all_operation          # an Operation: run on the connection
        yield AgreeSchema()                      # wait for schema agreement
        return rows

    drive(program(), connection)                 # blocking
    await drive_async(program(), connection)     # asyncio
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

import attrs

from coodie.executor.connections import Connection
from coodie.executor.runner import Runnable, run, run_async

T = TypeVar("T")


@attrs.frozen(slots=True)
class AgreeSchema:
    """Wait until every node reports the same schema version (before and after DDL)."""


@attrs.frozen(slots=True)
class Pause:
    """Sleep ``seconds`` (lock waits, throttling)."""

    seconds: float


@attrs.frozen(slots=True)
class CallMigration:
    """Call a migration's ``upgrade``/``downgrade`` with a context built for the runner.

    ``make_context(is_async, drive)`` builds :class:`~.context.MigrationContext`
    (blocking, for a plain ``def``) or :class:`~.context.AsyncMigrationContext`
    (for an ``async def``) around ``drive``, which runs a sub-program.
    """

    function: Callable[[Any], Any]
    make_context: Callable[[bool, Callable[[Program[Any]], Any]], Any]


@attrs.frozen(slots=True)
class Parallel:
    """Run several sub-programs at once (threads, or asyncio tasks); the result is their list."""

    programs: tuple[Program[Any], ...]


Step = Runnable[Any] | AgreeSchema | Pause | CallMigration | Parallel
Program = Generator[Step, Any, T]
"""A generator yielding steps, receiving their results, returning the program's result."""


class Hook(Protocol):
    """Called before every step with the connection (the lock's lease: start, stop, check)."""

    def __call__(self, connection: Connection) -> None: ...


def _no_hook(connection: Connection) -> None:
    return None


def drive(program: Program[T], connection: Connection, hook: Hook = _no_hook) -> T:
    """Run ``program`` to completion with blocking calls on ``connection``.

    ``hook`` is called before every step (the migration lock's lease raises
    there once it was lost).
    """

    def sub(inner: Program[Any]) -> Any:
        return drive(inner, connection, hook)

    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = program.throw(error) if error is not None else program.send(value)
        except StopIteration as stop:
            result: T = stop.value
            return result
        error = None
        try:
            hook(connection)
            value = _step(step, connection, sub)
        except Exception as raised:
            error = raised


def _step(step: Step, connection: Connection, sub: Callable[[Program[Any]], Any]) -> Any:
    if isinstance(step, Parallel):
        if len(step.programs) == 1:
            return [sub(step.programs[0])]
        with ThreadPoolExecutor(len(step.programs), thread_name_prefix="coodie-worker") as pool:
            return list(pool.map(sub, step.programs))
    if isinstance(step, AgreeSchema):
        return connection.driver().wait_for_schema_agreement()
    if isinstance(step, Pause):
        time.sleep(step.seconds)
        return None
    if isinstance(step, CallMigration):
        if inspect.iscoroutinefunction(step.function):
            return asyncio.run(_call_async(step, connection))
        return step.function(step.make_context(False, sub))
    return run(step, connection)


async def _call_async(step: CallMigration, connection: Connection) -> Any:
    async def sub(inner: Program[Any]) -> Any:
        return await drive_async(inner, connection)

    return await step.function(step.make_context(True, sub))


async def drive_async(program: Program[T], connection: Connection, hook: Hook = _no_hook) -> T:
    """Run ``program`` to completion, awaiting each step on ``connection``.

    A plain ``def upgrade(ctx)`` runs in a worker thread; its blocking context
    hands each sub-program back to this event loop.
    """
    loop = asyncio.get_running_loop()

    async def sub(inner: Program[Any]) -> Any:
        return await drive_async(inner, connection, hook)

    def blocking_sub(inner: Program[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(sub(inner), loop).result()

    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = program.throw(error) if error is not None else program.send(value)
        except StopIteration as stop:
            result: T = stop.value
            return result
        error = None
        try:
            hook(connection)
            value = await _step_async(step, connection, sub, blocking_sub)
        except Exception as raised:
            error = raised


async def _step_async(
    step: Step,
    connection: Connection,
    sub: Callable[[Program[Any]], Any],
    blocking_sub: Callable[[Program[Any]], Any],
) -> Any:
    if isinstance(step, Parallel):
        return list(await asyncio.gather(*(sub(p) for p in step.programs)))
    if isinstance(step, AgreeSchema):
        driver = await connection.driver_async()
        return await driver.wait_for_schema_agreement_async()
    if isinstance(step, Pause):
        await asyncio.sleep(step.seconds)
        return None
    if isinstance(step, CallMigration):
        if inspect.iscoroutinefunction(step.function):
            return await step.function(step.make_context(True, sub))
        return await asyncio.to_thread(step.function, step.make_context(False, blocking_sub))
    return await run_async(step, connection)
