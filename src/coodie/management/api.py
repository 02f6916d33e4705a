"""Turn job builders into the blocking (``coodie.sync``) and awaitable (``coodie.aio``) API.

Every public schema function is a job builder from :mod:`coodie.management.jobs`
wrapped once by :func:`blocking` and once by :func:`awaitable`, so both APIs have
the same names, signatures and docstrings, and no logic is written twice::

    sync_table = blocking(jobs.sync_table_job)       # coodie.sync.sync_table(Product)
    sync_table = awaitable(jobs.sync_table_job)      # await coodie.aio.sync_table(Product)

After statements were sent, both wait for schema agreement where the driver can
tell.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec

from coodie.executor.runner import run, run_async
from coodie.management.jobs import Job
from coodie.management.operations import Statements

P = ParamSpec("P")


def run_job(job: Job) -> Statements:
    """Run a job blocking; wait for schema agreement when statements were sent."""
    sent = run(job.operation, job.connection)
    if sent and not job.dry_run:
        job.connection.driver().wait_for_schema_agreement()
    return sent


async def run_job_async(job: Job) -> Statements:
    """Run a job without blocking the event loop; then wait for schema agreement."""
    sent = await run_async(job.operation, job.connection)
    if sent and not job.dry_run:
        driver = await job.connection.driver_async()
        await driver.wait_for_schema_agreement_async()
    return sent


def _present(call: Callable[..., Any], build: Callable[..., Job]) -> None:
    """Name the wrapper after the builder (minus ``_job``) and show what it returns."""
    call.__name__ = call.__qualname__ = build.__name__.removesuffix("_job")
    signature = inspect.signature(build).replace(return_annotation="tuple[CompiledStatement, ...]")
    call.__signature__ = signature  # type: ignore[attr-defined]


def blocking(build: Callable[P, Job]) -> Callable[P, Statements]:
    """The blocking form of a job builder (same signature, returns the statements)."""

    @functools.wraps(build)
    def call(*args: P.args, **kwargs: P.kwargs) -> Statements:
        return run_job(build(*args, **kwargs))

    _present(call, build)
    return call


def awaitable(build: Callable[P, Job]) -> Callable[P, Awaitable[Statements]]:
    """The async form of a job builder (same signature, awaitable)."""

    @functools.wraps(build)
    async def call(*args: P.args, **kwargs: P.kwargs) -> Statements:
        return await run_job_async(build(*args, **kwargs))

    _present(call, build)
    return call
