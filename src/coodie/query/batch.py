"""The shared core of ``BatchQuery`` (sync) and ``AsyncBatchQuery`` (async).

Writes given ``batch=b`` are collected, not sent; leaving the ``with`` block
sends them as one CQL batch. Callbacks registered with ``add_callback`` run once
after the batch succeeded, never when it failed::

    with BatchQuery(timestamp=ts) as b:
        Product(id=1, name="a").save(batch=b)
        Product(id=2, name="b").save(batch=b)
        b.add_callback(print, "saved")

    async with AsyncBatchQuery(batch_type="UNLOGGED") as b:
        await Product(id=3, name="c").save(batch=b)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import QueryError
from coodie.executor import ops
from coodie.executor.connections import get_connection
from coodie.executor.options import request_options, timestamp_micros
from coodie.executor.results import LWTResult
from coodie.executor.runner import Operation, done
from coodie.executor.target import model_connection
from coodie.model.boundary import ModelClass


class BatchCore:
    """Collects compiled writes and sends them as one batch.

    ``batch_type`` is ``"LOGGED"`` (default), ``"UNLOGGED"`` or ``"COUNTER"``;
    ``logged=False`` is short for ``"UNLOGGED"``. ``timestamp`` (int µs or aware
    datetime), ``consistency`` and ``timeout`` apply to the whole batch. With
    ``execute_on_exception=True`` the batch is sent even when the block raised.
    ``connection`` names the connection (default: the first added model's).
    """

    __slots__ = (
        "_callbacks",
        "_connection",
        "_executed",
        "_explicit",
        "_statements",
        "batch_type",
        "execute_on_exception",
        "options",
        "result",
        "timestamp",
    )

    def __init__(
        self,
        batch_type: str | BatchType | None = None,
        *,
        logged: bool | None = None,
        timestamp: int | datetime.datetime | None = None,
        consistency: Any = None,
        serial_consistency: Any = None,
        timeout: float | None = None,
        execute_on_exception: bool = False,
        connection: str | None = None,
    ) -> None:
        if batch_type is None:
            batch_type = BatchType.UNLOGGED if logged is False else BatchType.LOGGED
        try:
            self.batch_type = BatchType(
                batch_type.upper() if isinstance(batch_type, str) else batch_type
            )
        except ValueError:
            raise QueryError(
                f"batch_type must be LOGGED, UNLOGGED or COUNTER, not {batch_type!r}"
            ) from None
        self.timestamp = timestamp_micros(timestamp)
        if self.timestamp is not None and self.batch_type is BatchType.COUNTER:
            raise QueryError("a COUNTER batch cannot have a custom timestamp")
        self.options: ExecutionOptions = request_options(
            consistency=consistency, serial_consistency=serial_consistency, timeout=timeout
        )
        self.execute_on_exception = execute_on_exception
        self._connection = connection
        self._explicit = connection is not None
        self._statements: list[CompiledStatement] = []
        self._callbacks: list[_Callback] = []
        self._executed = False
        self.result: LWTResult[Any] | None = None

    @property
    def connection(self) -> str | None:
        """The connection the batch is sent on (``None``: the default one)."""
        return self._connection

    @property
    def statements(self) -> tuple[CompiledStatement, ...]:
        """The writes collected so far."""
        return tuple(self._statements)

    def add(self, statement: CompiledStatement, *, connection: str | None = None) -> None:
        """Collect one compiled write (what ``doc.save(batch=b)`` does).

        ``connection`` pins the batch to a named connection; a write that names none
        goes wherever the batch goes.
        """
        if self._executed:
            raise QueryError("this batch was already sent; start a new one")
        if statement.is_lwt and self.timestamp is not None:
            raise QueryError("a batch with a condition (LWT) cannot have a custom timestamp")
        if connection is not None:
            if (self._statements or self._explicit) and self._connection != connection:
                raise _mixed(self._connection, connection)
            self._connection = connection
        self._statements.append(statement)

    def add_model_write(
        self,
        statement: CompiledStatement,
        model: ModelClass,
        *,
        connection: str | None = None,
        on_applied: Callable[[], Any] | None = None,
    ) -> None:
        """Collect a write of ``model``, on ``connection`` or its ``Settings.connection``.

        An unknown connection raises before the batch takes the write. A model without one
        writes on the batch's own ``connection=``, else on the default connection: never on
        another model's named connection. Writes to counter tables go in a ``COUNTER``
        batch, and only there (as Cassandra requires), checked before anything is sent.
        ``on_applied()`` runs once the batch applied (in order with the ``add_callback``
        callbacks): not when it failed, nor when its condition (LWT) did not apply, since
        then none of its writes did.

        Example: ``batch.add_model_write(compiled, Product, on_applied=doc_saved)``.
        """
        connection = connection if connection is not None else model_connection(model)
        get_connection(connection)  # raises for an unknown name (not connecting it)
        if connection is None and self._connection is not None and not self._explicit:
            raise _mixed(self._connection, None)
        counter = bool(model.__schema__.is_counter)
        if counter != (self.batch_type is BatchType.COUNTER):
            problem = (
                "a counter table is written in a COUNTER batch only"
                if counter
                else "a COUNTER batch holds counter tables' writes only"
            )
            raise QueryError(problem, model=model.__name__)
        self.add(statement, connection=connection)
        if on_applied is not None:
            self._callbacks.append((on_applied, None, None))

    def add_callback(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Call ``fn(*args, **kwargs)`` once after the batch succeeded."""
        if not callable(fn):
            raise QueryError(f"batch callback must be callable, not {fn!r}")
        self._callbacks.append((fn, args, kwargs))

    def compile(self) -> CompiledBatch:
        """The collected writes as one :class:`~coodie.compiler.compiled.CompiledBatch`."""
        return CompiledBatch(
            batch_type=self.batch_type,
            statements=tuple(self._statements),
            timestamp=self.timestamp,
            is_lwt=any(s.is_lwt for s in self._statements),
        )

    def _operation(self) -> Operation[LWTResult[Any] | None]:
        """What to send: nothing for an empty batch; LWT batches return their result."""
        if self._executed:
            raise QueryError("this batch was already sent; start a new one")
        self._executed = True
        if not self._statements:
            return done(None)
        batch = self.compile()
        if batch.is_lwt:
            return ops.conditional(batch, self.options)
        return _plain(batch, self.options)

    def _should_send(self, exc: BaseException | None) -> bool:
        return exc is None or self.execute_on_exception

    def _succeeded(self, result: LWTResult[Any] | None) -> None:
        self.result = result
        applied = result is None or result.applied
        callbacks, self._callbacks = self._callbacks, []
        for fn, args, kwargs in callbacks:
            if args is not None:
                fn(*args, **(kwargs or {}))
            elif applied:  # a write's own: only when the batch applied
                fn()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.batch_type.value} {len(self._statements)} writes>"


_Callback = tuple[Callable[..., Any], tuple[Any, ...] | None, dict[str, Any] | None]
"""``(fn, args, kwargs)`` of ``add_callback``; ``(fn, None, None)``: a write's ``on_applied``."""


def _mixed(first: str | None, second: str | None) -> QueryError:
    def name(c: str | None) -> str:
        return "the default connection" if c is None else repr(c)

    return QueryError(f"a batch runs on one connection: {name(first)} and {name(second)} mixed")


def _plain(batch: CompiledBatch, options: ExecutionOptions) -> Operation[LWTResult[Any] | None]:
    yield batch, options
    return None
