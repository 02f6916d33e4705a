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

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, overload, runtime_checkable

import attrs

from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.cql.options import ExecutionOptions

__all__ = [
    "ConvertedRows",
    "Driver",
    "ExecutionOptions",
    "Preparer",
    "ResultPage",
    "RowConversion",
    "Statement",
]


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


@attrs.frozen(slots=True, eq=False)
class RowConversion:
    """How an adapter turns its driver's rows into coodie value form, as code.

    ``source`` is a Python expression over ``row`` (one driver row) whose value is the
    row in coodie value form; the other names it uses are in ``env`` (each starting with
    ``_row_``). ``convert`` is that expression compiled: ``row -> tuple``. A model read
    writes ``source`` into its hydrator, so one call per row converts it and builds the
    instance (see :class:`ConvertedRows`).
    """

    source: str
    env: Mapping[str, Any]
    convert: Callable[[Any], tuple[Any, ...]]


class ConvertedRows(Sequence[tuple[Any, ...]]):
    """A page's rows in coodie value form, converted from the driver's rows on first use.

    ``driver_rows`` and ``conversion`` let a reader that has not used the rows yet
    (``pending``) convert them its own way, e.g. while making model instances.

    >>> rows = ConvertedRows([(1,)], RowConversion("(row[0] + 1,)", {}, lambda r: (r[0] + 1,)))
    >>> rows.pending, list(rows), rows == [(2,)], rows.pending
    (True, [(2,)], True, False)
    """

    __slots__ = ("_rows", "conversion", "driver_rows")

    def __init__(self, driver_rows: Sequence[Any], conversion: RowConversion) -> None:
        self.driver_rows = driver_rows
        self.conversion = conversion
        self._rows: list[tuple[Any, ...]] | None = None

    @property
    def pending(self) -> bool:
        """True while the rows were not converted (nothing read them yet)."""
        return self._rows is None

    def _converted(self) -> list[tuple[Any, ...]]:
        rows = self._rows
        if rows is None:
            rows = self._rows = list(map(self.conversion.convert, self.driver_rows))
        return rows

    def __len__(self) -> int:
        return len(self.driver_rows)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Any, ...] | list[tuple[Any, ...]]:
        return self._converted()[index]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._converted())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ConvertedRows):
            other = other._converted()
        return self._converted() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._converted())


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
