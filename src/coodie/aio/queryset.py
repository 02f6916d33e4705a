"""``QuerySet`` (async): an immutable query plus awaited terminals.

Example::

    qs = Product.find(brand="acme").fetch_size(500)
    async for product in qs:      # streams page by page
        ...
    await qs.count(); await qs.first(); await qs.all()
    page = await qs.paged_all(); next_page = await qs.page(page.paging_state).paged_all()
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

from coodie.ast.predicates import Predicate
from coodie.ast.terms import FunctionCall, Selector
from coodie.executor import idioms, queries
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.runner import run_plan_async
from coodie.query.batch import BatchCore
from coodie.query.expressions import Field
from coodie.query.queryset import QuerySetCore

M = TypeVar("M")


class QuerySet(QuerySetCore[M]):
    """A lazy, immutable query over model ``M``; terminals run it (see the module docs)."""

    __slots__ = ()

    @overload
    def values_list(self, column: str | Selector, /, *, flat: Literal[True]) -> QuerySet[Any]: ...

    @overload
    def values_list(
        self, *columns: str | Selector, flat: Literal[False] = False
    ) -> QuerySet[tuple[Any, ...]]: ...

    @overload
    def values_list(self, *columns: str | Selector, flat: bool) -> QuerySet[Any]: ...

    def values_list(self, *columns: str | Selector, flat: bool = False) -> QuerySet[Any]:
        """Rows as tuples of these columns, or bare values with ``flat=True`` (one column).

        Example: ``Product.find().values_list("name", flat=True).all()`` → ``['pen', ...]``.
        """
        return cast("QuerySet[Any]", super().values_list(*columns, flat=flat))

    def with_score(self, score: FunctionCall) -> QuerySet[tuple[M, float]]:
        """Rows as ``(instance, score)`` with a similarity selector read alongside.

        Example: ``await Product.find().order_by_ann(Product.embedding, q).limit(3)``
        ``.with_score(similarity_cosine(Product.embedding, q)).all()``.
        """
        return cast("QuerySet[tuple[M, float]]", super().with_score(score))

    async def all(self) -> list[M]:
        """Every matching row (all pages): ``await Product.find(brand="acme").all()``."""
        return await run_plan_async(queries.all_plan(self))

    if not TYPE_CHECKING:  # type checkers already refuse a plain ``for``

        def __iter__(self):
            raise TypeError(
                "an async QuerySet is read with `async for` (or `await qs.all()`), not `for`"
            )

    async def __aiter__(self) -> AsyncIterator[M]:
        state = self.options.paging_state
        while True:
            page = await run_plan_async(queries.page_plan(self, state))
            for item in page.data:
                yield item
            state = page.paging_state
            if state is None:
                return

    @overload
    async def __getitem__(self, key: int) -> M: ...

    @overload
    async def __getitem__(self, key: slice) -> list[M]: ...

    async def __getitem__(self, key: int | slice) -> M | list[M]:
        """``await qs[i]``: ``LIMIT i + 1``, row ``i`` (``IndexError`` past the end);
        ``await qs[a:b]``: ``LIMIT b``, rows ``a`` to ``b - 1`` as a list.
        """
        return await run_plan_async(idioms.item_plan(self, key))

    async def first(self) -> M | None:
        """The first matching row, or ``None``: ``await Product.find(brand="acme").first()``."""
        return await run_plan_async(queries.first_plan(self))

    async def get(self, *predicates: Predicate | bool, **lookups: Any) -> M:
        """Exactly one row, else ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned``.

        Filters given here are added first.
        Example: ``await Product.find(brand="acme").get(id=pid)``.
        """
        qs = self.filter(*predicates, **lookups) if predicates or lookups else self
        return await run_plan_async(queries.get_plan(qs))

    async def create(self, **values: Any) -> M | LWTResult[M]:
        """Validate and write a new row with this queryset's write options.

        ``ttl()``, ``timestamp()``, ``consistency()``, ``timeout()`` and ``batch()`` apply.
        Returns the document, or after ``if_not_exists()`` an :class:`LWTResult`.
        Example: ``await Product.find().if_not_exists().create(id=pid, name="pen")``.
        """
        return await run_plan_async(idioms.create_plan(self, values))

    async def count(self) -> int:
        """How many rows match: ``await Product.find(brand="acme").count()``."""
        return await run_plan_async(queries.count_plan(self))

    async def paged_all(self) -> PagedResult[M]:
        """One page, from this query's paging state, and where to resume.

        ``page(state)`` chains (it sets the paging state); ``paged_all()`` reads.
        Example: ``p = await qs.paged_all(); await qs.page(p.paging_state).paged_all()``.
        """
        state = self.options.paging_state
        return await run_plan_async(queries.page_plan(self, state))

    async def update(
        self, *, batch: BatchCore | None = None, **changes: Any
    ) -> LWTResult[M] | None:
        """Bulk update the matching rows; ``batch=b`` joins a batch instead.

        Example: ``await Product.find(id=pid).update(price=2.0)``.
        """
        return await run_plan_async(queries.update_plan(self._batched(batch), changes))

    async def delete(self, *columns: str, batch: BatchCore | None = None) -> LWTResult[M] | None:
        """Bulk delete the matching rows (or some columns); ``batch=b`` joins a batch.

        Example: ``await Product.find(id=pid).delete()``.
        """
        return await run_plan_async(queries.delete_plan(self._batched(batch), columns))

    async def sum(self, field: str | Field) -> Any:
        """``sum(field)`` over the matching rows: ``await qs.sum("price")``."""
        return await run_plan_async(queries.aggregate_plan(self, "sum", field))

    async def avg(self, field: str | Field) -> Any:
        """``avg(field)`` over the matching rows: ``await qs.avg("price")``."""
        return await run_plan_async(queries.aggregate_plan(self, "avg", field))

    async def min(self, field: str | Field) -> Any:
        """``min(field)`` over the matching rows: ``await qs.min("price")``."""
        return await run_plan_async(queries.aggregate_plan(self, "min", field))

    async def max(self, field: str | Field) -> Any:
        """``max(field)`` over the matching rows: ``await qs.max("price")``."""
        return await run_plan_async(queries.aggregate_plan(self, "max", field))
