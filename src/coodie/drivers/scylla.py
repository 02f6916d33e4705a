"""Adapter for the ``cassandra`` package (scylla-driver, or DataStax cassandra-driver).

``init_coodie(hosts=[...], driver_type="scylla")`` builds a ``Cluster``;
``session=`` wraps an existing ``cassandra.cluster.Session``. Other keyword
arguments (``driver_options``) go to ``Cluster(...)`` untouched, e.g.
``protocol_version=4`` or ``load_balancing_policy=...``.

Values are converted with the driver's own metadata of each prepared statement and
result (:mod:`coodie.drivers.scylla_values`). The async path never blocks the event
loop: requests use ``execute_async`` futures whose completions reach the loop through
a :class:`~coodie.drivers.bridge.LoopBridge`; a first ``prepare`` runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Sequence
from typing import Any, cast

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ConvertedRows, ResultPage, Statement
from coodie.drivers.bridge import LoopBridge
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.errors import server_message
from coodie.drivers.scylla_bind import Bind, binder
from coodie.drivers.scylla_values import bind_converters, row_converter
from coodie.exceptions import (
    ConnectionLost,
    DriverError,
    NotSupported,
    OperationTimedOut,
    error_for_code,
)

import cassandra  # isort: skip
from cassandra.cluster import (  # isort: skip
    EXEC_PROFILE_DEFAULT,
    Cluster,
    ExecutionProfile,
    NoHostAvailable,
    ResponseFuture,
    default_lbp_factory,
)
from cassandra.connection import ConnectionException  # isort: skip
from cassandra.query import BatchStatement, SimpleStatement, tuple_factory  # isort: skip
from cassandra.query import BatchType as DriverBatchType  # isort: skip

PROFILE = "coodie"
DEFAULT_PAGE_SIZE = 5000
_BATCH_TYPES = {
    BatchType.LOGGED: DriverBatchType.LOGGED,
    BatchType.UNLOGGED: DriverBatchType.UNLOGGED,
    BatchType.COUNTER: DriverBatchType.COUNTER,
}
_NO_ROWS = ResultPage((), (), None, ())
"""The page of a result without columns or rows (a plain write), shared."""
_LEVELS: dict[str, int] = cast(Any, cassandra.ConsistencyLevel).name_to_value
"""Consistency level name → the driver's value (the driver sets the table at import)."""


# -- errors ------------------------------------------------------------------------------


def translate_error(exc: BaseException, hosts: tuple[str, ...] = ()) -> BaseException:
    """The coodie exception for a driver exception (others pass through unchanged);
    ``hosts`` are named by :class:`ConnectionLost` when the driver's error does not say."""
    if isinstance(exc, DriverError | NotSupported):
        return exc
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or server_message(str(exc))
    if isinstance(code, int):
        return error_for_code(code, str(message))
    if isinstance(exc, cassandra.AlreadyExists):
        info = {"keyspace": exc.keyspace, "table": exc.table}
        return error_for_code(0x2400, str(exc), info)
    for cls, class_code in _ERROR_CODES:
        if isinstance(exc, cls):
            return error_for_code(class_code, str(message))
    if isinstance(exc, cassandra.OperationTimedOut):
        return OperationTimedOut(str(exc))
    if isinstance(exc, NoHostAvailable | ConnectionException):
        lost = _lost(exc)
        return lost if lost.hosts or not hosts else ConnectionLost("scylla", hosts, lost.cause)
    if isinstance(exc, cassandra.DriverException):
        return DriverError(str(exc))
    return exc


def _lost(exc: NoHostAvailable | ConnectionException) -> ConnectionLost:
    """Every host is gone (``NoHostAvailable``, with each host's reason) or the connection
    closed under a request (``ConnectionShutdown``)."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        hosts = tuple(str(getattr(host, "endpoint", host)) for host in errors)
        cause = "; ".join(f"{error}" for error in errors.values())
        return ConnectionLost("scylla", hosts, cause)
    endpoint = getattr(exc, "endpoint", None) or getattr(exc, "host", None)
    return ConnectionLost("scylla", () if endpoint is None else (str(endpoint),), str(exc))


_ERROR_CODES = (
    (cassandra.ConfigurationException, 0x2300),
    (cassandra.InvalidRequest, 0x2200),
    (cassandra.Unauthorized, 0x2100),
    (cassandra.AuthenticationFailed, 0x0100),
    (cassandra.Unavailable, 0x1000),
    (cassandra.WriteTimeout, 0x1100),
    (cassandra.ReadTimeout, 0x1200),
)


# -- the driver --------------------------------------------------------------------------


class _Prepared:
    """A prepared statement of the driver and its ``bind`` (:mod:`~coodie.drivers.scylla_bind`)."""

    __slots__ = ("bind", "convs", "statement")

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self.convs = bind_converters(statement)
        self.bind: Bind = binder(statement, self.convs, self.driver_bind)

    def driver_bind(self, params: Sequence[Any]) -> Any:
        """Convert to the driver's value types and bind with the driver's own ``bind``."""
        convs = self.convs
        if convs is not None:
            params = [
                c(v) if c is not None and v is not None else v
                for v, c in zip(params, convs, strict=True)
            ]
        return self.statement.bind(params)


def _release(future: ResponseFuture) -> None:
    """Let a finished request's rows go as soon as the caller is done with them.

    A driver future and its timeout timer refer to each other, so the future (and the
    page of rows it holds) lives until the cyclic garbage collector runs: a long paged
    read kept several pages alive at once. Dropping the rows and the timer here breaks
    that, so peak memory stays at about one page.
    """
    future._final_result = None
    future._timer = None


class ScyllaDriver:
    """A :class:`~coodie.drivers.base.Driver` over a ``cassandra.cluster.Session``.

    Example::

        driver = ScyllaDriver(Cluster(["10.0.0.1"]).connect("shop"))
    """

    name = "scylla"

    def __init__(self, session: Any, *, cluster: Any = None, prepared_cache_size: int = 1024):
        self.session = session
        self.cluster = cluster
        self._owns_cluster = cluster is not None
        self._prepared: PreparedCache[_Prepared] = PreparedCache(prepared_cache_size)
        self._profile: Any = EXEC_PROFILE_DEFAULT
        self._bridge: LoopBridge | None = None
        if PROFILE in getattr(session.cluster.profile_manager, "profiles", {}):
            self._profile = PROFILE  # made by connect() with the cluster
            return
        try:  # a wrapped session: add coodie's profile, with the default's load balancing
            profile = session.execution_profile_clone_update(
                EXEC_PROFILE_DEFAULT, row_factory=tuple_factory
            )
            session.cluster.add_execution_profile(PROFILE, profile)
            self._profile = PROFILE
        except Exception:  # a legacy-mode session: keep its default profile
            pass

    # statements -----------------------------------------------------------------------

    def _prepare(self, cql: str) -> _Prepared:
        prepared = self._prepared.get(cql)
        if prepared is None:
            prepared = _Prepared(self.session.prepare(cql))
            self._prepared.put(cql, prepared)
        return prepared

    def _unprepared(self, batch: CompiledBatch) -> list[str]:
        """The CQL texts of ``batch`` not prepared yet (the async path prepares them in a
        worker thread, so the event loop never blocks on a round trip)."""
        cache = self._prepared
        texts = [batch.cql] if batch.timestamp is not None else [s.cql for s in batch.statements]
        return [cql for cql in texts if cache.get(cql) is None]

    def _build(
        self, statement: Statement, options: ExecutionOptions, prepared: _Prepared | None = None
    ) -> Any:
        """The driver's statement for ``statement``; ``prepared``: its prepared statement
        when the caller has already looked it up (a statement with parameters)."""
        query: Any  # a bound, batch or simple statement of the driver
        if isinstance(statement, CompiledBatch):
            if statement.timestamp is not None:
                query = self._prepare(statement.cql).bind(statement.params)
            else:
                query = BatchStatement(batch_type=_BATCH_TYPES[statement.batch_type])
                cql, prepared = "", None
                for child in statement.statements:
                    if prepared is None or child.cql != cql:  # one lookup per run of a shape
                        cql = child.cql
                        prepared = self._prepare(cql)
                    query.add(prepared.bind(child.params))
        elif statement.params:
            if prepared is None:
                prepared = self._prepare(statement.cql)
            query = prepared.bind(statement.params)
            query.is_idempotent = statement.is_idempotent
        else:
            query = SimpleStatement(statement.cql, is_idempotent=statement.is_idempotent)
        query.fetch_size = options.fetch_size or DEFAULT_PAGE_SIZE
        if options.consistency:
            query.consistency_level = _LEVELS[options.consistency]
        if options.serial_consistency:
            query.serial_consistency_level = _LEVELS[options.serial_consistency]
        return query

    def _start(self, query: Any, options: ExecutionOptions) -> ResponseFuture:
        timeout, paging_state = options.timeout, options.paging_state
        if timeout is None and paging_state is None:  # the common case: no kwargs dict
            return self.session.execute_async(query, execution_profile=self._profile)
        kwargs: dict[str, Any] = {"execution_profile": self._profile}
        if timeout is not None:
            kwargs["timeout"] = timeout
        if paging_state is not None:
            kwargs["paging_state"] = paging_state
        return self.session.execute_async(query, **kwargs)

    @staticmethod
    def _page(future: ResponseFuture, rows: Sequence[Any]) -> ResultPage:
        if not rows and not future._col_names and future._paging_state is None:  # a write
            warnings = future.warnings
            _release(future)
            return ResultPage((), (), None, tuple(warnings)) if warnings else _NO_ROWS
        names = tuple(future._col_names or ())
        conversion = row_converter(future._col_types)
        rows = rows or ()
        if rows and isinstance(rows[0], dict):  # a wrapped session's own dict rows
            rows = [tuple(r.values()) for r in rows]
        if conversion is not None:  # converted when read (a model read converts as it hydrates)
            tuples: Sequence[tuple[Any, ...]] = ConvertedRows(rows, conversion)
        elif all(type(r) is tuple for r in rows):
            tuples = rows
        else:
            tuples = [tuple(r) for r in rows]
        warnings = tuple(future.warnings or ())
        page = ResultPage(names, tuples, future._paging_state, warnings)
        _release(future)
        return page

    # Driver protocol ------------------------------------------------------------------

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement or batch (blocking)."""
        try:
            future = self._start(self._build(statement, options), options)
            rows = future.result().current_rows
        except Exception as exc:
            raise translate_error(exc, self._hosts()) from exc
        return self._page(future, rows)

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement or batch; waits on the driver's future without blocking."""
        loop = asyncio.get_running_loop()
        bridge = self._bridge
        if bridge is None or bridge.loop is not loop:
            bridge = self._bridge = LoopBridge(loop)
        done: asyncio.Future[Any] = loop.create_future()
        try:  # preparing fails like executing (e.g. an unknown table): same coodie errors
            prepared = None
            if isinstance(statement, CompiledBatch):
                for cql in self._unprepared(statement):
                    await asyncio.to_thread(self._prepare, cql)
            elif statement.params:  # one cache lookup, the statement is built with it
                prepared = self._prepared.get(statement.cql)
                if prepared is None:
                    prepared = await asyncio.to_thread(self._prepare, statement.cql)
            future = self._start(self._build(statement, options, prepared), options)
            future.add_callbacks(
                bridge.resolve, bridge.reject, callback_args=(done,), errback_args=(done,)
            )
            rows = await done
        except Exception as exc:
            raise translate_error(exc, self._hosts()) from exc
        return self._page(future, rows)

    def prepare(self, cql: str) -> None:
        """Prepare ``cql`` ahead of its first request (a no-op when already prepared)."""
        try:
            self._prepare(cql)
        except Exception as exc:
            raise translate_error(exc, self._hosts()) from exc

    def _hosts(self) -> tuple[str, ...]:
        """``host:port`` of the cluster's contact points (for :class:`ConnectionLost`)."""
        try:
            cluster = self.session.cluster
            return tuple(f"{host}:{cluster.port}" for host in cluster.contact_points)
        except Exception:  # a wrapped session without a cluster
            return ()

    async def prepare_async(self, cql: str) -> None:
        """Prepare ``cql`` in a worker thread, so the event loop never blocks."""
        if self._prepared.get(cql) is None:
            await asyncio.to_thread(self.prepare, cql)

    def wait_for_schema_agreement(self) -> bool:
        """Wait until all nodes report the same schema version."""
        session_wait = getattr(self.session, "wait_for_schema_agreement", None)
        if session_wait is not None:  # scylla-driver 3.29+
            return bool(session_wait())
        return bool(self.session.cluster.control_connection.wait_for_schema_agreement())

    async def wait_for_schema_agreement_async(self) -> bool:
        """Wait for schema agreement in a worker thread."""
        return await asyncio.to_thread(self.wait_for_schema_agreement)

    def close(self) -> None:
        """Shut the cluster down when this driver created it."""
        if self._owns_cluster and self.cluster is not None:
            self.cluster.shutdown()
        self.cluster = None

    async def close_async(self) -> None:
        """Shut down in a worker thread."""
        await asyncio.to_thread(self.close)


def connect(config: DriverConfig) -> ScyllaDriver:
    """Connect a ``Cluster`` (or wrap ``config.session``)."""
    if config.session is not None:
        return ScyllaDriver(config.session, prepared_cache_size=config.prepared_cache_size)
    kwargs: dict[str, Any] = dict(config.options)
    hosts = [h.rsplit(":", 1)[0] if h.count(":") == 1 else h for h in config.hosts]
    kwargs.setdefault("contact_points", hosts)
    kwargs.setdefault("port", config.port)
    if config.username is not None:
        from cassandra.auth import PlainTextAuthProvider

        kwargs.setdefault("auth_provider", PlainTextAuthProvider(config.username, config.password))
    if config.ssl_context is not None:
        kwargs.setdefault("ssl_context", config.ssl_context)
    if config.compression is not None:
        kwargs.setdefault("compression", config.compression)
    if "execution_profiles" not in kwargs:
        kwargs["execution_profiles"] = _profiles(config, kwargs.pop("load_balancing_policy", None))
    cluster = Cluster(**kwargs)
    try:
        session = cluster.connect(config.keyspace)
    except Exception as exc:
        cluster.shutdown()
        raise translate_error(exc) from exc
    return ScyllaDriver(session, cluster=cluster, prepared_cache_size=config.prepared_cache_size)


def _profiles(config: DriverConfig, policy: Any) -> dict[Any, Any]:
    """The default profile (the driver's own reads, e.g. schema agreement, need its rows)
    and coodie's (rows as tuples), made with the cluster and an explicit load-balancing
    policy, so the driver has nothing to warn about."""
    profile = ExecutionProfile(load_balancing_policy=policy or default_lbp_factory())
    if config.consistency:
        profile.consistency_level = _LEVELS[config.consistency]
    if config.timeout is not None:
        profile.request_timeout = config.timeout
    ours = copy.copy(profile)
    ours.row_factory = tuple_factory
    return {EXEC_PROFILE_DEFAULT: profile, PROFILE: ours}


async def connect_async(config: DriverConfig) -> ScyllaDriver:
    """Connect in a worker thread (the driver's connect blocks)."""
    return await asyncio.to_thread(connect, config)
