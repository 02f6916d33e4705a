"""Adapter for coodie's in-process CQL engine (:mod:`coodie.embedded`).

``init_coodie(driver_type="embedded", keyspace="shop")`` runs an in-memory
engine; ``path="./data"`` makes it persistent. ``driver_options={"engine": e}``
shares one :class:`~coodie.embedded.Engine` between connections, and
``session=`` wraps an existing engine session.

The engine speaks coodie value form natively, so no value conversion happens
here. Async calls run in a worker thread so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
from typing import Any

from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage, Statement
from coodie.drivers.cache import PreparedCache
from coodie.drivers.config import DriverConfig

DEFAULT_PAGE_SIZE = 5000


class EmbeddedDriver:
    """A :class:`~coodie.drivers.base.Driver` over an embedded engine session.

    >>> from coodie.embedded import Engine
    >>> driver = EmbeddedDriver(Engine().session())
    >>> driver.name
    'embedded'
    """

    name = "embedded"

    def __init__(self, session: Any, *, engine: Any = None, prepared_cache_size: int = 1024):
        self.session = session
        self.engine = engine
        self._prepared: PreparedCache[Any] = PreparedCache(prepared_cache_size)

    def _prepare(self, cql: str) -> Any:
        prepared = self._prepared.get(cql)
        if prepared is None:
            prepared = self.session.prepare(cql)
            self._prepared.put(cql, prepared)
        return prepared

    def execute(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run one statement or batch on the engine."""
        if isinstance(statement, CompiledBatch):
            items = [(self._prepare(s.cql), s.params) for s in statement.statements]
            result = self.session.execute_batch(
                items, batch_type=statement.batch_type.value, timestamp=statement.timestamp
            )
        else:
            result = self._execute(statement, options)
        return ResultPage(
            columns=tuple(c.name for c in result.columns),
            rows=result.rows,
            paging_state=result.paging_state,
            warnings=tuple(result.warnings),
        )

    def _execute(self, statement: CompiledStatement, options: ExecutionOptions) -> Any:
        target: Any = statement.cql
        if statement.params or statement.kind.value not in ("ddl", "raw"):
            target = self._prepare(statement.cql)
        page_size = options.fetch_size if options.fetch_size is not None else DEFAULT_PAGE_SIZE
        result = self.session.execute(
            target,
            statement.params or None,
            page_size=page_size,
            paging_state=options.paging_state,
        )
        if result.kind == "schema_change":
            self._prepared.clear()
        return result

    async def execute_async(self, statement: Statement, options: ExecutionOptions) -> ResultPage:
        """Run :meth:`execute` in a worker thread."""
        return await asyncio.to_thread(self.execute, statement, options)

    def prepare(self, cql: str) -> None:
        """Prepare ``cql`` on the engine ahead of its first request."""
        self._prepare(cql)

    async def prepare_async(self, cql: str) -> None:
        """Prepare ``cql`` in a worker thread."""
        await asyncio.to_thread(self._prepare, cql)

    def wait_for_schema_agreement(self) -> bool:
        """A single in-process node always agrees with itself."""
        return True

    async def wait_for_schema_agreement_async(self) -> bool:
        """A single in-process node always agrees with itself."""
        return True

    def close(self) -> None:
        """Close the engine when this driver created it (flushing a persistent one)."""
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()
        self.engine = None

    async def close_async(self) -> None:
        """Async form of :meth:`close`."""
        await asyncio.to_thread(self.close)


def connect(config: DriverConfig) -> EmbeddedDriver:
    """Open an engine (or wrap ``config.session`` / ``driver_options["engine"]``).

    Engine settings come from the options: ``settings=EngineSettings(...)`` or the single
    switches ``cassandra="4.0"``, ``materialized_views=False``, ``sasi=False``, e.g.
    ``init_coodie(driver_type="embedded", cassandra="4.0", sasi=True)``.
    """
    if config.session is not None:
        return EmbeddedDriver(config.session, prepared_cache_size=config.prepared_cache_size)
    from coodie.embedded import Engine, EngineSettings

    shared = config.options.get("engine")
    if shared is None:
        settings = EngineSettings.from_options(config.options)
        engine = Engine(path=config.path, settings=settings)
    else:
        engine = shared
    owned = None if shared is not None else engine
    session = engine.session(keyspace=config.keyspace)
    return EmbeddedDriver(session, engine=owned, prepared_cache_size=config.prepared_cache_size)


async def connect_async(config: DriverConfig) -> EmbeddedDriver:
    """Open the engine in a worker thread (loading a persistent one can take a while)."""
    return await asyncio.to_thread(connect, config)
