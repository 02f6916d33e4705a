"""``QuerySet`` (async): an immutable query plus awaited terminals.

Example::

    qs = Product.find(brand="acme").fetch_size(500)
    async for product in qs:      # streams page by page
        ...
    await qs.count(); await qs.first(); await qs.all()
    page = await qs.page(); next_page = await qs.page(page.paging_state)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, TypeVar

from coodie.executor import queries
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.runner import run_async
from coodie.query.expressions import Field
from coodie.query.queryset import QuerySetCore

M = TypeVar("M")


class QuerySet(QuerySetCore[M]):
    """A lazy, immutable query over model ``M``; terminals run it (see the module docs)."""

    __slots__ = ()

    async def all(self) -> list[M]:
        """Every matching row (all pages): ``await Product.find(brand="acme").all()``."""
        result: list[M] = await run_async(*queries.all_plan(self))
        return result

    if not TYPE_CHECKING:  # type checkers already refuse a plain ``for``

        def __iter__(self):
            raise TypeError(
                "an async QuerySet is read with `async for` (or `await qs.all()`), not `for`"
            )

    async def __aiter__(self) -> AsyncIterator[M]:
        state = self.options.paging_state
        while True:
            page: PagedResult[M] = await run_async(*queries.page_plan(self, state))
            for item in page.data:
                yield item
            state = page.paging_state
            if state is None:
                return

    async def first(self) -> M | None:
        """The first matching row, or ``None``: ``await Product.find(brand="acme").first()``."""
        result: M | None = await run_async(*queries.first_plan(self))
        return result

    async def get(self) -> M:
        """Exactly one row, else ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned``.

        Example: ``await Product.find(id=pid).get()``.
        """
        result: M = await run_async(*queries.get_plan(self))
        return result

    async def count(self) -> int:
        """How many rows match: ``await Product.find(brand="acme").count()``."""
        result: int = await run_async(*queries.count_plan(self))
        return result

    async def page(self, paging_state: bytes | None = None) -> PagedResult[M]:  # type: ignore[override]
        """One page from ``paging_state`` (``None``: the first) and where to resume.

        Example: ``p = await qs.page(); await qs.page(p.paging_state)``.
        """
        result: PagedResult[M] = await run_async(*queries.page_plan(self, paging_state))
        return result

    async def paged_all(self) -> PagedResult[M]:
        """The page at this query's paging state: ``await qs.fetch_size(50).paged_all()``."""
        return await self.page(self.options.paging_state)

    async def update(self, **changes: Any) -> LWTResult[M] | None:
        """Bulk update the matching rows: ``await Product.find(id=pid).update(price=2.0)``."""
        result: LWTResult[M] | None = await run_async(*queries.update_plan(self, changes))
        return result

    async def delete(self, *columns: str) -> LWTResult[M] | None:
        """Bulk delete the matching rows (or columns): ``await Product.find(id=pid).delete()``."""
        result: LWTResult[M] | None = await run_async(*queries.delete_plan(self, columns))
        return result

    async def sum(self, field: str | Field) -> Any:
        """``sum(field)`` over the matching rows: ``await qs.sum("price")``."""
        return await run_async(*queries.aggregate_plan(self, "sum", field))

    async def avg(self, field: str | Field) -> Any:
        """``avg(field)`` over the matching rows: ``await qs.avg("price")``."""
        return await run_async(*queries.aggregate_plan(self, "avg", field))

    async def min(self, field: str | Field) -> Any:
        """``min(field)`` over the matching rows: ``await qs.min("price")``."""
        return await run_async(*queries.aggregate_plan(self, "min", field))

    async def max(self, field: str | Field) -> Any:
        """``max(field)`` over the matching rows: ``await qs.max("price")``."""
        return await run_async(*queries.aggregate_plan(self, "max", field))
