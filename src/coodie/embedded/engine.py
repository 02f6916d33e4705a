"""The embedded engine: schema, storage, prepared statements and sessions.

>>> engine = Engine()
>>> s = engine.session()
>>> s.execute("CREATE KEYSPACE ks WITH replication = "
...           "{'class': 'SimpleStrategy', 'replication_factor': 1}").kind
'schema_change'
>>> _ = s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
>>> _ = s.execute("INSERT INTO ks.t (k, v) VALUES (?, ?)", [1, "a"])
>>> s.execute("SELECT v FROM ks.t WHERE k = 1").rows
[('a',)]
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from coodie.embedded.catalog import Keyspace, Table
from coodie.embedded.errors import invalid
from coodie.embedded.index_store import IndexStore
from coodie.embedded.locking import EngineLock
from coodie.embedded.nodes import BatchKind, DeleteStmt, InsertStmt, Marker, SelectStmt, UpdateStmt
from coodie.embedded.parser import parse
from coodie.embedded.prepared_cache import PreparedCache
from coodie.embedded.results import ColumnSpec, EngineResult
from coodie.embedded.settings import EngineSettings
from coodie.embedded.storage import TableData
from coodie.exceptions import CqlSyntaxError, error_for_code

T = TypeVar("T")
TOO_DEEP = "line 1:0 statement too deeply nested (collections, tuples, types or parentheses)"
MAX_NESTING = 256
"""Deepest nesting of brackets and type parameters a statement may have: a bound that holds
whatever the interpreter's recursion limit (the parser recurses once per level)."""
_OPEN, _CLOSE = "([{<", ")]}>"
_QUOTES = "'\""


def nesting_depth(cql: str) -> int:
    """The deepest nesting of ``( [ { <`` in ``cql``, outside quoted strings and names.

    ``<`` counts only right after a word (``list<``, ``frozen<``), so ``k < 3`` does not.

    >>> nesting_depth("SELECT * FROM t WHERE k = ((1))")
    2
    >>> nesting_depth("CREATE TABLE t (k int PRIMARY KEY, v frozen<list<int>>)")
    3
    >>> nesting_depth("SELECT * FROM t WHERE k < 3 AND v = '(('")
    0
    """
    depth = deepest = 0
    quote = previous = ""
    for char in cql:
        if quote:
            if char == quote:
                quote = ""
        elif char in _QUOTES:
            quote = char
        elif char in _OPEN and (char != "<" or previous.isalnum()):
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE and depth > 0:
            depth -= 1
        previous = char
    return deepest


COMPACT_EVERY = 250_000
"""Statements between two automatic compactions (also run at every checkpoint)."""


class Prepared:
    """A prepared statement: parsed once, executable many times."""

    def __init__(
        self, engine: Engine, cql: str, keyspace: str | None, statement: Any, markers: list[Marker]
    ) -> None:
        self.engine = engine
        self.cql = cql
        self.keyspace = keyspace
        self.statement = statement
        self.markers = markers
        self.id = hashlib.md5(f"{keyspace or ''}\x00{cql}".encode()).digest()
        self.schema_version = -1
        self._bind: tuple[ColumnSpec, ...] = ()
        self._result: tuple[ColumnSpec, ...] | None = None
        self._pk: tuple[int, ...] = ()

    def _refresh(self) -> None:
        if self.schema_version != self.engine.schema_version:
            from coodie.embedded.binds import describe

            self._bind, self._result, self._pk = describe(self.engine, self)
            self.schema_version = self.engine.schema_version

    def is_stale(self) -> bool:
        """Whether a schema change altered this statement's bind or result columns
        since they were last described (a client's copy of them is then wrong)."""
        if self.schema_version == self.engine.schema_version or self.schema_version < 0:
            return False
        described = self._bind, self._result
        self._refresh()
        return (self._bind, self._result) != described

    @property
    def bind_columns(self) -> tuple[ColumnSpec, ...]:
        """One spec per marker, in order."""
        self._refresh()
        return self._bind

    @property
    def result_columns(self) -> tuple[ColumnSpec, ...] | None:
        """Result columns of a SELECT (None for other statements)."""
        self._refresh()
        return self._result

    @property
    def pk_indexes(self) -> tuple[int, ...]:
        """Marker positions of the partition key components (for routing)."""
        self._refresh()
        return self._pk


class Engine:
    """An in-process CQL engine behaving like a single Cassandra 4.x node.

    ``path`` makes it persistent: every write or schema change is appended to a log
    (fsync'ed before it is answered or visible) and replayed when the engine is opened
    again (see :mod:`coodie.embedded.persistence`). ``fault_hook`` is called with the
    name of each I/O step of the log (tests raise from it to simulate failures).
    ``settings`` says which release it imitates and which features are on
    (:class:`EngineSettings`).
    """

    def __init__(
        self,
        path: str | None = None,
        fault_hook: Any = None,
        settings: EngineSettings | None = None,
    ) -> None:
        from coodie.embedded.system import install_system_keyspaces

        self.settings = settings if settings is not None else EngineSettings()
        self.lock = EngineLock()
        self.keyspaces: dict[str, Keyspace] = {}
        self.data: dict[tuple[str, str], TableData] = {}
        self.prepared: PreparedCache[Prepared] = PreparedCache()
        self._parsed: dict[tuple[str | None, str], Prepared] = {}
        self.schema_version = 0
        self.index_stores: dict[tuple[str, str, str], IndexStore] = {}
        self._last_ts = 0
        self.pinned_clock_us: int | None = None
        self._until_compaction = 0
        self._virtual_cache: dict[str, tuple[int, TableData]] = {}  # system rows by table
        install_system_keyspaces(self)
        self.log: Any = None
        if path is not None:
            from coodie.embedded.persistence import CommitLog

            log = CommitLog(path, fault_hook)
            try:
                log.open(self)
            except BaseException:
                log.close()
                raise
            self.log = log
            if log.should_checkpoint():
                self.checkpoint()

    # ---------------------------------------------------------------- sessions
    def session(self, keyspace: str | None = None) -> Session:
        """A cheap session object holding a current keyspace."""
        return Session(self, keyspace)

    def get_prepared(self, prepared_id: bytes) -> Prepared | None:
        """A statement prepared earlier, by id; ``None`` once a schema change altered its
        columns (as Cassandra drops such statements, so clients prepare them again)."""
        prepared = self.prepared.get(prepared_id)
        if prepared is not None and prepared.is_stale():
            self.prepared.discard(prepared_id)
            return None
        return prepared

    def checkpoint(self) -> None:
        """Write a snapshot of all data and schema and empty the log (persistent engines).

        >>> Engine().checkpoint()  # no-op without a path
        """
        if self.log is None:
            return
        from coodie.embedded.compaction import compact

        with self.lock:
            compact(self)
            self.log.checkpoint(self)

    def compact(self) -> Any:
        """Purge expired cells and tombstones older than each table's ``gc_grace_seconds``
        (see :mod:`coodie.embedded.compaction`); returns what was removed.

        >>> Engine().compact().partitions
        0
        """
        from coodie.embedded.compaction import compact

        with self.lock:
            return compact(self)

    def close(self) -> None:
        """Close the commit log and release the data directory (if persistent)."""
        if self.log is not None:
            with self.lock:
                self.log.close()

    def logged(self, apply: Callable[[], T], ddl: tuple[str | None, str, Any] | None = None) -> T:
        """Run ``apply`` (engine lock held) and append what it changed to the log.

        Without a log this is just ``apply()``. With one, a failing ``apply`` or a
        failing append undoes every change, so nothing unlogged is ever visible;
        ``ddl`` (keyspace, statement, values) logs a schema change as its statement.
        """
        if self.log is None:
            return apply()
        from coodie.embedded.journal import Journal
        from coodie.embedded.packing import pack
        from coodie.embedded.storage import JOURNAL

        journal = Journal()
        clock, ts_before = self.now_us(), self._last_ts
        saved = None
        if ddl is not None:
            from coodie.embedded.schema_store import SavedSchema

            saved = SavedSchema(self)
        token = JOURNAL.set(journal)
        try:
            result = apply()
        except BaseException:
            JOURNAL.reset(token)
            journal.undo()
            if saved is not None:
                saved.restore(self)
            raise
        JOURNAL.reset(token)
        if ddl is None and not journal.touched:
            return result
        names = {id(d): k for k, d in self.data.items()}
        try:
            parts = journal.records(names)
            if ddl is None:
                payload = pack(("w", self._last_ts, parts))
            else:
                ks, cql, values = ddl
                payload = pack(("s", ks, cql, list(values), clock, ts_before, parts, self._last_ts))
            self.log.append(payload)
        except BaseException:
            journal.undo()
            if saved is not None:
                saved.restore(self)
            raise
        return result

    def durable(self) -> None:
        """After a statement (engine lock released): wait until everything applied so far is
        on disk; checkpoint or compact when it is time."""
        log = self.log
        if log is not None:
            log.sync(log.written)
            if log.should_checkpoint():
                self.checkpoint()
                return
        self._until_compaction += 1
        if self._until_compaction >= COMPACT_EVERY:
            self._until_compaction = 0
            self.compact()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- lookups
    def now_us(self) -> int:
        """The wall clock in µs (pinned while a logged schema change is replayed)."""
        if self.pinned_clock_us is not None:
            return self.pinned_clock_us
        return time.time_ns() // 1000

    def timestamp(self) -> int:
        """A server write timestamp in µs, strictly increasing within the engine."""
        ts = self.now_us()
        if ts <= self._last_ts:
            ts = self._last_ts + 1
        self._last_ts = ts
        return ts

    def now_seconds(self) -> int:
        """The current time in seconds (cell expiry is compared with it)."""
        return int(time.time())

    def resolve_ks(self, ks: str | None, session_ks: str | None) -> str:
        """The statement's keyspace, else the session's; raises when neither is set."""
        name = ks or session_ks
        if name is None:
            raise invalid(
                "No keyspace has been specified. USE a keyspace, or explicitly specify "
                "keyspace.tablename"
            )
        return name

    def keyspace(self, name: str) -> Keyspace:
        """The keyspace named ``name`` (InvalidRequest if missing)."""
        ks = self.keyspaces.get(name)
        if ks is None:
            raise invalid(f"Keyspace '{name}' does not exist")
        return ks

    def keyspace_for_ddl(self, name: str) -> Keyspace:
        """The keyspace a schema statement targets (InvalidRequest if missing)."""
        ks = self.keyspaces.get(name)
        if ks is None:
            raise invalid(f"Keyspace '{name}' doesn't exist")
        return ks

    def table(self, ks: str, name: str) -> Table:
        """The table ``ks.name``; raises Cassandra's errors for a missing keyspace/table."""
        k = self.keyspaces.get(ks)
        if k is None:
            raise invalid(f"keyspace {ks} does not exist")
        t = k.tables.get(name)
        if t is None:
            raise invalid(f"table {name} does not exist")
        return t

    def table_data(self, table: Table) -> TableData:
        """The storage of ``table`` (generated rows for system tables)."""
        if table.virtual:
            from coodie.embedded.system import virtual_data

            return virtual_data(self, table)
        return self.data[(table.keyspace, table.name)]

    # ---------------------------------------------------------------- statements
    def prepare(self, cql: str, keyspace: str | None) -> Prepared:
        """Parse ``cql`` once per (keyspace, text) and cache the result."""
        key = (keyspace, cql)
        p = self._parsed.get(key)
        if p is None:
            if nesting_depth(cql) > MAX_NESTING:
                raise error_for_code(0x2000, TOO_DEEP)
            try:
                st, markers = parse(cql, vector_search=self.settings.vectors)
            except RecursionError:  # nested values or types beyond what the parser follows
                raise error_for_code(0x2000, TOO_DEEP) from None
            p = Prepared(self, cql, keyspace, st, markers)
            if len(self._parsed) > 20000:
                self._parsed.clear()
            self._parsed[key] = p
        return p


class Session:
    """Executes statements on behalf of one client; holds the current keyspace."""

    def __init__(self, engine: Engine, keyspace: str | None = None) -> None:
        self.engine = engine
        self.keyspace = keyspace

    def prepare(self, cql: str) -> Prepared:
        """Parse and validate ``cql``; the result is cached by (keyspace, cql)."""
        eng = self.engine
        with eng.lock:
            p = eng.prepare(cql, self.keyspace)
            _ = p.bind_columns  # validates against the schema like a server's PREPARE
            if isinstance(p.statement, SelectStmt):
                from coodie.embedded.prepare_check import check_select

                check_select(p)
            elif isinstance(p.statement, UpdateStmt | DeleteStmt):
                from coodie.embedded.writes import check_static_only

                st = p.statement
                check_static_only(
                    self.engine.table(self.engine.resolve_ks(st.keyspace, self.keyspace), st.table),
                    st,
                )
            eng.prepared.put(p.id, p, p.cql)
            return p

    def execute(
        self,
        statement: str | Prepared,
        params: Sequence[Any] | Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
        paging_state: bytes | None = None,
        timestamp: int | None = None,
    ) -> EngineResult:
        """Execute a statement (see the engine contract)."""
        eng = self.engine
        with eng.lock:
            if isinstance(statement, Prepared):
                p = statement
                if params is None:
                    params = ()
            else:
                p = eng.prepare(statement, self.keyspace)
            values = _bind_values(p, params)
            try:
                result = self._run(p, values, page_size, paging_state, timestamp)
            except CqlSyntaxError as exc:
                if "[{statement}]" not in str(exc):
                    raise
                raise error_for_code(0x2000, str(exc).replace("{statement}", p.cql)) from None
        eng.durable()  # neither the writer nor a reader is answered before the log is synced
        return result

    def execute_batch(
        self,
        statements: Sequence[tuple[str | Prepared, Any]],
        batch_type: str = "LOGGED",
        timestamp: int | None = None,
    ) -> EngineResult:
        """Execute a protocol-level batch of (statement, params) pairs."""
        from coodie.embedded.batch import run_batch

        eng = self.engine
        with eng.lock:
            items = []
            for stmt, params in statements:
                p = stmt if isinstance(stmt, Prepared) else eng.prepare(stmt, self.keyspace)
                if not isinstance(p.statement, InsertStmt | UpdateStmt | DeleteStmt):
                    raise invalid(
                        "Invalid statement in batch: only UPDATE, INSERT and DELETE statements "
                        "are allowed."
                    )
                items.append((p.statement, _bind_values(p, params if params is not None else ())))
            result = eng.logged(
                lambda: run_batch(
                    eng, self.keyspace, BatchKind(batch_type.upper()), None, None, items, timestamp
                )
            )
        eng.durable()
        return result.result

    # ---------------------------------------------------------------- dispatch
    def _run(
        self,
        p: Prepared,
        values: list[Any],
        page_size: int | None,
        paging_state: bytes | None,
        timestamp: int | None,
    ) -> EngineResult:
        from coodie.embedded.executor import run_statement

        return run_statement(self, p, values, page_size, paging_state, timestamp)


def _bind_values(p: Prepared, params: Sequence[Any] | Mapping[str, Any] | None) -> list[Any]:
    n = len(p.markers)
    if params is None:
        if n:
            raise invalid("Invalid amount of bind variables")
        return []
    if isinstance(params, Mapping):
        specs = p.bind_columns
        out = []
        for i, m in enumerate(p.markers):
            name = m.name or specs[i].name
            if name not in params:
                raise invalid(f"Missing value for bind marker {name}")
            out.append(params[name])
        return out
    values = list(params)
    if len(values) != n:
        raise invalid(f"there were {n} markers(?) in CQL but {len(values)} bound variables")
    return values
