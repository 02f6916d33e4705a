"""A sorted collection of clustering sort keys for large partitions.

Keys live in chunks of at most ``2 * LOAD`` sorted keys, with each chunk's last key in
``_maxes``: an insert moves at most one chunk's pointers (not the whole partition's),
and a slice starts with two binary searches and reads only the keys it returns.

>>> keys = SortedKeys()
>>> for k in [(3,), (1,), (2,)]:
...     keys.add(k)
>>> list(keys), list(keys.irange((2,))), list(keys.irange(hi=(2,), reverse=True))
([(1,), (2,), (3,)], [(2,), (3,)], [(2,), (1,)])
>>> keys.remove((2,)); len(keys), (2,) in keys
(2, False)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from typing import Any

LOAD = 512


class SortedKeys:
    """Sorted, duplicate-free keys with O(log n + chunk) inserts and range iteration."""

    __slots__ = ("_len", "_lists", "_maxes")

    def __init__(self) -> None:
        self._lists: list[list[Any]] = []
        self._maxes: list[Any] = []
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    def __contains__(self, key: Any) -> bool:
        i = bisect_left(self._maxes, key)
        if i == len(self._maxes):
            return False
        chunk = self._lists[i]
        j = bisect_left(chunk, key)
        return j < len(chunk) and chunk[j] == key

    def __iter__(self) -> Iterator[Any]:
        for chunk in self._lists:
            yield from chunk

    def __reversed__(self) -> Iterator[Any]:
        for chunk in reversed(self._lists):
            yield from reversed(chunk)

    def add(self, key: Any) -> None:
        """Insert ``key`` (which must not be present)."""
        maxes, lists = self._maxes, self._lists
        self._len += 1
        if not maxes:
            lists.append([key])
            maxes.append(key)
            return
        i = bisect_left(maxes, key)
        if i == len(maxes):
            i -= 1
            lists[i].append(key)
            maxes[i] = key
        else:
            insort(lists[i], key)
        chunk = lists[i]
        if len(chunk) > 2 * LOAD:
            lists[i : i + 1] = [chunk[:LOAD], chunk[LOAD:]]
            maxes[i : i + 1] = [chunk[LOAD - 1], chunk[-1]]

    def remove(self, key: Any) -> None:
        """Remove ``key`` if present."""
        i = bisect_left(self._maxes, key)
        if i == len(self._maxes):
            return
        chunk = self._lists[i]
        j = bisect_left(chunk, key)
        if j == len(chunk) or chunk[j] != key:
            return
        del chunk[j]
        self._len -= 1
        if not chunk:
            del self._lists[i]
            del self._maxes[i]
        elif j == len(chunk):
            self._maxes[i] = chunk[-1]

    def irange(
        self,
        lo: Any = None,
        hi: Any = None,
        lo_incl: bool = True,
        hi_incl: bool = True,
        reverse: bool = False,
    ) -> Iterator[Any]:
        """Keys between ``lo`` and ``hi`` (None: unbounded), ascending or descending."""
        lists, maxes = self._lists, self._maxes
        if not maxes:
            return
        if lo is None:
            ci, cj = 0, 0
        else:
            ci = (bisect_left if lo_incl else bisect_right)(maxes, lo)
            if ci == len(maxes):
                return
            cj = (bisect_left if lo_incl else bisect_right)(lists[ci], lo)
        if hi is None:
            ei, ej = len(maxes) - 1, len(lists[-1])
        else:
            ei = bisect_left(maxes, hi)
            if ei == len(maxes):
                ei = len(maxes) - 1
            ej = (bisect_right if hi_incl else bisect_left)(lists[ei], hi)
        if (ci, cj) > (ei, ej) or ci > ei:
            return
        if not reverse:
            for i in range(ci, ei + 1):
                chunk = lists[i]
                yield from chunk[cj if i == ci else 0 : ej if i == ei else len(chunk)]
            return
        for i in range(ei, ci - 1, -1):
            chunk = lists[i]
            yield from reversed(chunk[cj if i == ci else 0 : ej if i == ei else len(chunk)])


class _Bottom:
    """Sorts before everything (what ``Rev`` compares against when it meets ``_Top``)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return True

    def __gt__(self, other: object) -> bool:
        return False


class _Top:
    """Sorts after everything: ``(*prefix, TOP)`` bounds every key starting with ``prefix``."""

    __slots__ = ()
    k = _Bottom()  # a Rev(x) compares other.k against x

    def __lt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return other is self

    def __gt__(self, other: object) -> bool:
        return other is not self

    def __ge__(self, other: object) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return 1


TOP = _Top()


def after_prefix(prefix: tuple[Any, ...]) -> tuple[Any, ...]:
    """A bound above every key that starts with ``prefix`` and below every larger key.

    >>> (1, 5) < after_prefix((1,)) < (2,)
    True
    """
    return (*prefix, TOP)
