"""``QuerySet``: an immutable query (``QuerySetCore``) plus blocking terminals.

Example::

    qs = Product.find(brand="acme").fetch_size(500)
    for product in qs:            # streams page by page
        ...
    qs.count(); qs.first(); qs.all(); len(qs)
    page = qs.page(); next_page = qs.page(page.paging_state)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from coodie.executor import queries
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.runner import run
from coodie.query.expressions import Field
from coodie.query.queryset import QuerySetCore

M = TypeVar("M")


class QuerySet(QuerySetCore[M]):
    """A lazy, immutable query over model ``M``; terminals run it (see the module docs)."""

    __slots__ = ()

    def all(self) -> list[M]:
        """Every matching row (all pages): ``Product.find(brand="acme").all()``."""
        result: list[M] = run(*queries.all_plan(self))
        return result

    def __iter__(self) -> Iterator[M]:
        state = self.options.paging_state
        while True:
            page: PagedResult[M] = run(*queries.page_plan(self, state))
            yield from page.data
            state = page.paging_state
            if state is None:
                return

    def __len__(self) -> int:
        return len(self.all())

    def first(self) -> M | None:
        """The first matching row, or ``None``: ``Product.find(brand="acme").first()``."""
        result: M | None = run(*queries.first_plan(self))
        return result

    def get(self) -> M:
        """Exactly one row, else ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned``.

        Example: ``Product.find(id=pid).get()``.
        """
        result: M = run(*queries.get_plan(self))
        return result

    def count(self) -> int:
        """How many rows match: ``Product.find(brand="acme").count()``."""
        result: int = run(*queries.count_plan(self))
        return result

    def page(self, paging_state: bytes | None = None) -> PagedResult[M]:  # type: ignore[override]
        """One page from ``paging_state`` (``None``: the first) and where to resume.

        Example: ``p = qs.fetch_size(50).page(); qs.fetch_size(50).page(p.paging_state)``.
        """
        result: PagedResult[M] = run(*queries.page_plan(self, paging_state))
        return result

    def paged_all(self) -> PagedResult[M]:
        """The page at this query's paging state: ``qs.fetch_size(50).paged_all()``."""
        return self.page(self.options.paging_state)

    def update(self, **changes: Any) -> LWTResult[M] | None:
        """Bulk update the matching rows: ``Product.find(id=pid).update(price=2.0)``."""
        result: LWTResult[M] | None = run(*queries.update_plan(self, changes))
        return result

    def delete(self, *columns: str) -> LWTResult[M] | None:
        """Bulk delete the matching rows (or some columns): ``Product.find(id=pid).delete()``."""
        result: LWTResult[M] | None = run(*queries.delete_plan(self, columns))
        return result

    def sum(self, field: str | Field) -> Any:
        """``sum(field)`` over the matching rows: ``qs.sum("price")``."""
        return run(*queries.aggregate_plan(self, "sum", field))

    def avg(self, field: str | Field) -> Any:
        """``avg(field)`` over the matching rows: ``qs.avg("price")``."""
        return run(*queries.aggregate_plan(self, "avg", field))

    def min(self, field: str | Field) -> Any:
        """``min(field)`` over the matching rows: ``qs.min("price")``."""
        return run(*queries.aggregate_plan(self, "min", field))

    def max(self, field: str | Field) -> Any:
        """``max(field)`` over the matching rows: ``qs.max("price")``."""
        return run(*queries.aggregate_plan(self, "max", field))
