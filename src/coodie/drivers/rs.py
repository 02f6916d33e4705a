"""Adapter for scylladb-rs-driver (``import scylla``; Rust driver with Python bindings).

Async calls await the driver's futures; sync calls run the same coroutine on a
private loop thread (so they also work inside a running event loop).
``driver_options`` are applied as ``SessionBuilder`` method calls:
``{"connection_timeout": 3.0}`` calls ``builder.connection_timeout(3.0)``.

Gaps of this young driver, raised as :class:`~coodie.exceptions.NotSupported`:

* ``time`` travels as ``datetime.time`` (microseconds): a ``time`` value with
  sub-microsecond nanoseconds cannot be written.
* ``duration`` travels as ``dateutil.relativedelta``; the driver drops its years, hours,
  minutes and seconds when writing, so only durations whose time part is under a
  second (and a whole number of microseconds) can be written. Reads are exact.
* ``date`` values outside ``datetime.date``'s range (day numbers) cannot be written.
* a user-defined type value must have every field set: null fields cannot be written.
* an empty frozen collection reads as null: the driver reads a null collection as an
  empty one, and result metadata does not say which columns are frozen, so every empty
  collection is read as null (exact for non-frozen ones, which CQL stores as null).
* a set of user-defined type values or of collections (``set<frozen<udt>>``,
  ``set<frozen<set<int>>>``) can be neither written nor read: the driver only
  knows Python sets, which cannot hold dicts, lists or sets.
* a batch-level client timestamp is sent as ``BEGIN BATCH USING TIMESTAMP ?``
  (one prepared statement for the whole batch), not through the protocol flag.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.errors import from_rs_message
from coodie.drivers.loopthread import LoopThread
from coodie.drivers.rs_values import (
    TUPLE_ROWS,
    Writer,
    check_set_type,
    dict_rows,
    null_empty_collections,
    writers,
)
from coodie.exceptions import ConfigurationError, DriverError, NotSupported

import scylla.batch as sb  # isort: skip
import scylla.enums as se  # isort: skip
import scylla.errors as se_errors  # isort: skip
import scylla.results as sr  # isort: skip
from scylla.session_builder import SessionBuilder  # isort: skip
from scylla.statement import Statement as RsStatement  # isort: skip

DEFAULT_PAGE_SIZE = 5000
_BATCH_TYPES = {
    BatchType.LOGGED: sb.BatchType.Logged,
    BatchType.UNLOGGED: sb.BatchType.Unlogged,
    BatchType.COUNTER: sb.BatchType.Counter,
}
_LEVELS = {
    "ANY": "Any", "ONE": "One", "TWO": "Two", "THREE": "Three", "QUORUM": "Quorum",
    "ALL": "All", "LOCAL_QUORUM": "LocalQuorum", "EACH_QUORUM": "EachQuorum",
    "LOCAL_ONE": "LocalOne", "SERIAL": "Serial", "LOCAL_SERIAL": "LocalSerial",
}  # fmt: skip


def _consistency(name: str) -> Any:
    return getattr(se.Consistency, _LEVELS[name])


def _reads_dicts(statement: Statement) -> bool:
    """Whether the driver's own rows (a dict per row, built in Rust) serve this statement.

    A compiled ``SELECT`` reads them: about five times cheaper per row than a Python row
    factory. It may run twice (when two columns share a name), so nothing else does.
    """
    return isinstance(statement, CompiledStatement) and statement.kind is StatementKind.SELECT


def _translate(exc: BaseException, hosts: tuple[str, ...] = ()) -> BaseException:
    if isinstance(exc, DriverError | NotSupported):
        return exc
    if isinstance(exc, se_errors.ScyllaError):
        return from_rs_message(str(exc), hosts)
    return exc


class RsDriver:
    """A :class:`~coodie.drivers.base.Driver` over a ``scylla.session.Session``.

    Example::

        driver = connect(DriverConfig(hosts=("127.0.0.1",), keyspace="shop"))
    """

    name = "rs"

    def __init__(
        self, session: Any, *, prepared_cache_size: int = 1024, hosts: tuple[str, ...] = ()
    ) -> None:
        self._session: Any | None = session
        self.hosts = hosts  # host:port of each contact point, named by ConnectionLost
        self._loop: LoopThread | None = None
        self._loop_lock = threading.Lock()
        self._prepared: PreparedCache[tuple[Any, tuple[Writer | None, ...] | None]] = PreparedCache(
            prepared_cache_size
        )

    @property
    def session(self) -> Any:
        """The driver's ``Session``; :class:`ConfigurationError` once :meth:`close` ran."""
        if self._session is None:
            raise ConfigurationError("the rs driver is closed")
        return self._session

    def _configure(self, statement: Any, options: ExecutionOptions, *, page: bool) -> Any:
        if page:
            statement = statement.with_page_size(options.fetch_size or DEFAULT_PAGE_SIZE)
        if options.consistency:
            statement = statement.with_consistency(_consistency(options.consistency))
        if options.serial_consistency:
            level = getattr(se.SerialConsistency, _LEVELS[options.serial_consistency])
            statement = statement.with_serial_consistency(level)
        if options.timeout is not None:
            statement = statement.with_request_timeout(options.timeout)
        return statement

    @staticmethod
    def _values(convert: tuple[Writer | None, ...] | None, params: Sequence[Any]) -> list[Any]:
        if convert is None:
            return list(params)
        return [
            v if w is None or v is None else w(v) for v, w in zip(params, convert, strict=False)
        ]

    async def _prepare(self, cql: str) -> tuple[Any, tuple[Writer | None, ...] | None]:
        entry = self._prepared.get(cql)
        if entry is None:
            prepared = await self.session.prepare(cql)
            entry = (prepared, writers([c.cql_type for c in prepared.bind_columns]))
            self._prepared.put(cql, entry)
        return entry

    async def _run(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        try:
            if isinstance(statement, CompiledBatch) and statement.timestamp is None:
                batch = sb.Batch(_BATCH_TYPES[statement.batch_type])
                for child in statement.statements:
                    prepared, convert = await self._prepare(child.cql)
                    batch.add(prepared, self._values(convert, child.params))
                result = await self.session.batch(
                    self._configure(batch, options, page=False), factory=TUPLE_ROWS
                )
            else:
                result = await self._single(statement, options)
        except Exception as exc:
            raise _translate(exc, self.hosts) from exc
        for column in result.columns:
            check_set_type(column.cql_type, f"read column {column.name!r}")
        columns = tuple(c.name for c in result.columns)
        if _reads_dicts(statement):
            if len(set(columns)) == len(columns):
                rows = dict_rows(result.columns, result.iter_current_page())
            else:  # a dict per row would keep one of the columns of a name: read again
                try:
                    result = await self._single(statement, options, factory=TUPLE_ROWS)
                except Exception as exc:
                    raise _translate(exc, self.hosts) from exc
                rows = null_empty_collections(result.columns, list(result.iter_current_page()))
        else:
            rows = null_empty_collections(result.columns, list(result.iter_current_page()))
        state = result.paging_state() if result.has_more_pages() else None
        return ResultPage(columns, rows, state.as_bytes() if state is not None else None)

    async def _single(
        self, statement: Statement, options: ExecutionOptions, *, factory: Any = None
    ) -> Any:
        if statement.params:
            prepared, convert = await self._prepare(statement.cql)
            query = self._configure(prepared, options, page=True)
            values: Any = self._values(convert, statement.params)
        else:
            query = self._configure(RsStatement(statement.cql), options, page=True)
            values = None
        if isinstance(statement, CompiledStatement):
            query = query.set_is_idempotent(statement.is_idempotent)
        state = sr.PagingState.from_bytes(options.paging_state) if options.paging_state else None
        if factory is None and not _reads_dicts(statement):
            factory = TUPLE_ROWS
        return await self.session.execute(query, values, factory=factory, paging_state=state)

    def _thread(self) -> LoopThread:
        self.session  # noqa: B018  (a closed driver raises before starting a loop thread)
        if self._loop is None:
            with self._loop_lock:
                if self._loop is None:
                    self._loop = LoopThread("coodie-rs")
        return self._loop

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Blocking form: runs the request on the driver's private loop thread."""
        return self._thread().run(self._run(statement, options))

    async def prepare_async(self, cql: str) -> None:
        """Prepare ``cql`` ahead of its first request."""
        try:
            await self._prepare(cql)
        except Exception as exc:
            raise _translate(exc, self.hosts) from exc

    def prepare(self, cql: str) -> None:
        """Blocking form of :meth:`prepare_async`, on the driver's loop thread."""
        self._thread().run(self.prepare_async(cql))

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Await the driver's futures."""
        return await self._run(statement, options)

    def wait_for_schema_agreement(self) -> bool:
        """Wait until all nodes agree on the schema version."""
        return self.session.await_schema_agreement().result() is not None

    async def wait_for_schema_agreement_async(self) -> bool:
        """Await schema agreement."""
        return (await self.session.await_schema_agreement()) is not None

    def close(self) -> None:
        """Drop the session (the rs driver then closes its connections)."""
        self._session = None
        if self._loop is not None:
            self._loop.stop()
            self._loop = None

    async def close_async(self) -> None:
        """Drop the session (the rs driver then closes its connections)."""
        self.close()


def _builder(config: DriverConfig) -> Any:
    builder = SessionBuilder().contact_points(config.contact_points())
    if config.username is not None:
        builder = builder.user(config.username, config.password or "")
    if config.keyspace:
        builder = builder.use_keyspace(config.keyspace, False)
    if config.compression is not None:
        compression = config.compression
        if isinstance(compression, str):
            compression = getattr(se.Compression, compression.capitalize())
        builder = builder.compression(compression)
    if config.ssl_context is not None:
        raise NotSupported("driver 'rs': pass a scylla TlsContext via driver_options instead")
    for method, value in config.options.items():
        builder = getattr(builder, method)(value)
    return builder


def connect(config: DriverConfig) -> RsDriver:
    """Connect (blocking)."""
    if config.session is not None:
        return RsDriver(config.session, prepared_cache_size=config.prepared_cache_size)
    try:
        session = _builder(config).connect().result()
    except Exception as exc:
        raise _translate(exc) from exc
    hosts = tuple(config.contact_points())
    return RsDriver(session, prepared_cache_size=config.prepared_cache_size, hosts=hosts)


async def connect_async(config: DriverConfig) -> RsDriver:
    """Connect without blocking the event loop."""
    if config.session is not None:
        return RsDriver(config.session, prepared_cache_size=config.prepared_cache_size)
    try:
        session = await _builder(config).connect()
    except Exception as exc:
        raise _translate(exc) from exc
    hosts = tuple(config.contact_points())
    return RsDriver(session, prepared_cache_size=config.prepared_cache_size, hosts=hosts)
