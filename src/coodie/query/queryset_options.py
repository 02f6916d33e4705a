"""The option chain methods of a queryset: how it is sent and how its writes are made.

:class:`QuerySetOptions` holds them for :class:`~coodie.query.queryset.QuerySetCore`:
execution options (``fetch_size``, ``page``, ``consistency``, ``serial_consistency``,
``timeout``), write options (``ttl``, ``timestamp``, ``if_exists``, ``if_not_exists``,
``iff``, ``batch``) and ``using`` to set several at once. Like every chain method they
check their argument now and return a new queryset::

    Product.find(id=pid).ttl(60).iff(stock__gt=0).consistency("QUORUM")
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import attrs
from typing_extensions import Self

from coodie.cql.options import consistency_name
from coodie.query.batch import BatchCore
from coodie.query.checks import timestamp_micros_for, ttl_seconds
from coodie.query.lookups import condition
from coodie.query.state import QueryState

if TYPE_CHECKING:
    from coodie.exceptions import QueryError

_UNSET: Any = object()


class QuerySetOptions:
    """The execution and write option methods of :class:`~coodie.query.queryset.QuerySetCore`.

    A base of the core only: it reads the core's state and copies it with the core's
    ``_evolve`` / ``_with_select``, and reports with its ``_error``.
    """

    __slots__ = ()

    _state: QueryState

    if TYPE_CHECKING:  # defined by QuerySetCore

        def _evolve(self, **changes: Any) -> Self: ...

        def _with_select(self, **changes: Any) -> Self: ...

        def _error(self, problem: str, field: str | None = None) -> QueryError: ...

    # -- execution options ---------------------------------------------------

    def _with_options(self, **changes: Any) -> Self:
        return self._evolve(options=attrs.evolve(self._state.options, **changes))

    def fetch_size(self, n: int) -> Self:
        """Rows per page fetched from the server (at least 1)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise self._error(f"fetch_size must be a positive int, not {n!r}")
        return self._with_options(fetch_size=n)

    def page(self, paging_state: bytes | None) -> Self:
        """Resume reading where a previous page ended (``None``: from the start)."""
        if paging_state is not None and not isinstance(paging_state, bytes):
            raise self._error(f"paging state must be bytes, not {type(paging_state).__name__}")
        return self._with_options(paging_state=paging_state)

    def consistency(self, level: Any) -> Self:
        """Consistency level: ``"LOCAL_QUORUM"``, ``"ONE"`` ... (or a driver enum)."""
        return self._with_options(consistency=consistency_name(level))

    def serial_consistency(self, level: Any) -> Self:
        """Serial consistency of conditional writes: ``"SERIAL"`` or ``"LOCAL_SERIAL"``."""
        return self._with_options(serial_consistency=consistency_name(level))

    def timeout(self, seconds: float | None) -> Self:
        """Client-side request timeout in seconds (``None``: the connection default)."""
        if seconds is not None and (isinstance(seconds, bool) or not seconds > 0):
            raise self._error(f"timeout must be positive seconds, not {seconds!r}")
        return self._with_options(timeout=seconds)

    # -- write options -------------------------------------------------------

    def _with_writes(self, **changes: Any) -> Self:
        return self._evolve(writes=attrs.evolve(self._state.writes, **changes))

    def ttl(self, seconds: int | None) -> Self:
        """``USING TTL ?`` for writes made through this queryset."""
        return self._with_writes(ttl=ttl_seconds(self._state.model, seconds))

    def timestamp(self, at: int | datetime.datetime | None) -> Self:
        """``USING TIMESTAMP ?``: int µs since the epoch or a timezone-aware datetime."""
        return self._with_writes(timestamp=timestamp_micros_for(self._state.model, at))

    def if_exists(self) -> Self:
        """Make bulk updates/deletes conditional: ``IF EXISTS``."""
        return self._with_writes(if_exists=True, if_not_exists=False)

    def if_not_exists(self) -> Self:
        """Make inserts conditional: ``IF NOT EXISTS``."""
        return self._with_writes(if_not_exists=True, if_exists=False)

    def batch(self, batch: BatchCore | None) -> Self:
        """Bulk writes, ``create()`` included, join ``batch`` instead of being sent at once.

        Example: ``with BatchQuery() as b: Product.find(id=pid).batch(b).delete()``.
        """
        if batch is not None and not isinstance(batch, BatchCore):
            raise TypeError(f"batch() takes a BatchQuery, not {type(batch).__name__}")
        return self._with_writes(batch=batch)

    def _batched(self, batch: BatchCore | None) -> Self:
        return self if batch is None else self.batch(batch)

    def iff(self, **conditions: Any) -> Self:
        """``IF col = ? AND ...`` for bulk updates/deletes: ``iff(price=10, stock__gt=0)``."""
        built = tuple(condition(self._state.model, k, v) for k, v in conditions.items())
        return self._with_writes(conditions=self._state.writes.conditions + built)

    def using(
        self,
        *,
        ttl: int | None = _UNSET,
        timestamp: int | datetime.datetime | None = _UNSET,
        timeout: float | None = _UNSET,
        consistency: Any = _UNSET,
        connection: str | None = _UNSET,
        keyspace: str | None = _UNSET,
    ) -> Self:
        """Set several options at once; arguments left out keep their value."""
        qs = self
        if ttl is not _UNSET:
            qs = qs.ttl(ttl)
        if timestamp is not _UNSET:
            qs = qs.timestamp(timestamp)
        if timeout is not _UNSET:
            qs = qs.timeout(timeout)
        if consistency is not _UNSET:
            qs = qs.consistency(consistency)
        if connection is not _UNSET:
            qs = qs._evolve(connection=connection)
        if keyspace is not _UNSET:
            table = attrs.evolve(
                self._state.select.table, keyspace=keyspace or self._state.schema.keyspace
            )
            qs = qs._with_select(table=table)
        return qs
