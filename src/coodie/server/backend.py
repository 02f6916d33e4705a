"""What the protocol front needs from the engine, as structural types.

The server talks to :class:`coodie.embedded.Engine` through these protocols, so the
protocol layer can also be exercised with a small stand-in engine in tests.
:class:`Backend` adds the three engine-specific values the front must build:
raw bound bytes, the protocol ``unset`` value and the engine's ``EMPTY`` cell value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from coodie.server.responses import Change, Column


class PreparedLike(Protocol):
    """A prepared statement (the engine's ``Prepared``)."""

    @property
    def id(self) -> bytes: ...
    @property
    def bind_columns(self) -> Sequence[Column]: ...
    @property
    def result_columns(self) -> Sequence[Column] | None: ...
    @property
    def pk_indexes(self) -> Sequence[int]: ...


class ResultLike(Protocol):
    """An execution result (the engine's ``EngineResult``).

    The server sends ``raw_rows``: the rows in server order, sets and maps as ordered
    sequences (see :func:`coodie.wire.serialize`), timestamps and dates as ints.
    """

    @property
    def kind(self) -> str: ...
    @property
    def columns(self) -> Sequence[Column]: ...
    @property
    def rows(self) -> Sequence[Sequence[Any]]: ...
    @property
    def raw_rows(self) -> Sequence[Sequence[Any]]: ...
    @property
    def paging_state(self) -> bytes | None: ...
    @property
    def keyspace(self) -> str | None: ...
    @property
    def schema_change(self) -> Change | None: ...
    @property
    def warnings(self) -> Sequence[str]: ...


Params = Sequence[Any] | Mapping[str, Any] | None


class SessionLike(Protocol):
    """A per-connection session holding the current keyspace."""

    @property
    def keyspace(self) -> str | None: ...

    def prepare(self, cql: str) -> PreparedLike: ...

    def execute(
        self,
        statement: str | Any,
        params: Params = None,
        *,
        page_size: int | None = None,
        paging_state: bytes | None = None,
        timestamp: int | None = None,
    ) -> ResultLike: ...

    def execute_batch(
        self,
        statements: Sequence[tuple[str | Any, Params]],
        batch_type: str = "LOGGED",
        timestamp: int | None = None,
    ) -> ResultLike: ...


class EngineLike(Protocol):
    """The engine: sessions and the global prepared statement cache."""

    def session(self, keyspace: str | None = None) -> SessionLike: ...

    def get_prepared(self, statement_id: bytes) -> PreparedLike | None: ...


@attrs.frozen
class Backend:
    """An engine plus the values the front builds for it.

    ``raw(b)`` wraps bound bytes for the engine to decode and validate with the marker's
    type; ``unset`` is the protocol's unset value; ``empty`` is the engine's empty-cell value;
    ``cql_version`` is what OPTIONS answers (the release the engine imitates decides it).
    """

    engine: EngineLike
    raw: Callable[[bytes], Any]
    unset: Any
    empty: Any = None
    cql_version: str = "3.4.5"


def embedded_backend(path: str | None = None, engine: Any = None, settings: Any = None) -> Backend:
    """A :class:`Backend` on :class:`coodie.embedded.Engine` (a new one unless given).

    ``path`` makes a new engine persistent; ``settings`` (an
    :class:`~coodie.embedded.EngineSettings`) sets its release and features.
    """
    from coodie import embedded

    if engine is None:
        engine = embedded.Engine(path=path, settings=settings)
    cql = engine.settings.cql_version
    return Backend(engine, embedded.RawValue, embedded.UNSET, embedded.EMPTY, cql)
