"""Adapter for acsylla (async driver over the ScyllaDB C++ driver).

acsylla is async-only and its objects belong to the event loop that created
them, so this adapter owns one private loop in a background thread
(:class:`~coodie.drivers.loopthread.LoopThread`): sync calls block on it,
async calls await it from any loop without blocking that loop.

Values: acsylla binds by the prepared statement's types; results are
normalised to coodie value form (naive datetimes become UTC-aware).
``driver_options`` go to ``acsylla.create_cluster(...)`` untouched.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
from collections.abc import Sequence
from typing import Any

import acsylla  # type: ignore[import-untyped]

from coodie.compiled import BatchType, CompiledBatch
from coodie.drivers.base import ExecutionOptions, ResultPage, Statement
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.loopthread import LoopThread
from coodie.exceptions import DriverError, InvalidRequest
from coodie.values import CqlDuration

DEFAULT_PAGE_SIZE = 5000
_UTC = _dt.timezone.utc
_BATCHES = {
    BatchType.LOGGED: acsylla.create_batch_logged,
    BatchType.UNLOGGED: acsylla.create_batch_unlogged,
    BatchType.COUNTER: acsylla.create_batch_counter,
}


def to_driver(value: Any) -> Any:
    """coodie value form to what acsylla binds."""
    if isinstance(value, CqlDuration):
        return (value.months, value.days, value.nanoseconds)
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    if isinstance(value, dict):
        return {k: to_driver(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return type(value)(to_driver(v) for v in value)
    return value


def from_driver(value: Any) -> Any:
    """An acsylla result value to coodie value form."""
    if isinstance(value, _dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=_UTC)
    if isinstance(value, dict):
        return {from_driver(k): from_driver(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_driver(v) for v in value]
    if isinstance(value, set | frozenset):
        return {from_driver(v) for v in value}
    if isinstance(value, tuple):
        return tuple(from_driver(v) for v in value)
    return value


def _level(name: str | None) -> Any:
    return None if name is None else acsylla.Consistency[name]


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, DriverError):
        return exc
    name = type(exc).__name__
    if "Syntax" in name or "Invalid" in name:
        return InvalidRequest(str(exc))
    return DriverError(f"{name}: {exc}")


class AcsyllaDriver:
    """A :class:`~coodie.drivers.base.Driver` over an acsylla session.

    Example::

        driver = connect(DriverConfig(hosts=("127.0.0.1",), keyspace="shop"))
    """

    name = "acsylla"

    def __init__(
        self,
        session: Any,
        loop: LoopThread,
        *,
        cluster: Any = None,
        prepared_cache_size: int = 1024,
    ) -> None:
        self.session = session
        self.cluster = cluster
        self._loop = loop
        self._prepared: PreparedCache[Any] = PreparedCache(prepared_cache_size)

    async def _prepare(self, cql: str) -> Any:
        prepared = self._prepared.get(cql)
        if prepared is None:
            prepared = await self.session.create_prepared(cql)
            self._prepared.put(cql, prepared)
        return prepared

    async def _bound(self, cql: str, params: Sequence[Any], options: ExecutionOptions) -> Any:
        prepared = await self._prepare(cql)
        statement = prepared.bind(
            page_size=options.fetch_size or DEFAULT_PAGE_SIZE,
            page_state=options.paging_state,
            timeout=options.timeout,
            consistency=_level(options.consistency),
            serial_consistency=_level(options.serial_consistency),
        )
        if params:
            statement.bind_list([to_driver(v) for v in params])
        statement.native_types = True
        return statement

    async def _run(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        try:
            if isinstance(statement, CompiledBatch):
                batch = _BATCHES[statement.batch_type](timeout=options.timeout)
                if statement.timestamp is not None:
                    batch.set_timestamp(statement.timestamp)
                for child in statement.statements:
                    batch.add_statement(await self._bound(child.cql, child.params, options))
                result = await self.session.execute_batch(batch)
            else:
                query = await self._bound(statement.cql, statement.params, options)
                query.set_is_idempotent(statement.is_idempotent)
                result = await self.session.execute(query)
        except Exception as exc:
            raise _translate(exc) from exc
        columns = tuple(result.columns_names()) if result.column_count() else ()
        rows = [tuple(from_driver(v) for v in row.as_tuple()) for row in result.all()]
        state = result.page_state() if result.has_more_pages() else None
        return ResultPage(columns, rows, state or None)

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run on the driver's loop thread and wait."""
        return self._loop.run(self._run(statement, options))

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run on the driver's loop thread; the calling loop keeps running."""
        return await self._loop.run_async(self._run(statement, options))

    def wait_for_schema_agreement(self) -> bool:
        """acsylla waits for schema agreement itself after schema changes."""
        return True

    async def wait_for_schema_agreement_async(self) -> bool:
        """acsylla waits for schema agreement itself after schema changes."""
        return True

    def close(self) -> None:
        """Close the session and stop the loop thread."""
        self._loop.run(self.session.close())
        self._loop.stop()

    async def close_async(self) -> None:
        """Close the session and stop the loop thread."""
        await self._loop.run_async(self.session.close())
        self._loop.stop()


async def _open(config: DriverConfig) -> tuple[Any, Any]:
    kwargs: dict[str, Any] = dict(config.options)
    hosts = [h.rsplit(":", 1)[0] if h.count(":") == 1 else h for h in config.hosts]
    if config.username is not None:
        kwargs.setdefault("username", config.username)
        kwargs.setdefault("password", config.password or "")
    if config.consistency:
        kwargs.setdefault("consistency", config.consistency)
    if config.timeout is not None:
        kwargs.setdefault("request_timeout", config.timeout)
    if config.ssl_context is not None:
        kwargs.setdefault("ssl_enabled", True)
    cluster = acsylla.create_cluster(hosts, port=config.port, **kwargs)
    session = await cluster.create_session(keyspace=config.keyspace)
    return cluster, session


def connect(config: DriverConfig) -> AcsyllaDriver:
    """Connect on a fresh loop thread (blocking)."""
    loop = LoopThread("coodie-acsylla")
    try:
        cluster, session = loop.run(_open(config))
    except Exception as exc:
        loop.stop()
        raise _translate(exc) from exc
    return AcsyllaDriver(
        session, loop, cluster=cluster, prepared_cache_size=config.prepared_cache_size
    )


async def connect_async(config: DriverConfig) -> AcsyllaDriver:
    """Connect on a fresh loop thread without blocking the caller's loop."""
    loop = LoopThread("coodie-acsylla")
    try:
        cluster, session = await loop.run_async(_open(config))
    except Exception as exc:
        loop.stop()
        raise _translate(exc) from exc
    return AcsyllaDriver(
        session, loop, cluster=cluster, prepared_cache_size=config.prepared_cache_size
    )
