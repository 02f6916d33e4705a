"""Connecting and raw CQL, awaited (``coodie.aio``).

Example::

    from coodie.aio import init_coodie, execute_raw

    await init_coodie(hosts=["127.0.0.1"], keyspace="shop", driver_type="acsylla")
    await execute_raw("SELECT * FROM shop.product WHERE id = ?", [pid])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coodie.executor import connections as _registry
from coodie.executor.connections import Connection
from coodie.executor.options import request_options
from coodie.executor.raw import raw_operation
from coodie.executor.runner import run_async


async def init_coodie(
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

    Same arguments as :func:`coodie.sync.init_coodie`; connecting never blocks
    the event loop.

    Example: ``await init_coodie(hosts=["10.0.0.1"], keyspace="shop")``.
    """
    connection = _registry.configure(
        hosts, port=port, keyspace=keyspace, driver_type=driver_type, session=session,
        name=name, username=username, password=password, ssl_context=ssl_context,
        compression=compression, consistency=consistency, timeout=timeout,
        fetch_size=fetch_size, path=path, prepare_on_sync=prepare_on_sync, default=default,
        driver_options=driver_options,
    )  # fmt: skip
    if not lazy:
        await connection.driver_async()
    return connection


async def execute_raw(
    cql: str,
    params: Sequence[Any] | None = None,
    *,
    connection: str | None = None,
    consistency: str | None = None,
    timeout: float | None = None,
    fetch_size: int | None = None,
) -> list[dict[str, Any]]:
    """Run CQL text with ``?`` parameters; return every row as a dict.

    Example: ``await execute_raw("SELECT * FROM shop.product WHERE id = ?", [pid])``.
    """
    options = request_options(consistency=consistency, timeout=timeout, fetch_size=fetch_size)
    return await run_async(raw_operation(cql, params, options), connection)


async def close(name: str | None = None) -> None:
    """Close connection ``name`` (the default one when ``None``).

    Example: ``await close("analytics")``.
    """
    await _registry.close_async(name)


async def shutdown() -> None:
    """Close every connection.

    Example: ``await shutdown()``.
    """
    await _registry.shutdown_async()
