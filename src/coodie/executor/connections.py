"""Named connections: which driver serves which model.

``coodie.sync.init_coodie`` / ``coodie.aio.init_coodie`` register a connection;
a model's ``Settings.connection`` picks one by name, else the default is used::

    init_coodie(hosts=["10.0.0.1"], keyspace="shop")                  # "default"
    init_coodie(driver_type="embedded", name="cache", keyspace="tmp")  # named

    class Session(Document):
        ...
        class Settings:
            connection = "cache"

A lazy connection (``lazy=True``) connects on first use; concurrent first uses
connect once (a thread lock for sync callers, an asyncio lock for async ones).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import attrs

from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import Driver
from coodie.exceptions import ConfigurationError

if TYPE_CHECKING:
    from coodie.executor.server import ServerInfo

DEFAULT_NAME = "default"

SyncFactory = Callable[[], Driver]
AsyncFactory = Callable[[], Awaitable[Driver]]


class Connection:
    """A named, possibly not yet connected, driver plus default request options.

    ``defaults`` fill the options a request leaves unset (consistency, timeout,
    page size). ``prepare_on_sync`` makes ``sync_table()`` prepare the model's hot
    statements on this connection (:mod:`coodie.executor.warmup`). ``server_info`` is
    the server's product and release once read (:mod:`coodie.executor.server`).

    >>> from coodie.drivers.recording import RecordingDriver
    >>> Connection("x", driver=RecordingDriver()).driver().name
    'recording'
    """

    def __init__(
        self,
        name: str,
        *,
        driver: Driver | None = None,
        factory: SyncFactory | None = None,
        async_factory: AsyncFactory | None = None,
        defaults: ExecutionOptions | None = None,
        keyspace: str | None = None,
        prepare_on_sync: bool = False,
    ) -> None:
        if driver is None and factory is None and async_factory is None:
            raise ConfigurationError(f"connection {name!r} needs a driver or a way to connect")
        self.name = name
        self.keyspace = keyspace
        self.prepare_on_sync = prepare_on_sync
        self.defaults = defaults if defaults is not None and defaults != _NO_DEFAULTS else None
        self._driver = driver
        self._factory = factory
        self._async_factory = async_factory
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.server_info: ServerInfo | None = None

    @property
    def connected(self) -> bool:
        """True once the driver exists."""
        return self._driver is not None

    def driver(self) -> Driver:
        """The driver, connecting first if needed (blocking; thread-safe)."""
        driver = self._driver
        if driver is not None:
            return driver
        with self._lock:
            if self._driver is None:
                if self._factory is not None:
                    self._driver = self._factory()
                else:
                    raise ConfigurationError(
                        f"connection {self.name!r} was configured by coodie.aio.init_coodie "
                        "with lazy=True; connect it from async code first"
                    )
            return self._driver

    async def driver_async(self) -> Driver:
        """The driver, connecting first if needed, without blocking the event loop."""
        driver = self._driver
        if driver is not None:
            return driver
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if self._driver is None:
                if self._async_factory is not None:
                    made = await self._async_factory()
                    with self._lock:
                        if self._driver is None:
                            self._driver = made
                else:
                    await asyncio.to_thread(self.driver)
            assert self._driver is not None
            return self._driver

    def options(self, options: ExecutionOptions) -> ExecutionOptions:
        """``options`` with this connection's defaults filled in."""
        d = self.defaults
        if d is None:
            return options
        return attrs.evolve(
            options,
            consistency=options.consistency or d.consistency,
            serial_consistency=options.serial_consistency or d.serial_consistency,
            timeout=options.timeout if options.timeout is not None else d.timeout,
            fetch_size=options.fetch_size if options.fetch_size is not None else d.fetch_size,
        )

    def close(self) -> None:
        """Close the driver if connected."""
        with self._lock:
            driver, self._driver = self._driver, None
            self.server_info = None
        if driver is not None:
            driver.close()

    async def close_async(self) -> None:
        """Close the driver if connected, without blocking the event loop."""
        with self._lock:
            driver, self._driver = self._driver, None
            self.server_info = None
        if driver is not None:
            await driver.close_async()

    def __repr__(self) -> str:
        state = "connected" if self.connected else "lazy"
        return f"<Connection {self.name!r} {state}>"


_NO_DEFAULTS = ExecutionOptions()
_connections: dict[str, Connection] = {}
_default_name: str | None = None
_registry_lock = threading.Lock()


def register_connection(connection: Connection, *, default: bool = False) -> Connection:
    """Register ``connection`` under its name; the first one becomes the default.

    Registering a name again replaces the old connection (without closing it).
    """
    global _default_name
    with _registry_lock:
        _connections[connection.name] = connection
        if default or _default_name is None or _default_name not in _connections:
            _default_name = connection.name
    return connection


def register_driver(name: str, driver: Driver, *, default: bool = False) -> Connection:
    """Register an existing driver as connection ``name``.

    >>> from coodie.drivers.recording import RecordingDriver
    >>> register_driver("doc", RecordingDriver()).name
    'doc'
    >>> unregister("doc")
    """
    return register_connection(Connection(name, driver=driver), default=default)


def set_default_connection(name: str) -> None:
    """Make connection ``name`` the default one."""
    global _default_name
    get_connection(name)
    _default_name = name


def get_connection(name: str | None = None) -> Connection:
    """Connection ``name``, or the default connection when ``name`` is ``None``."""
    key = _default_name if name is None else name
    connection = None if key is None else _connections.get(key)
    if connection is None:
        if name is None:
            raise ConfigurationError(
                "no connection configured: call coodie.sync.init_coodie(...) or "
                "await coodie.aio.init_coodie(...) first"
            )
        known = ", ".join(sorted(_connections)) or "none"
        raise ConfigurationError(f"no connection named {name!r} (registered: {known})")
    return connection


def get_driver(name: str | None = None) -> Driver:
    """The driver of connection ``name`` (connecting a lazy one; blocking)."""
    return get_connection(name).driver()


def unregister(name: str) -> None:
    """Forget connection ``name`` without closing it."""
    global _default_name
    with _registry_lock:
        _connections.pop(name, None)
        if _default_name == name:
            _default_name = next(iter(_connections), None)


def connection_names() -> list[str]:
    """Names of the registered connections."""
    return list(_connections)


def close(name: str | None = None) -> None:
    """Close and forget connection ``name`` (the default one when ``None``)."""
    connection = get_connection(name)
    unregister(connection.name)
    connection.close()


async def close_async(name: str | None = None) -> None:
    """Async form of :func:`close`."""
    connection = get_connection(name)
    unregister(connection.name)
    await connection.close_async()


def shutdown() -> None:
    """Close and forget every connection."""
    for name in list(_connections):
        close(name)


async def shutdown_async() -> None:
    """Async form of :func:`shutdown`."""
    for name in list(_connections):
        await close_async(name)


def configure(
    hosts: str | list[str] | tuple[str, ...] | None = None,
    *,
    port: int = 9042,
    keyspace: str | None = None,
    driver_type: str = "scylla",
    session: object = None,
    name: str = DEFAULT_NAME,
    username: str | None = None,
    password: str | None = None,
    ssl_context: object = None,
    compression: object = None,
    consistency: str | None = None,
    timeout: float | None = None,
    fetch_size: int | None = None,
    path: str | None = None,
    prepared_cache_size: int = 1024,
    prepare_on_sync: bool = False,
    default: bool | None = None,
    driver_options: dict[str, object] | None = None,
) -> Connection:
    """Build and register a not-yet-connected :class:`Connection` (``init_coodie``'s core).

    ``default`` (``None``: when ``name`` is ``"default"`` or no default exists
    yet) makes it the default connection.
    """
    from coodie.cql.options import consistency_name
    from coodie.drivers import DriverConfig, create_driver, create_driver_async, driver_module
    from coodie.executor.options import request_options

    driver_module(driver_type)  # fail now on an unknown or missing driver
    consistency = consistency_name(consistency)
    if isinstance(hosts, str):
        hosts = [hosts]
    config = DriverConfig(
        hosts=tuple(hosts or ("127.0.0.1",)),
        port=port,
        keyspace=keyspace,
        username=username,
        password=password,
        ssl_context=ssl_context,
        compression=compression,
        consistency=consistency,
        timeout=timeout,
        session=session,
        path=path,
        prepared_cache_size=prepared_cache_size,
        options=dict(driver_options or {}),
    )
    connection = Connection(
        name,
        factory=lambda: create_driver(driver_type, config),
        async_factory=lambda: create_driver_async(driver_type, config),
        defaults=request_options(consistency=consistency, timeout=timeout, fetch_size=fetch_size),
        keyspace=keyspace,
        prepare_on_sync=prepare_on_sync,
    )
    make_default = default if default is not None else name == DEFAULT_NAME
    return register_connection(connection, default=make_default)
