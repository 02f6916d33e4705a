"""What conditional writes and paged reads return.

``LWTResult`` is the outcome of a lightweight transaction::

    result = Product(id=pid, name="x").insert()      # INSERT ... IF NOT EXISTS
    if not result:                                   # falsy when not applied
        print(result.existing)                       # the row the server had

``PagedResult`` is one page of a read and where to resume::

    page = Product.find().fetch_size(100).paged_all()
    more = Product.find().fetch_size(100).page(page.paging_state).paged_all()
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

APPLIED = "[applied]"


class LWTResult(Generic[T]):
    """Outcome of a conditional write (``IF NOT EXISTS`` / ``IF EXISTS`` / ``IF ...``).

    ``applied`` says whether the write happened; ``existing`` is the row the server
    returned when it did not (a model instance when the row could be typed as the
    model, else a ``dict``), or ``None``.

    >>> r = LWTResult(False, {"id": 1})
    >>> bool(r), r.existing
    (False, {'id': 1})
    """

    __slots__ = ("applied", "existing")

    def __init__(self, applied: bool, existing: T | dict[str, Any] | None = None) -> None:
        self.applied = applied
        self.existing = existing

    def __bool__(self) -> bool:
        return self.applied

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LWTResult):
            return NotImplemented
        return (self.applied, self.existing) == (other.applied, other.existing)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LWTResult(applied={self.applied!r}, existing={self.existing!r})"


class PagedResult(Generic[T]):
    """One page of rows and the opaque ``paging_state`` to fetch the next one.

    ``paging_state`` is ``None`` when the read is exhausted.

    >>> p = PagedResult([1, 2], b"next")
    >>> len(p), list(p), p.has_more
    (2, [1, 2], True)
    """

    __slots__ = ("data", "paging_state")

    def __init__(self, data: list[T], paging_state: bytes | None = None) -> None:
        self.data = data
        self.paging_state = paging_state

    @property
    def has_more(self) -> bool:
        """True when another page may follow."""
        return self.paging_state is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]

    def __repr__(self) -> str:
        return f"PagedResult(data={self.data!r}, paging_state={self.paging_state!r})"


def split_lwt_row(
    columns: Sequence[str], row: Sequence[Any] | None
) -> tuple[bool, dict[str, Any] | None]:
    """Read a conditional write's result row: ``([applied], existing columns)``.

    A server answers a conditional write with one row whose first column is
    ``[applied]``; when not applied, the existing row's columns follow (for
    ``IF col = ...`` only the condition columns; for batches also the keys).

    >>> split_lwt_row(("[applied]", "id", "name"), (False, 1, "a"))
    (False, {'id': 1, 'name': 'a'})
    >>> split_lwt_row(("[applied]",), (True,))
    (True, None)
    """
    if row is None:
        return True, None
    values: Mapping[str, Any] = dict(zip(columns, row, strict=False))
    applied = bool(values.get(APPLIED, True))
    existing = {k: v for k, v in values.items() if k != APPLIED}
    return applied, (existing or None)
