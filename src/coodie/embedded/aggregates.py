"""Aggregate functions as accumulators: each row is folded in as it is read, so
``SELECT count(*)`` over a large table keeps one running total, never the rows.

A selector's ``agg`` is a factory; the pager calls it once per group, then
:meth:`Accumulator.add` for every row of the group and :meth:`Accumulator.result` at the end.

>>> count = CountRows()
>>> for row in range(3):
...     count.add(row)
>>> count.result()
3
>>> total = Sum(lambda row: row, "int", 0)
>>> for value in (2**31 - 1, 1):
...     total.add(value)
>>> total.result()  # int arithmetic wraps as in Cassandra
-2147483648
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Any, Protocol

from coodie.embedded.codec import EMPTY

_BITS = {"tinyint": 8, "smallint": 16, "int": 32, "bigint": 64, "counter": 64}
_DECIMAL = Context(prec=34, rounding=ROUND_HALF_EVEN)


class Accumulator(Protocol):
    """The running state of one aggregate over one group of rows."""

    def add(self, row: Any) -> None:
        """Fold one row in."""

    def result(self) -> Any:
        """The aggregate's value over the rows added so far."""


AccumulatorFactory = Callable[[], Accumulator]


def wrap(type_name: str, value: int) -> int:
    """``value`` wrapped to the width of the integer type ``type_name`` (varint: unchanged).

    >>> wrap("tinyint", 128)
    -128
    """
    bits = _BITS.get(type_name)
    if bits is None:
        return value
    half = 1 << (bits - 1)
    return (value + half) % (1 << bits) - half


def _present(value: Any) -> bool:
    return value is not None and value is not EMPTY


class CountRows:
    """``count(*)``: the number of rows."""

    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def add(self, row: Any) -> None:
        """Count one row."""
        self.n += 1

    def result(self) -> int:
        """The number of rows added."""
        return self.n


class CountValues:
    """``count(column)``: the number of rows where the value is not null."""

    __slots__ = ("fn", "n")

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn, self.n = fn, 0

    def add(self, row: Any) -> None:
        """Count the row if its value is set."""
        if _present(self.fn(row)):
            self.n += 1

    def result(self) -> int:
        """The number of non-null values."""
        return self.n


class Pick:
    """``min``/``max``: the first smallest (or largest) value in the type's order."""

    __slots__ = ("best", "best_key", "fn", "key", "largest")

    def __init__(self, fn: Callable[[Any], Any], key: Callable[[Any], Any], largest: bool):
        self.fn, self.key, self.largest = fn, key, largest
        self.best: Any = None
        self.best_key: Any = None

    def add(self, row: Any) -> None:
        """Keep the row's value if it beats the current one."""
        value = self.fn(row)
        if not _present(value):
            return
        k = self.key(value)
        if self.best_key is None or (k > self.best_key if self.largest else k < self.best_key):
            self.best, self.best_key = value, k

    def result(self) -> Any:
        """The value kept (``None`` when no row had one)."""
        return self.best


class Sum:
    """``sum``: the total in the argument's type (integers wrap to its width)."""

    __slots__ = ("fn", "total", "type_name")

    def __init__(self, fn: Callable[[Any], Any], type_name: str, zero: Any) -> None:
        self.fn, self.type_name, self.total = fn, type_name, zero

    def add(self, row: Any) -> None:
        """Add the row's value."""
        value = self.fn(row)
        if _present(value):
            self.total = self.total + value

    def result(self) -> Any:
        """The total (zero for no rows)."""
        total = self.total
        return wrap(self.type_name, total) if isinstance(total, int) else total


class Average(Sum):
    """``avg``: the mean in the argument's type (integer division truncates toward zero)."""

    __slots__ = ("n",)

    def __init__(self, fn: Callable[[Any], Any], type_name: str, zero: Any) -> None:
        super().__init__(fn, type_name, zero)
        self.n = 0

    def add(self, row: Any) -> None:
        """Add the row's value and count it."""
        value = self.fn(row)
        if _present(value):
            self.total = self.total + value
            self.n += 1

    def result(self) -> Any:
        """The mean (zero for no rows)."""
        s, n = self.total, self.n
        if not n:
            return s
        if isinstance(s, int):
            q = abs(s) // n
            return wrap(self.type_name, q if s >= 0 else -q)
        if isinstance(s, Decimal):
            return _DECIMAL.divide(s, Decimal(n))
        return s / n
