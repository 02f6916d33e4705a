"""``QuerySet``: an immutable query (``QuerySetCore``) plus blocking terminals.

Example::

    qs = Product.find(brand="acme").fetch_size(500)
    for product in qs:            # streams page by page
        ...
    qs.count(); qs.first(); qs.all(); len(qs)
    page = qs.paged_all(); next_page = qs.page(page.paging_state).paged_all()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, TypeVar, cast, overload

from coodie.ast.predicates import Predicate
from coodie.ast.terms import FunctionCall, Selector
from coodie.executor import idioms, queries
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.runner import run_plan
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

        Example: ``Product.find().order_by_ann(Product.embedding, q).limit(3)``
        ``.with_score(similarity_cosine(Product.embedding, q)).all()``.
        """
        return cast("QuerySet[tuple[M, float]]", super().with_score(score))

    def all(self) -> list[M]:
        """Every matching row (all pages): ``Product.find(brand="acme").all()``."""
        return run_plan(queries.all_plan(self))

    def __iter__(self) -> Iterator[M]:
        state = self.options.paging_state
        while True:
            page = run_plan(queries.page_plan(self, state))
            yield from page.data
            state = page.paging_state
            if state is None:
                return

    def __len__(self) -> int:
        return len(self.all())

    @overload
    def __getitem__(self, key: int) -> M: ...

    @overload
    def __getitem__(self, key: slice) -> list[M]: ...

    def __getitem__(self, key: int | slice) -> M | list[M]:
        """``qs[i]`` reads ``LIMIT i + 1`` and returns row ``i`` (``IndexError`` past the end);
        ``qs[a:b]`` reads ``LIMIT b`` and returns rows ``a`` to ``b - 1`` as a list.
        """
        return run_plan(idioms.item_plan(self, key))

    def first(self) -> M | None:
        """The first matching row, or ``None``: ``Product.find(brand="acme").first()``."""
        return run_plan(queries.first_plan(self))

    def get(self, *predicates: Predicate | bool, **lookups: Any) -> M:
        """Exactly one row, else ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned``.

        Filters given here are added first. Example: ``Product.find(brand="acme").get(id=pid)``.
        """
        qs = self.filter(*predicates, **lookups) if predicates or lookups else self
        return run_plan(queries.get_plan(qs))

    def create(self, **values: Any) -> M | LWTResult[M]:
        """Validate and write a new row with this queryset's write options.

        ``ttl()``, ``timestamp()``, ``consistency()``, ``timeout()`` and ``batch()`` apply.
        Returns the document, or after ``if_not_exists()`` an :class:`LWTResult`.
        Example: ``Product.find().if_not_exists().create(id=pid, name="pen")``.
        """
        return run_plan(idioms.create_plan(self, values))

    def count(self) -> int:
        """How many rows match: ``Product.find(brand="acme").count()``."""
        return run_plan(queries.count_plan(self))

    def paged_all(self) -> PagedResult[M]:
        """One page, from this query's paging state, and where to resume.

        ``page(state)`` chains (it sets the paging state); ``paged_all()`` reads.
        Example: ``p = qs.paged_all(); qs.page(p.paging_state).paged_all()``.
        """
        return run_plan(queries.page_plan(self, self.options.paging_state))

    def update(self, *, batch: BatchCore | None = None, **changes: Any) -> LWTResult[M] | None:
        """Bulk update the matching rows; ``batch=b`` joins a batch instead.

        Example: ``Product.find(id=pid).update(price=2.0)``.
        """
        return run_plan(queries.update_plan(self._batched(batch), changes))

    def delete(self, *columns: str, batch: BatchCore | None = None) -> LWTResult[M] | None:
        """Bulk delete the matching rows (or some columns); ``batch=b`` joins a batch.

        Example: ``Product.find(id=pid).delete()``.
        """
        return run_plan(queries.delete_plan(self._batched(batch), columns))

    def sum(self, field: str | Field) -> Any:
        """``sum(field)`` over the matching rows: ``qs.sum("price")``."""
        return run_plan(queries.aggregate_plan(self, "sum", field))

    def avg(self, field: str | Field) -> Any:
        """``avg(field)`` over the matching rows: ``qs.avg("price")``."""
        return run_plan(queries.aggregate_plan(self, "avg", field))

    def min(self, field: str | Field) -> Any:
        """``min(field)`` over the matching rows: ``qs.min("price")``."""
        return run_plan(queries.aggregate_plan(self, "min", field))

    def max(self, field: str | Field) -> Any:
        """``max(field)`` over the matching rows: ``qs.max("price")``."""
        return run_plan(queries.aggregate_plan(self, "max", field))
