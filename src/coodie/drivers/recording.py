"""A driver that performs no I/O: it records what it is asked and answers from a script.

Used by unit tests and benchmarks::

    driver = RecordingDriver()
    driver.respond(ResultPage(columns=("id", "name"), rows=[(1, "a")]))
    register_driver("default", driver, default=True)
    Product.get(id=1)
    driver.calls[0].statement.cql     # 'SELECT ... WHERE id = ?'

Without a scripted answer a call returns an empty page. ``responder`` may compute
the answer from the statement (e.g. canned rows for every SELECT).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import attrs

from coodie.compiler.compiled import CompiledBatch
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.config import DriverConfig

Responder = Callable[[Statement, ExecutionOptions], ResultPage]

EMPTY_PAGE = ResultPage(columns=(), rows=())


@attrs.frozen(slots=True)
class Call:
    """One recorded request: the statement and its options."""

    statement: Statement
    options: ExecutionOptions

    @property
    def cql(self) -> str:
        """The statement's CQL text."""
        return self.statement.cql

    @property
    def is_batch(self) -> bool:
        """True when the request was a batch."""
        return isinstance(self.statement, CompiledBatch)


class RecordingDriver:
    """A no-I/O :class:`~coodie.drivers.base.Driver`.

    ``record=False`` keeps nothing (for benchmarks). Scripted pages (``respond``)
    are answered first, in order; then ``responder`` (if any); else an empty page.

    >>> from coodie.compiler.compiled import CompiledStatement
    >>> d = RecordingDriver()
    >>> d.execute(CompiledStatement("SELECT 1"), ExecutionOptions()).rows
    ()
    >>> d.calls[0].cql
    'SELECT 1'
    """

    name = "recording"

    def __init__(self, responder: Responder | None = None, *, record: bool = True) -> None:
        self.responder = responder
        self.record = record
        self.calls: list[Call] = []
        self.prepared: list[str] = []
        self.closed = False
        self._script: deque[ResultPage | BaseException] = deque()

    def respond(self, *pages: ResultPage | BaseException) -> None:
        """Queue answers for the next calls (an exception is raised instead)."""
        self._script.extend(pages)

    def reset(self) -> None:
        """Forget recorded calls and queued answers."""
        self.calls.clear()
        self.prepared.clear()
        self._script.clear()

    @property
    def statements(self) -> list[str]:
        """The CQL text of every recorded call, in order."""
        return [c.statement.cql for c in self.calls]

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Record the call and return the next scripted page."""
        if self.record:
            self.calls.append(Call(statement, options))
        if self._script:
            answer = self._script.popleft()
            if isinstance(answer, BaseException):
                raise answer
            return answer
        if self.responder is not None:
            return self.responder(statement, options)
        return EMPTY_PAGE

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Same as :meth:`execute`; never blocks."""
        return self.execute(statement, options)

    def prepare(self, cql: str) -> None:
        """Record ``cql`` in :attr:`prepared` (once per text)."""
        if cql not in self.prepared:
            self.prepared.append(cql)

    async def prepare_async(self, cql: str) -> None:
        """Same as :meth:`prepare`."""
        self.prepare(cql)

    def wait_for_schema_agreement(self) -> bool:
        """Always agreed."""
        return True

    async def wait_for_schema_agreement_async(self) -> bool:
        """Always agreed."""
        return True

    def close(self) -> None:
        """Mark closed."""
        self.closed = True

    async def close_async(self) -> None:
        """Mark closed."""
        self.closed = True


def connect(config: DriverConfig) -> RecordingDriver:
    """Adapter entry point: a fresh recording driver (``config`` is ignored)."""
    return RecordingDriver()


async def connect_async(config: DriverConfig) -> RecordingDriver:
    """Async adapter entry point."""
    return RecordingDriver()
