"""``Document``, ``CounterDocument`` and ``MaterializedView`` for async code (I/O awaited).

Every method builds a plan with :mod:`coodie.executor.documents` (shared with
:mod:`coodie.sync`) and awaits it::

    class Product(Document):
        id: Annotated[UUID, PrimaryKey()]
        name: str
        price: float = 0.0

    await Product.sync_table()
    p = await Product.create(id=uuid4(), name="pen")
    await p.update(price=2.5)
    await Product.find(Product.price > 1).allow_filtering().all()
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

from typing_extensions import ParamSpec, Self, Unpack

from coodie.aio.queryset import QuerySet
from coodie.ast.predicates import Predicate
from coodie.compiler.compiled import CompiledStatement
from coodie.executor import documents as plans
from coodie.executor import queries, refresh, write_options
from coodie.executor.inspection import WriteInspection
from coodie.executor.results import LWTResult
from coodie.executor.runner import run_plan_async
from coodie.management import aio as management
from coodie.model.document import CounterDocumentCore, DocumentCore, MaterializedViewCore
from coodie.model.settings import AbstractSettings
from coodie.model.table_model import TableModel
from coodie.query.batch import BatchCore

Timestamp = int | datetime.datetime | None
P = ParamSpec("P")
D = TypeVar("D")

if TYPE_CHECKING:  # checkers see the table model the mixin is always combined with
    _ReadableBase = TableModel
else:
    _ReadableBase = object


class _Readable(_ReadableBase):
    """Class-level reads shared by documents and views."""

    @classmethod
    def find(cls, *predicates: Predicate | bool, **lookups: Any) -> QuerySet[Self]:
        """A lazy query: ``Product.find(Product.price > 10, brand="acme")``."""
        return QuerySet(cls).filter(*predicates, **lookups)

    @classmethod
    async def get(cls, *predicates: Predicate | bool, **lookups: Any) -> Self:
        """The one matching row; raises ``DoesNotExist`` / ``MultipleObjectsReturned``.

        Example: ``await Product.get(id=pid)``.
        """
        return await run_plan_async(queries.model_get_plan(cls, predicates, lookups))

    @classmethod
    async def find_one(cls, *predicates: Predicate | bool, **lookups: Any) -> Self | None:
        """The first matching row or ``None``: ``await Product.find_one(id=pid)``."""
        return await cls.find(*predicates, **lookups).first()

    @classmethod
    async def sync_table(
        cls,
        keyspace: str | None = None,
        *,
        drop_removed_indexes: bool = False,
        dry_run: bool = False,
    ) -> tuple[CompiledStatement, ...]:
        """Create or update the table (or view), types and indexes: ``await P.sync_table()``.

        ``dry_run=True`` returns the DDL without sending it; ``drop_removed_indexes=True``
        drops indexes the model no longer declares (see :mod:`coodie.management`).
        """
        return await management.sync_table(
            cls, keyspace=keyspace, drop_removed_indexes=drop_removed_indexes, dry_run=dry_run
        )

    @classmethod
    async def drop_table(cls, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
        """Drop the table (or view) if it exists: ``await Product.drop_table()``."""
        return await management.drop_table(cls, keyspace=keyspace)


class Document(_Readable, WriteInspection, DocumentCore):
    """A table model with awaited I/O (see the module docs)."""

    Settings = AbstractSettings

    @classmethod
    async def create(cls: Callable[P, D], *args: P.args, **values: P.kwargs) -> D:
        """Validate, save and return a new document: ``await Product.create(id=pid)``.

        Type checkers see the model's fields here as in ``Product(...)`` (``cls`` is typed
        as the constructor), so a misspelled field or a wrong type is an error.
        """
        doc = cls(*args, **values)
        await cast("Document", doc).save()  # cls is a Document class; typed by its constructor
        return doc

    @classmethod
    async def truncate(cls, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
        """Remove every row of the table: ``await Product.truncate()``."""
        return await management.truncate(cls, keyspace=keyspace)

    async def save(self, **options: Unpack[write_options.SaveKwargs]) -> Self:
        """Upsert: a new document writes its non-null fields, a loaded one its changes.

        Options: ``ttl``, ``timestamp``, ``consistency``, ``timeout``, ``batch``.
        Example: ``await p.save(ttl=3600)``.
        """
        batch = options.get("batch")
        if batch is not None:
            plans.save_to_batch(self, batch, options)
        else:
            await run_plan_async(plans.save_plan(self, **options))
        return self

    async def insert(self, **options: Unpack[write_options.SaveKwargs]) -> LWTResult[Self]:
        """``INSERT ... IF NOT EXISTS``: ``if not (r := await p.insert()): print(r.existing)``."""
        return await run_plan_async(plans.insert_plan(self, **options))

    @overload
    async def update(
        self,
        *,
        if_exists: Literal[False] = ...,
        if_conditions: None = ...,
        ttl: int | None = ...,
        timestamp: Timestamp = ...,
        consistency: str | None = ...,
        timeout: float | None = ...,
        batch: BatchCore | None = ...,
        **changes: Any,
    ) -> Self: ...

    @overload
    async def update(
        self,
        *,
        if_exists: Literal[True],
        if_conditions: Mapping[str, Any] | None = ...,
        ttl: int | None = ...,
        timestamp: Timestamp = ...,
        consistency: str | None = ...,
        timeout: float | None = ...,
        batch: None = ...,
        **changes: Any,
    ) -> LWTResult[Self]: ...

    @overload
    async def update(
        self,
        *,
        if_exists: bool = ...,
        if_conditions: Mapping[str, Any],
        ttl: int | None = ...,
        timestamp: Timestamp = ...,
        consistency: str | None = ...,
        timeout: float | None = ...,
        batch: None = ...,
        **changes: Any,
    ) -> LWTResult[Self]: ...

    @overload
    async def update(
        self,
        *,
        if_exists: bool = ...,
        if_conditions: Mapping[str, Any] | None = ...,
        ttl: int | None = ...,
        timestamp: Timestamp = ...,
        consistency: str | None = ...,
        timeout: float | None = ...,
        batch: BatchCore | None = ...,
        **changes: Any,
    ) -> Self | LWTResult[Self] | None: ...

    async def update(
        self,
        *,
        if_exists: bool = False,
        if_conditions: Mapping[str, Any] | None = None,
        ttl: int | None = None,
        timestamp: Timestamp = None,
        consistency: str | None = None,
        timeout: float | None = None,
        batch: BatchCore | None = None,
        **changes: Any,
    ) -> Self | LWTResult[Self] | None:
        """Change columns in place; ``None`` deletes a cell; collection lookups work.

        Returns the document; a conditional update (``if_exists=True`` or
        ``if_conditions=...``) returns an :class:`LWTResult` instead (``None`` when it
        joined a ``batch``, whose result tells whether it applied).
        Example: ``await p.update(price=3.0, tags__append=["new"], if_exists=True)``.
        """
        plan = plans.update_plan(
            self, changes, if_exists=if_exists, if_conditions=if_conditions, ttl=ttl,
            timestamp=timestamp, consistency=consistency, timeout=timeout, batch=batch,
        )  # fmt: skip
        return await run_plan_async(plan)

    async def delete(self, **options: Unpack[write_options.DeleteKwargs]) -> LWTResult[Self] | None:
        """Delete the row; conditional deletes return an :class:`LWTResult`.

        Options: ``if_exists``, ``if_conditions``, ``timestamp``, ``consistency``,
        ``timeout``, ``batch``. Example: ``await p.delete(if_exists=True)``.
        """
        return await run_plan_async(plans.delete_plan(self, **options))

    async def delete_columns(
        self, *names: str, **options: Unpack[write_options.WriteKwargs]
    ) -> Self:
        """Delete some columns of the row: ``await p.delete_columns("description", "tags")``."""
        await run_plan_async(plans.delete_plan(self, columns=names, **options))
        return self

    async def refresh(self) -> Self:
        """Read the row again by its primary key: ``await p.refresh()`` (cqlengine's ``refresh``).

        Reads where the document is bound (``p.using(keyspace=...)``, or the routed query it
        came from). The fields take the stored values; ``DoesNotExist`` if the row is gone.
        """
        return await run_plan_async(refresh.refresh_plan(self))


class CounterDocument(Document, CounterDocumentCore):
    """A counter table model: change counters with ``increment`` / ``decrement``.

    ``save()`` and ``insert()`` raise :class:`~coodie.exceptions.QueryError`.
    """

    Settings = AbstractSettings

    async def increment(
        self,
        *,
        timestamp: Timestamp = None,
        consistency: str | None = None,
        timeout: float | None = None,
        batch: BatchCore | None = None,
        **deltas: int,
    ) -> Self:
        """Add to counters: ``await views.increment(hits=1, bytes=512)``."""
        plan = plans.counter_plan(
            self, deltas, 1, timestamp=timestamp, consistency=consistency, timeout=timeout,
            batch=batch,
        )  # fmt: skip
        await run_plan_async(plan)
        return self

    async def decrement(
        self,
        *,
        timestamp: Timestamp = None,
        consistency: str | None = None,
        timeout: float | None = None,
        batch: BatchCore | None = None,
        **deltas: int,
    ) -> Self:
        """Subtract from counters: ``await views.decrement(hits=1)``."""
        plan = plans.counter_plan(
            self, deltas, -1, timestamp=timestamp, consistency=consistency, timeout=timeout,
            batch=batch,
        )  # fmt: skip
        await run_plan_async(plan)
        return self


class MaterializedView(_Readable, MaterializedViewCore):
    """A read-only materialized view model (``Settings.__base_table__`` names the base).

    Example: ``ProductByBrand.find(brand="acme").all()``.
    """

    @classmethod
    async def sync_view(
        cls, keyspace: str | None = None, *, dry_run: bool = False
    ) -> tuple[CompiledStatement, ...]:
        """Create the view unless it exists: ``await ProductByBrand.sync_view()``."""
        return await management.sync_view(cls, keyspace=keyspace, dry_run=dry_run)

    @classmethod
    async def drop_view(cls, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
        """Drop the view if it exists: ``await ProductByBrand.drop_view()``."""
        return await management.drop_view(cls, keyspace=keyspace)

    Settings = AbstractSettings
