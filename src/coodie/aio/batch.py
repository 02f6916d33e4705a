"""``AsyncBatchQuery`` (also exported as ``BatchQuery``): the async batch.

Example::

    async with AsyncBatchQuery(batch_type="UNLOGGED") as b:
        await Product(id=1, name="a").save(batch=b)
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from coodie.executor.results import LWTResult
from coodie.executor.runner import run_async
from coodie.query.batch import BatchCore


class AsyncBatchQuery(BatchCore):
    """A logged, unlogged or counter batch, sent on leaving the ``async with`` block.

    See :class:`coodie.query.batch.BatchCore` for the arguments. ``await execute()``
    sends explicitly; an LWT batch returns its :class:`~coodie.executor.results.LWTResult`.
    """

    __slots__ = ()

    async def execute(self) -> LWTResult[Any] | None:
        """Send the batch now (nothing is sent when it is empty)."""
        result = await run_async(self._operation(), self.connection)
        self._succeeded(result)
        return result

    async def __aenter__(self) -> AsyncBatchQuery:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._should_send(exc):
            await self.execute()


BatchQuery = AsyncBatchQuery
