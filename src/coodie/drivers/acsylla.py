"""Adapter for acsylla (async driver over the ScyllaDB C++ driver).

acsylla is async-only and its objects belong to the event loop that created
them, so this adapter owns one private loop in a background thread
(:class:`~coodie.drivers.loopthread.LoopThread`): sync calls block on it,
async calls await it from any loop without blocking that loop.

Values are converted by CQL type (:mod:`coodie.drivers.acsylla_values`): bound
values by the compiled statement's marker types, results by the column types of
the statement's table, read once from ``system_schema`` and cached (cleared after
DDL sent through this driver). Results of raw CQL are normalised without types.
``driver_options`` go to ``acsylla.create_cluster(...)`` untouched.

Gaps: ``time`` values travel as ``datetime.time`` (microseconds), so a time with
sub-microsecond nanoseconds cannot be written (:class:`~coodie.exceptions.NotSupported`)
and reads lose them; raw CQL (``execute_raw``) binding a ``varint`` outside the
``bigint`` range needs the value as bytes; a set of user-defined types or of
collections (``set<frozen<udt>>``) can be written but not read (acsylla builds a
Python set of dicts), so reading one raises ``NotSupported``.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import ipaddress
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import acsylla
import attrs
from acsylla import errors as acsylla_errors

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
    is_hashable_form,
)
from coodie.cql.values import CqlDuration, as_utc, map_container
from coodie.drivers import acsylla_values as values
from coodie.drivers.acsylla_values import Convert
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.errors import from_acsylla
from coodie.drivers.loopthread import LoopThread
from coodie.exceptions import ConnectionLost, DriverError, NotSupported, OperationTimedOut
from coodie.management.cqltype_parser import parse_cql_type

DEFAULT_PAGE_SIZE = 5000
_BATCHES = {
    BatchType.LOGGED: acsylla.create_batch_logged,
    BatchType.UNLOGGED: acsylla.create_batch_unlogged,
    BatchType.COUNTER: acsylla.create_batch_counter,
}


def to_driver(value: Any) -> Any:
    """coodie value form to what acsylla binds, for a marker of unknown type (raw CQL)."""
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
    """An acsylla value of unknown type (raw CQL, functions) in coodie value form, as far
    as its Python type tells: naive datetimes become UTC-aware; containers are walked."""
    if isinstance(value, _dt.datetime) and value.tzinfo is None:
        return as_utc(value)
    return map_container(value, from_driver)


def _binder(statement: CompiledStatement) -> Callable[[Sequence[Any]], list[Any]]:
    types = statement.param_types
    if not types or len(types) != len(statement.params):
        return lambda params: [to_driver(v) for v in params]
    convs = [values.writer(t) if t is not None else to_driver for t in types]
    return lambda params: [
        c(v) if c is not None and v is not None else v for v, c in zip(params, convs, strict=True)
    ]


_TYPES_QUERY = (
    "SELECT type_name, field_names, field_types FROM system_schema.types WHERE keyspace_name = ?"
)
_COLUMNS_QUERY = (
    "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?"
)


def _resolve(t: CqlType, udts: dict[str, tuple[tuple[str, str], ...]]) -> CqlType:
    """``t`` with its user types' fields filled in from ``system_schema.types`` rows."""
    if isinstance(t, UserDefinedType):
        fields = udts.get(t.name, ())
        return attrs.evolve(
            t, fields=tuple((n, _resolve(parse_cql_type(ft), udts)) for n, ft in fields)
        )
    if isinstance(t, ListType | SetType | VectorType):
        return attrs.evolve(t, element=_resolve(t.element, udts))
    if isinstance(t, MapType):
        return attrs.evolve(t, key=_resolve(t.key, udts), value=_resolve(t.value, udts))
    if isinstance(t, TupleType):
        return attrs.evolve(t, elements=tuple(_resolve(e, udts) for e in t.elements))
    return t


def _reader(t: CqlType | None) -> Convert:
    found = values.reader(t) if t is not None else None
    return found if found is not None else from_driver


def _check_readable(t: CqlType | None, column: str) -> None:
    """Refuse a set of UDTs or collections: acsylla builds a Python set of dicts or sets."""
    if isinstance(t, SetType) and not is_hashable_form(t.element):
        raise NotSupported(
            f"driver 'acsylla' cannot read column {column!r}: "
            "a set of user-defined types or collections"
        )


def _level(name: str | None) -> Any:
    return None if name is None else acsylla.Consistency[name]


def _translate(exc: BaseException, hosts: tuple[str, ...] = ()) -> BaseException:
    if isinstance(exc, DriverError | NotSupported):
        return exc
    if isinstance(exc, OverflowError):
        return NotSupported(f"driver 'acsylla' cannot bind this integer ({exc})")
    return from_acsylla(exc, hosts)


_SCHEMA_CHANGE = re.compile(r"\s*(CREATE|ALTER|DROP)\s", re.IGNORECASE)
"""Raw CQL that changes the schema (compiled DDL says so with its kind)."""


_SETTLE_SECONDS = 0.25
"""How long a timed-out request waits for the driver to drop a connection it just lost."""


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
        keyspace: str | None = None,
        prepared_cache_size: int = 1024,
        hosts: tuple[str, ...] = (),
    ) -> None:
        self.session = session
        self.cluster = cluster
        self.keyspace = keyspace
        self.hosts = hosts  # host:port of each contact point, named by ConnectionLost
        self._loop = loop
        self._prepared: PreparedCache[tuple[Any, Any]] = PreparedCache(prepared_cache_size)
        self._tables: dict[tuple[str, str], dict[str, CqlType]] = {}
        self._unknown: set[str] = set()

    async def _error(self, exc: BaseException) -> BaseException:
        """The coodie error; a timeout with no connection left is the server going away
        under the request (the C++ driver reports the requests of a closed connection as
        timed out)."""
        error = _translate(exc, self.hosts)
        if isinstance(error, OperationTimedOut) and await self._lost():
            return ConnectionLost("acsylla", self.hosts, f"{error} (no connection is left)")
        return error

    async def _lost(self) -> bool:
        """Whether no connection is left. The C++ driver fails a closed connection's
        requests before its metrics stop counting that connection, so a connection still
        counted gets a moment (up to ``_SETTLE_SECONDS``, on timeouts only) to go."""
        deadline = time.monotonic() + _SETTLE_SECONDS
        while self._connected():
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    def _connected(self) -> bool:
        try:
            return int(self.session.metrics().stats_total_connections) > 0
        except Exception:  # no metrics: do not guess
            return True

    async def _prepare(self, statement: CompiledStatement) -> tuple[Any, Any]:
        entry = self._prepared.get(statement.cql)
        if entry is None or entry[1] is None:  # absent, or prepared ahead without its types
            prepared = entry[0] if entry is not None else None
            if prepared is None:
                prepared = await self.session.create_prepared(statement.cql)
            entry = (prepared, _binder(statement))
            self._prepared.put(statement.cql, entry)
        return entry

    async def _prepare_text(self, cql: str) -> None:
        if self._prepared.get(cql) is None:
            try:
                prepared = await self.session.create_prepared(cql)
            except Exception as exc:
                raise await self._error(exc) from exc
            self._prepared.put(cql, (prepared, None))  # the binder comes with the first request

    def prepare(self, cql: str) -> None:
        """Prepare ``cql`` ahead of its first request, on the driver's loop thread."""
        self._loop.run(self._prepare_text(cql))

    async def prepare_async(self, cql: str) -> None:
        """Prepare ``cql`` on the driver's loop thread; the calling loop keeps running."""
        await self._loop.run_async(self._prepare_text(cql))

    async def _rows(self, cql: str, *params: Any) -> list[tuple[Any, ...]]:
        query = acsylla.create_statement(cql, parameters=len(params))
        if params:
            query.bind_list(list(params))
        return [row.as_tuple() for row in (await self.session.execute(query)).all()]

    async def _column_types(
        self, statement: CompiledStatement, columns: tuple[str, ...]
    ) -> dict[str, CqlType]:
        """The CQL types of the statement's table's columns, read from system_schema.

        Cached per table; read again when a result column is unknown (the table
        may have been altered elsewhere), at most once per unknown name.
        """
        keyspace = statement.keyspace or self.keyspace
        if keyspace is None or statement.table is None:
            return {}
        key = (keyspace, statement.table)
        types = self._tables.get(key)
        unknown = {c for c in columns if types is not None and c not in types} - self._unknown
        if types is None or unknown:
            self._unknown |= unknown
            udts: dict[str, tuple[tuple[str, str], ...]] = {
                name: tuple(zip(names or (), kinds or (), strict=False))
                for name, names, kinds in await self._rows(_TYPES_QUERY, keyspace)
            }
            rows = await self._rows(_COLUMNS_QUERY, keyspace, statement.table)
            types = {name: _resolve(parse_cql_type(text), udts) for name, text in rows}
            self._tables[key] = types
        return types

    async def _bound(self, statement: CompiledStatement, options: ExecutionOptions) -> Any:
        prepared, binder = await self._prepare(statement)
        params = statement.params
        bound = prepared.bind(
            page_size=options.fetch_size or DEFAULT_PAGE_SIZE,
            page_state=options.paging_state,
            timeout=options.timeout,
            consistency=_level(options.consistency),
            serial_consistency=_level(options.serial_consistency),
        )
        if params:
            bound.bind_list(binder(params))
        return bound

    async def _run(
        self, statement: Statement, options: ExecutionOptions, *, again: bool = False
    ) -> ResultPage:
        try:
            if isinstance(statement, CompiledBatch):
                batch = _BATCHES[statement.batch_type](timeout=options.timeout)
                if statement.timestamp is not None:
                    batch.set_timestamp(statement.timestamp)
                for child in statement.statements:
                    batch.add_statement(await self._bound(child, options))
                result = await self.session.execute_batch(batch)
                typed = statement.statements[0] if statement.statements else None
            else:
                query = await self._bound(statement, options)
                query.set_is_idempotent(statement.is_idempotent)
                result = await self.session.execute(query)
                if statement.kind is StatementKind.DDL or _SCHEMA_CHANGE.match(statement.cql):
                    # the driver keeps prepared statements' result metadata: prepare anew
                    self._tables.clear()
                    self._prepared.clear()
                typed = statement
            columns = tuple(result.columns_names()) if result.column_count() else ()
            types = await self._column_types(typed, columns) if columns and typed else {}
        except Exception as exc:
            raise await self._error(exc) from exc
        for name in columns:
            _check_readable(types.get(name), name)
        convs = [_reader(types.get(name)) for name in columns]
        try:
            rows = [
                tuple(
                    c(v) if v is not None else v for v, c in zip(row.as_tuple(), convs, strict=True)
                )
                for row in result.all()
            ]
        except acsylla_errors.ColumnNotFound:
            # The driver decoded with result metadata from before a schema change (its
            # prepared copy is stale): prepare the statement anew and read once more.
            if again or isinstance(statement, CompiledBatch) or not statement.params:
                raise
            self._prepared.discard(statement.cql)
            self._tables.clear()
            return await self._run(statement, options, again=True)
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
    if config.session is not None:
        raise NotSupported(
            "driver 'acsylla' cannot wrap an existing session: acsylla objects belong to the "
            "event loop that created them; pass hosts and options instead"
        )
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
        opened = loop.run(_open(config))
    except Exception as exc:
        raise _failed(loop, exc) from exc
    return _driver(loop, opened, config)


async def connect_async(config: DriverConfig) -> AcsyllaDriver:
    """Connect on a fresh loop thread without blocking the caller's loop."""
    loop = LoopThread("coodie-acsylla")
    try:
        opened = await loop.run_async(_open(config))
    except Exception as exc:
        raise _failed(loop, exc) from exc
    return _driver(loop, opened, config)


def _failed(loop: LoopThread, exc: Exception) -> BaseException:
    loop.stop()
    return _translate(exc)


def _driver(loop: LoopThread, opened: tuple[Any, Any], config: DriverConfig) -> AcsyllaDriver:
    cluster, session = opened
    return AcsyllaDriver(
        session,
        loop,
        cluster=cluster,
        keyspace=config.keyspace,
        prepared_cache_size=config.prepared_cache_size,
        hosts=tuple(config.contact_points()),
    )
