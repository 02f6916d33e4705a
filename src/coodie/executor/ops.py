"""The operations every terminal method is built from.

Each function returns an :data:`~coodie.executor.runner.Operation`; run it with
``run`` (sync) or ``run_async`` (async). Reads never truncate: :func:`read_all`
follows ``paging_state`` until the server says there is no more.

Example::

    rows = run(read_all(stmt, ExecutionOptions(fetch_size=500), convert=tuple))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.executor.results import LWTResult, PagedResult, split_lwt_row
from coodie.executor.runner import Operation

T = TypeVar("T")

RowsConverter = Callable[[ResultPage], list[T]]
"""Turns one page into result items (model instances, dicts, tuples ...)."""


def execute(statement: Statement, options: ExecutionOptions) -> Operation[ResultPage]:
    """Send one request and return its page as is."""
    page = yield statement, options
    return page


def write(statement: Statement, options: ExecutionOptions) -> Operation[None]:
    """Send a write; the answer carries nothing."""
    yield statement, options


def read_page(
    statement: Statement, options: ExecutionOptions, convert: RowsConverter[T]
) -> Operation[PagedResult[T]]:
    """Fetch one page (from ``options.paging_state``) as a :class:`PagedResult`."""
    page = yield statement, options
    return PagedResult(convert(page), page.paging_state)


def read_all(
    statement: Statement,
    options: ExecutionOptions,
    convert: RowsConverter[T],
    limit: int | None = None,
) -> Operation[list[T]]:
    """Fetch every page and return all items, in server order.

    ``limit`` caps the items client-side: paging stops once that many are read.
    """
    page = yield statement, options
    items = convert(page)
    state = page.paging_state
    while state is not None and (limit is None or len(items) < limit):
        page = yield statement, attrs.evolve(options, paging_state=state)
        more = convert(page)
        if not more and page.paging_state == state:
            break  # a server that does not advance would loop forever
        items.extend(more)
        state = page.paging_state
    return items if limit is None else items[:limit]


def read_first(
    statement: Statement, options: ExecutionOptions, convert: RowsConverter[T]
) -> Operation[T | None]:
    """The first item, or ``None``; follows pages until one has a row."""
    page = yield statement, options
    while True:
        items = convert(page)
        if items:
            return items[0]
        if page.paging_state is None:
            return None
        page = yield statement, attrs.evolve(options, paging_state=page.paging_state)


def read_scalar(statement: Statement, options: ExecutionOptions) -> Operation[Any]:
    """The first column of the first row (``COUNT``, ``SUM`` ...), ``None`` if no row."""
    page = yield statement, options
    return page.rows[0][0] if page.rows else None


def conditional(
    statement: Statement,
    options: ExecutionOptions,
    existing: Callable[[dict[str, Any]], Any] | None = None,
) -> Operation[LWTResult[Any]]:
    """Send a conditional write and parse its ``[applied]`` row into an :class:`LWTResult`.

    ``existing`` may turn the existing row (a dict) into a richer value, such as a
    model instance; it returns its input when it cannot.
    """
    page = yield statement, options
    row: Sequence[Any] | None = page.rows[0] if page.rows else None
    applied, found = split_lwt_row(page.columns, row)
    if found is not None and existing is not None:
        return LWTResult(applied, existing(found))
    return LWTResult(applied, found)
