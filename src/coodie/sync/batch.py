"""``BatchQuery``: collect writes, send them as one batch when the block ends.

Example::

    with BatchQuery() as b:
        Product(id=1, name="a").save(batch=b)
        Product(id=2, name="b").delete(batch=b)
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from coodie.executor.results import LWTResult
from coodie.executor.runner import run
from coodie.query.batch import BatchCore


class BatchQuery(BatchCore):
    """A logged, unlogged or counter batch, sent on leaving the ``with`` block.

    See :class:`coodie.query.batch.BatchCore` for the arguments. ``execute()`` sends
    explicitly; an LWT batch returns its :class:`~coodie.executor.results.LWTResult`.
    """

    __slots__ = ()

    def execute(self) -> LWTResult[Any] | None:
        """Send the batch now (nothing is sent when it is empty)."""
        result = run(self._operation(), self.connection)
        self._succeeded(result)
        return result

    def __enter__(self) -> BatchQuery:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._should_send(exc):
            self.execute()
