"""Turn plan builders into the blocking (``coodie.sync``) and awaitable (``coodie.aio``) API.

Every public schema function is a plan builder from :mod:`coodie.management.calls`
wrapped once by :func:`blocking` and once by :func:`awaitable`, so both APIs have
the same names, signatures and docstrings, and no logic is written twice::

    sync_table = blocking(calls.sync_table_plan)       # coodie.sync.sync_table(Product)
    sync_table = awaitable(calls.sync_table_plan)      # await coodie.aio.sync_table(Product)

After statements were sent, both wait for schema agreement where the driver can
tell (:func:`~coodie.executor.runner.run_plan`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec

from coodie.executor.runner import run_plan, run_plan_async
from coodie.management.calls import SchemaPlan
from coodie.management.operations import Statements

P = ParamSpec("P")


def _present(call: Callable[..., Any], build: Callable[..., SchemaPlan]) -> None:
    """Name the wrapper after the builder (minus ``_plan``) and show what it returns."""
    call.__name__ = call.__qualname__ = build.__name__.removesuffix("_plan")
    signature = inspect.signature(build).replace(return_annotation="tuple[CompiledStatement, ...]")
    call.__dict__["__signature__"] = signature  # what inspect.signature() reports


def blocking(build: Callable[P, SchemaPlan]) -> Callable[P, Statements]:
    """The blocking form of a plan builder (same signature, returns the statements)."""

    @functools.wraps(build)
    def call(*args: P.args, **kwargs: P.kwargs) -> Statements:
        return run_plan(build(*args, **kwargs))

    _present(call, build)
    return call


def awaitable(build: Callable[P, SchemaPlan]) -> Callable[P, Awaitable[Statements]]:
    """The async form of a plan builder (same signature, awaitable)."""

    @functools.wraps(build)
    async def call(*args: P.args, **kwargs: P.kwargs) -> Statements:
        return await run_plan_async(build(*args, **kwargs))

    _present(call, build)
    return call
