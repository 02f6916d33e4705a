"""Driver adapters, chosen by ``driver_type``, and the named-connection registry.

==============  ===============================================================
driver_type     adapter
==============  ===============================================================
``scylla``      :mod:`coodie.drivers.scylla` (``cassandra`` package: scylla-driver
                or DataStax cassandra-driver); ``cassandra`` is an alias
``acsylla``     :mod:`coodie.drivers.acsylla` (async driver; sync runs a loop thread)
``rs``          :mod:`coodie.drivers.rs` (scylladb-rs-driver, ``import scylla``)
``embedded``    :mod:`coodie.drivers.embedded` (coodie's in-process engine)
``recording``   :mod:`coodie.drivers.recording` (no I/O; tests and benchmarks)
==============  ===============================================================

Example::

    from coodie.drivers import create_driver, register_driver
    driver = create_driver("embedded", DriverConfig(keyspace="shop"))
    register_driver("default", driver, default=True)
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import TYPE_CHECKING

from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import Driver, ResultPage, Statement
from coodie.drivers.config import DriverConfig
from coodie.exceptions import ConfigurationError, ConnectionFailed, DriverError, OperationTimedOut

if TYPE_CHECKING:
    from coodie.executor.connections import Connection

DRIVER_MODULES: dict[str, str] = {
    "scylla": "coodie.drivers.scylla",
    "cassandra": "coodie.drivers.scylla",
    "acsylla": "coodie.drivers.acsylla",
    "rs": "coodie.drivers.rs",
    "embedded": "coodie.drivers.embedded",
    "recording": "coodie.drivers.recording",
}

_EXTRAS = {"scylla": "scylla", "cassandra": "scylla", "acsylla": "acsylla", "rs": "rs"}


def driver_module(driver_type: str) -> ModuleType:
    """Import the adapter module for ``driver_type`` (lazily: unused drivers need not exist)."""
    try:
        module_name = DRIVER_MODULES[driver_type]
    except KeyError:
        known = ", ".join(sorted(DRIVER_MODULES))
        raise ConfigurationError(f"unknown driver_type {driver_type!r}; known: {known}") from None
    try:
        return importlib.import_module(module_name)
    except ImportError as exc:
        extra = _EXTRAS.get(driver_type, driver_type)
        raise ConfigurationError(
            f"driver_type {driver_type!r} needs its driver package: "
            f"pip install 'coodie[{extra}]' ({exc})"
        ) from exc


_DRIVER_LOGGERS = ("cassandra", "acsylla", "scylla")
"""Loggers the drivers write to: without a handler their records would go to stderr."""


def _route_driver_logs() -> None:
    """Send driver log records to ``logging`` only (never straight to stderr).

    A ``NullHandler`` stops Python's last-resort stderr output; records still reach
    the handlers an application configures (``logging.basicConfig()`` shows them).
    """
    for name in _DRIVER_LOGGERS:
        log = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
            log.addHandler(logging.NullHandler())


def connection_error(driver_type: str, config: DriverConfig, exc: BaseException) -> BaseException:
    """The error for a failed connect: :class:`ConnectionFailed` when no server could be
    reached, whatever the driver; a refusal the server answered (authentication, unknown
    keyspace...) or a configuration problem stays as it is.

    >>> error = connection_error("rs", DriverConfig(hosts=("10.0.0.9",)), OSError("refused"))
    >>> str(error)
    'cannot connect to 10.0.0.9 port 9042 with the rs driver: refused'
    """
    unreachable = isinstance(exc, OSError | OperationTimedOut) or type(exc) is DriverError
    if not unreachable:
        return exc
    return ConnectionFailed(driver_type, tuple(config.hosts), config.port, _cause(exc))


def _cause(exc: BaseException) -> str:
    """The driver's reason, per host when it says (scylla-driver's ``NoHostAvailable``)."""
    original = exc.__cause__ or exc
    errors = getattr(original, "errors", None)
    if isinstance(errors, dict) and errors:
        return "; ".join(f"{host}: {error}" for host, error in errors.items())
    return str(exc)


def create_driver(driver_type: str, config: DriverConfig) -> Driver:
    """Connect a driver of ``driver_type`` (blocking); see :func:`connection_error`."""
    module = driver_module(driver_type)
    _route_driver_logs()
    try:
        driver: Driver = module.connect(config)
    except Exception as exc:
        error = connection_error(driver_type, config, exc)
        if error is exc:
            raise
        raise error from exc
    return driver


async def create_driver_async(driver_type: str, config: DriverConfig) -> Driver:
    """Connect a driver of ``driver_type`` without blocking the event loop."""
    module = driver_module(driver_type)
    _route_driver_logs()
    try:
        driver: Driver = await module.connect_async(config)
    except Exception as exc:
        error = connection_error(driver_type, config, exc)
        if error is exc:
            raise
        raise error from exc
    return driver


def register_driver(name: str, driver: Driver, *, default: bool = False) -> Connection:
    """Register an already-connected driver under ``name`` (see ``coodie.executor.connections``)."""
    from coodie.executor.connections import register_driver as _register

    return _register(name, driver, default=default)


def get_driver(name: str | None = None) -> Driver:
    """The driver of connection ``name`` (the default one when ``None``)."""
    from coodie.executor.connections import get_driver as _get

    return _get(name)


__all__ = [
    "DRIVER_MODULES",
    "Driver",
    "DriverConfig",
    "ExecutionOptions",
    "ResultPage",
    "Statement",
    "create_driver",
    "create_driver_async",
    "driver_module",
    "get_driver",
    "register_driver",
]
