"""Adapter for the ``cassandra`` package (scylla-driver, or DataStax cassandra-driver).

``init_coodie(hosts=[...], driver_type="scylla")`` builds a ``Cluster``;
``session=`` wraps an existing ``cassandra.cluster.Session``. Other keyword
arguments (``driver_options``) go to ``Cluster(...)`` untouched, e.g.
``protocol_version=4`` or ``load_balancing_policy=...``.

Values are converted using the driver's own metadata of each prepared
statement and result: UDT dicts are bound as tuples in field order, ``inet``
addresses as text, ``date`` day numbers and ``duration`` values as the driver's
``Date`` / ``Duration``; on the way back ``SortedSet``, ``OrderedMapSerializedKey``,
UDT named tuples, ``Date``, ``Time``, ``Duration`` and naive UTC datetimes
become coodie value form. The async path never blocks the event loop: requests
use ``execute_async`` futures; a first ``prepare`` runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as _dt
import ipaddress
from collections.abc import Callable, Sequence
from typing import Any, cast

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch
from coodie.cql.options import ExecutionOptions
from coodie.cql.values import CqlDuration, as_utc
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.bridge import LoopBridge
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig
from coodie.drivers.errors import server_message
from coodie.exceptions import DriverError, NotSupported, OperationTimedOut, error_for_code

import cassandra  # type: ignore[import-untyped]  # isort: skip
from cassandra import cqltypes as ct  # isort: skip
from cassandra import util as cu  # isort: skip
from cassandra.cluster import (  # type: ignore[import-untyped]  # isort: skip
    EXEC_PROFILE_DEFAULT,
    Cluster,
    ExecutionProfile,
    NoHostAvailable,
    ResponseFuture,
    default_lbp_factory,
)
from cassandra.query import BatchStatement, SimpleStatement, tuple_factory  # type: ignore[import-untyped]  # isort: skip
from cassandra.query import BatchType as DriverBatchType  # isort: skip

Convert = Callable[[Any], Any]
PROFILE = "coodie"
DEFAULT_PAGE_SIZE = 5000
_datetime = _dt.datetime
_BATCH_TYPES = {
    BatchType.LOGGED: DriverBatchType.LOGGED,
    BatchType.UNLOGGED: DriverBatchType.UNLOGGED,
    BatchType.COUNTER: DriverBatchType.COUNTER,
}
_LEVELS: dict[str, int] = cast(Any, cassandra.ConsistencyLevel).name_to_value
"""Consistency level name → the driver's value (the driver sets the table at import)."""


# -- values: coodie -> driver -------------------------------------------------------------


def _is(typ: Any, kind: Any) -> bool:
    """``issubclass`` without narrowing: the driver's type classes get attributes at runtime."""
    return issubclass(typ, kind)


def _unfreeze(typ: Any) -> Any:
    while _is(typ, ct.FrozenType):
        typ = typ.subtypes[0]
    return typ


def writer(typ: Any) -> Convert | None:
    """Converter from coodie value form to what the driver serializes, ``None`` if identity."""
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType):
        names = typ.fieldnames
        subs = [writer(t) for t in typ.subtypes]

        def udt(v: Any) -> Any:
            if not isinstance(v, dict):
                return v
            return tuple(
                None if (x := v.get(n)) is None else (c(x) if c else x)
                for n, c in zip(names, subs, strict=True)
            )

        return udt
    if _is(typ, ct.TupleType):
        subs = [writer(t) for t in typ.subtypes]
        if not any(subs):
            return None
        return lambda v: tuple(
            c(x) if c and x is not None else x for x, c in zip(v, subs, strict=False)
        )
    if _is(typ, ct.MapType):
        kc, vc = (writer(t) for t in typ.subtypes)
        if kc is None and vc is None:
            return None
        return lambda v: {
            (kc(k) if kc else k): (vc(x) if vc and x is not None else x) for k, x in v.items()
        }
    if _is(typ, ct.SetType | ct.ListType) or typ.typename == "vector":
        ec = writer(typ.subtypes[0])
        if ec is None:
            return None
        kind = set if _is(typ, ct.SetType) and _hashable_form(typ.subtypes[0]) else list
        return lambda v: kind(ec(x) for x in v)
    if _is(typ, ct.InetAddressType):
        return str
    if _is(typ, ct.SimpleDateType):
        return lambda v: cu.Date(v) if isinstance(v, int) else v
    if _is(typ, ct.DurationType):
        return lambda v: (
            cu.Duration(v.months, v.days, v.nanoseconds) if isinstance(v, CqlDuration) else v
        )
    return None


def _bind_converters(prepared: Any) -> list[Convert | None] | None:
    convs = [writer(col.type) for col in prepared.column_metadata]
    return convs if any(convs) else None


# -- values: driver -> coodie -------------------------------------------------------------


def reader(typ: Any) -> Convert | None:
    """Converter from a driver result value to coodie value form, ``None`` if identity."""
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType):
        names = typ.fieldnames
        subs = [reader(t) for t in typ.subtypes]
        return lambda v: {
            n: (c(x) if c and x is not None else x)
            for n, x, c in zip(names, tuple(v), subs, strict=False)
        }
    if _is(typ, ct.TupleType):
        subs = [reader(t) for t in typ.subtypes]
        return lambda v: tuple(
            c(x) if c and x is not None else x for x, c in zip(v, subs, strict=False)
        )
    if _is(typ, ct.MapType):
        kc, vc = (reader(t) for t in typ.subtypes)
        return lambda v: {
            (kc(k) if kc else k): (vc(x) if vc and x is not None else x) for k, x in v.items()
        }
    if _is(typ, ct.SetType):
        element = typ.subtypes[0]
        return _each(reader(element), set if _hashable_form(element) else list)
    if _is(typ, ct.ListType) or typ.typename == "vector":
        return _each(reader(typ.subtypes[0]), list)
    if _is(typ, ct.InetAddressType):
        return ipaddress.ip_address
    if _is(typ, ct.DateType):
        return lambda v: as_utc(v) if type(v) is _datetime else v
    if _is(typ, ct.SimpleDateType):
        return _read_date
    if _is(typ, ct.TimeType):
        return lambda v: v.nanosecond_time if isinstance(v, cu.Time) else v
    if _is(typ, ct.DurationType):
        return lambda v: CqlDuration(v.months, v.days, v.nanoseconds)
    return None


def _hashable_form(typ: Any) -> bool:
    """Whether coodie value form of this driver type is hashable (see ``is_hashable_form``).

    A set of UDTs or of collections crosses the boundary as a list.
    """
    typ = _unfreeze(typ)
    if _is(typ, ct.UserType | ct.MapType | ct.SetType | ct.ListType) or typ.typename == "vector":
        return False
    if _is(typ, ct.TupleType):  # after UserType: a UserType is a TupleType
        return all(_hashable_form(t) for t in typ.subtypes)
    return True


def _each(element: Convert | None, kind: Callable[[Any], Any]) -> Convert:
    if element is None:
        return kind
    convert: Convert = element
    return lambda v: kind(convert(x) for x in v)


def _read_date(v: Any) -> Any:
    if isinstance(v, cu.Date):
        try:
            return v.date()
        except ValueError:
            return v.days_from_epoch
    return v


_ROW_CONVERTERS: dict[tuple[Any, ...], Callable[[Any], tuple[Any, ...]] | None] = {}
_ROW_CONVERTERS_MAX = 512


def _row_converter(types: Sequence[Any] | None) -> Callable[[Any], tuple[Any, ...]] | None:
    """The converter of whole rows of these driver types (cached), ``None`` if identity."""
    if not types:
        return None
    key = tuple(map(_type_key, types))
    try:
        return _ROW_CONVERTERS[key]
    except KeyError:
        pass
    convs = [reader(t) for t in types]
    convert = _compile_row(convs) if any(convs) else None
    if len(_ROW_CONVERTERS) >= _ROW_CONVERTERS_MAX:
        _ROW_CONVERTERS.clear()
    _ROW_CONVERTERS[key] = convert
    return convert


def _type_key(typ: Any) -> Any:
    """A hashable key equal for equal driver types.

    The driver builds a new class for a parameterized type (``list<text>``, a UDT ...)
    each time it reads result metadata, so such types are keyed by their structure.
    """
    subtypes = typ.subtypes
    if not subtypes:
        return typ
    return (typ.typename, getattr(typ, "fieldnames", None), tuple(map(_type_key, subtypes)))


def _compile_row(convs: Sequence[Convert | None]) -> Callable[[Any], tuple[Any, ...]]:
    """One straight-line function ``row -> tuple``: no per-column loop, zip or generator.

    >>> _compile_row([None, str])((1, 2))
    (1, '2')
    >>> _compile_row([None, str])((1, None))
    (1, None)
    """
    env: dict[str, Any] = {}
    items = []
    for i, conv in enumerate(convs):
        if conv is None:
            items.append(f"row[{i}]")
        else:
            env[f"_c{i}"] = conv
            items.append(f"(_c{i}(_v) if (_v := row[{i}]) is not None else None)")
    source = "def convert(row):\n    return (" + ", ".join(items) + ",)\n"
    exec(source, env)  # generated from column positions only
    convert: Callable[[Any], tuple[Any, ...]] = env["convert"]
    return convert


# -- errors ------------------------------------------------------------------------------


def translate_error(exc: BaseException) -> BaseException:
    """The coodie exception for a driver exception (others pass through unchanged)."""
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
    if isinstance(exc, cassandra.DriverException | NoHostAvailable):
        return DriverError(str(exc))
    return exc


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
    __slots__ = ("convs", "statement")

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self.convs = _bind_converters(statement)

    def bind(self, params: Sequence[Any]) -> Any:
        convs = self.convs
        if convs is not None:
            params = [
                c(v) if c is not None and v is not None else v
                for v, c in zip(params, convs, strict=True)
            ]
        return self.statement.bind(params)


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

    def _unprepared(self, statement: Statement) -> list[str]:
        """The CQL texts of ``statement`` not prepared yet (the async path prepares
        them in a worker thread, so the event loop never blocks on a round trip)."""
        cache = self._prepared
        if isinstance(statement, CompiledBatch):
            if statement.timestamp is not None:
                texts = [statement.cql]
            else:
                texts = [s.cql for s in statement.statements]
            return [cql for cql in texts if cache.get(cql) is None]
        if statement.params and cache.get(statement.cql) is None:
            return [statement.cql]
        return []

    def _build(self, statement: Statement, options: ExecutionOptions) -> Any:
        query: Any  # a bound, batch or simple statement of the driver
        if isinstance(statement, CompiledBatch):
            if statement.timestamp is not None:
                query = self._prepare(statement.cql).bind(statement.params)
            else:
                query = BatchStatement(batch_type=_BATCH_TYPES[statement.batch_type])
                for child in statement.statements:
                    query.add(self._prepare(child.cql).bind(child.params))
        elif statement.params:
            query = self._prepare(statement.cql).bind(statement.params)
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
        kwargs: dict[str, Any] = {"execution_profile": self._profile}
        if options.timeout is not None:
            kwargs["timeout"] = options.timeout
        if options.paging_state is not None:
            kwargs["paging_state"] = options.paging_state
        return self.session.execute_async(query, **kwargs)

    @staticmethod
    def _page(future: ResponseFuture, rows: Sequence[Any]) -> ResultPage:
        names = tuple(future._col_names or ())
        convert = _row_converter(future._col_types)
        rows = rows or ()
        if convert is not None:
            tuples: Sequence[tuple[Any, ...]] = list(map(convert, rows))
        elif all(type(r) is tuple for r in rows):
            tuples = rows
        else:
            tuples = [tuple(r) if not isinstance(r, dict) else tuple(r.values()) for r in rows]
        warnings = tuple(future.warnings or ())
        return ResultPage(names, tuples, future._paging_state, warnings)

    # Driver protocol ------------------------------------------------------------------

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement or batch (blocking)."""
        try:
            future = self._start(self._build(statement, options), options)
            rows = future.result().current_rows
        except Exception as exc:
            raise translate_error(exc) from exc
        return self._page(future, rows)

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement or batch; waits on the driver's future without blocking."""
        loop = asyncio.get_running_loop()
        bridge = self._bridge
        if bridge is None or bridge.loop is not loop:
            bridge = self._bridge = LoopBridge(loop)
        done: asyncio.Future[Any] = loop.create_future()
        try:  # preparing fails like executing (e.g. an unknown table): same coodie errors
            for cql in self._unprepared(statement):
                await asyncio.to_thread(self._prepare, cql)
            future = self._start(self._build(statement, options), options)
            future.add_callbacks(
                bridge.resolve, bridge.reject, callback_args=(done,), errback_args=(done,)
            )
            rows = await done
        except Exception as exc:
            raise translate_error(exc) from exc
        return self._page(future, rows)

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
        from cassandra.auth import PlainTextAuthProvider  # type: ignore[import-untyped]

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
