"""The one small protocol every driver adapter implements.

An executor hands a driver a :class:`~coodie.compiler.compiled.CompiledStatement` (or a
:class:`~coodie.compiler.compiled.CompiledBatch`) and :class:`ExecutionOptions`; the driver
returns one :class:`ResultPage`. The executor asks for further pages with the
returned ``paging_state``: paging state belongs to the result, never to the driver.

Values crossing this boundary, in both directions, are in *coodie value form*:

=================  ======================================================================
CQL type           Python value
=================  ======================================================================
text, ascii        ``str``
tinyint..varint    ``int`` (``counter`` too)
float, double      ``float``
decimal            ``decimal.Decimal``
boolean            ``bool``
uuid, timeuuid     ``uuid.UUID``
timestamp          ``datetime.datetime``, timezone-aware UTC (``int`` ms if out of range)
date               ``datetime.date`` (``int`` days since epoch if out of range)
time               ``int`` nanoseconds since midnight
duration           :class:`coodie.cql.values.CqlDuration`
blob               ``bytes``
inet               ``ipaddress.IPv4Address`` / ``IPv6Address``
list, vector       ``list``
set                ``set``; a ``list`` of distinct elements when they are user types or
                   collections (dicts, lists and sets cannot be set elements)
map                ``dict`` (server order)
tuple              ``tuple``
user type          ``dict`` of field name to value (declared order)
null               ``None``
=================  ======================================================================

Each adapter converts between this form and its driver's own types.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.cql.options import ExecutionOptions

__all__ = ["Driver", "ExecutionOptions", "Preparer", "ResultPage", "Statement"]


@attrs.frozen(slots=True)
class ResultPage:
    """One page of a result: column names, rows as tuples, and where to resume.

    ``paging_state`` is ``None`` when there are no more rows.
    """

    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    paging_state: bytes | None = None
    warnings: tuple[str, ...] = ()


Statement = CompiledStatement | CompiledBatch


@runtime_checkable
class Driver(Protocol):
    """What every driver adapter provides.

    ``execute`` blocks; ``execute_async`` never blocks the event loop.
    """

    name: str

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement (or batch) and return its first/next page."""
        ...

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement (or batch) without blocking the event loop."""
        ...

    def wait_for_schema_agreement(self) -> bool:
        """Block until the cluster agrees on the schema; ``False`` if it cannot tell."""
        ...

    async def wait_for_schema_agreement_async(self) -> bool:
        """Async form of :meth:`wait_for_schema_agreement`."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    async def close_async(self) -> None:
        """Async form of :meth:`close`."""
        ...


@runtime_checkable
class Preparer(Protocol):
    """What a driver adapter that can prepare statements ahead of use provides (optional).

    ``prepare`` puts ``cql`` in the adapter's prepared-statement cache, so the first
    request with that text does not pay a prepare round trip; ``init_coodie(...,
    prepare_on_sync=True)`` uses it (see :mod:`coodie.executor.warmup`)::

        if isinstance(driver, Preparer):
            driver.prepare("SELECT name FROM shop.product WHERE id = ?")
    """

    def prepare(self, cql: str) -> None:
        """Prepare ``cql`` now (blocking), unless it is already prepared."""
        ...

    async def prepare_async(self, cql: str) -> None:
        """Async form of :meth:`prepare`; never blocks the event loop."""
        ...
