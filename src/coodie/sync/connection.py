"""Connecting and raw CQL, blocking (``coodie.sync``).

Example::

    from coodie.sync import init_coodie, execute_raw

    init_coodie(hosts=["127.0.0.1"], keyspace="shop")          # scylla-driver
    init_coodie(driver_type="embedded", keyspace="shop")        # in-process engine
    execute_raw("SELECT * FROM shop.product WHERE id = ?", [pid])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coodie.executor import connections as _registry
from coodie.executor.connections import Connection
from coodie.executor.options import request_options
from coodie.executor.raw import raw_operation
from coodie.executor.runner import run


def init_coodie(
    hosts: str | list[str] | tuple[str, ...] | None = None,
    *,
    port: int = 9042,
    keyspace: str | None = None,
    driver_type: str = "scylla",
    session: Any = None,
    name: str = _registry.DEFAULT_NAME,
    lazy: bool = False,
    username: str | None = None,
    password: str | None = None,
    ssl_context: Any = None,
    compression: Any = None,
    consistency: str | None = None,
    timeout: float | None = None,
    fetch_size: int | None = None,
    path: str | None = None,
    prepare_on_sync: bool = False,
    default: bool | None = None,
    **driver_options: Any,
) -> Connection:
    """Configure connection ``name`` and connect now (or on first use with ``lazy=True``).

    ``driver_type`` is ``"scylla"`` (scylla-driver / cassandra-driver),
    ``"acsylla"``, ``"rs"`` (scylladb-rs-driver) or ``"embedded"``. ``session``
    wraps an existing driver session; extra keyword arguments go to the driver.
    ``prepare_on_sync=True`` makes ``sync_table()`` prepare each model's get by
    primary key, full-row insert and delete by key on this connection.

    Example: ``init_coodie(hosts=["10.0.0.1"], keyspace="shop", consistency="LOCAL_QUORUM")``.
    """
    connection = _registry.configure(
        hosts, port=port, keyspace=keyspace, driver_type=driver_type, session=session,
        name=name, username=username, password=password, ssl_context=ssl_context,
        compression=compression, consistency=consistency, timeout=timeout,
        fetch_size=fetch_size, path=path, prepare_on_sync=prepare_on_sync, default=default,
        driver_options=driver_options,
    )  # fmt: skip
    if not lazy:
        connection.driver()
    return connection


def execute_raw(
    cql: str,
    params: Sequence[Any] | None = None,
    *,
    connection: str | None = None,
    consistency: str | None = None,
    timeout: float | None = None,
    fetch_size: int | None = None,
) -> list[dict[str, Any]]:
    """Run CQL text with ``?`` parameters; return every row as a dict.

    Example: ``execute_raw("SELECT * FROM shop.product WHERE id = ?", [pid])``.
    """
    options = request_options(consistency=consistency, timeout=timeout, fetch_size=fetch_size)
    return run(raw_operation(cql, params, options), connection)


def close(name: str | None = None) -> None:
    """Close connection ``name`` (the default one when ``None``).

    Example: ``close("analytics")``.
    """
    _registry.close(name)


def shutdown() -> None:
    """Close every connection.

    Example: ``shutdown()`` at process exit.
    """
    _registry.shutdown()
