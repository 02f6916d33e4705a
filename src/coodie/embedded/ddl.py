"""Schema statements: keyspaces, tables, types, indexes, views, truncate."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, NativeType, SetType, TupleType, UserDefinedType
from coodie.embedded.catalog import (
    Column,
    Keyspace,
    Table,
    freeze_deep,
    resolve_type,
    type_text,
)
from coodie.embedded.errors import already_exists, config_error, invalid, syntax_error
from coodie.embedded.nodes import (
    AlterKeyspaceStmt,
    AlterTableStmt,
    AlterTypeStmt,
    CreateIndexStmt,
    CreateKeyspaceStmt,
    CreateTableStmt,
    CreateTypeStmt,
    CreateViewStmt,
    DropStmt,
    TruncateStmt,
    TypeRef,
)
from coodie.embedded.results import EngineResult, SchemaChange
from coodie.embedded.storage import TableData

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

SYSTEM_KEYSPACES = (
    "system",
    "system_schema",
    "system_auth",
    "system_distributed",
    "system_traces",
    "system_views",
    "system_virtual_schema",
)
_TABLE_OPTIONS = {
    "additional_write_policy",
    "bloom_filter_fp_chance",
    "caching",
    "cdc",
    "comment",
    "compaction",
    "compression",
    "crc_check_chance",
    "dclocal_read_repair_chance",
    "default_time_to_live",
    "extensions",
    "gc_grace_seconds",
    "max_index_interval",
    "memtable_flush_period_in_ms",
    "min_index_interval",
    "read_repair",
    "read_repair_chance",
    "speculative_retry",
    "id",
}
_ID_NAMESPACE = uuid.UUID("0b6c3f0e-5d1a-4f8e-9c39-7f2d1e6a4b21")
_FLOAT_OPTS = {
    "bloom_filter_fp_chance",
    "crc_check_chance",
    "dclocal_read_repair_chance",
    "read_repair_chance",
}
_INT_OPTS = {
    "default_time_to_live",
    "gc_grace_seconds",
    "max_index_interval",
    "memtable_flush_period_in_ms",
    "min_index_interval",
}


def change(change: str, target: str, ks: str, name: str | None = None) -> EngineResult:
    """A SCHEMA_CHANGE result."""
    return EngineResult("schema_change", schema_change=SchemaChange(change, target, ks, name))


def user_keyspace(name: str) -> None:
    """Refuse to change a system keyspace."""
    if name in SYSTEM_KEYSPACES:
        raise unauthorized_ks(name)


def unauthorized_ks(name: str) -> Exception:
    """The error for modifying a system keyspace."""
    from coodie.embedded.errors import unauthorized

    return unauthorized(f"{name} keyspace is not user-modifiable.")


def _rf(rep: dict[str, str]) -> int:
    return sum(int(v) for k, v in rep.items() if k != "class" and str(v).isdigit())


def _rf_warnings(name: str, rep: dict[str, str]) -> list[str]:
    rf = _rf(rep)
    if rf > 1:
        return [
            f"Your replication factor {rf} for keyspace {name} is higher than the number of nodes 1"
        ]
    return []


def _with_warnings(result: EngineResult, warnings: list[str]) -> EngineResult:
    import attrs

    return attrs.evolve(result, warnings=tuple(warnings)) if warnings else result


def _replication(opts: dict[str, Any], ks: str) -> dict[str, str]:
    rep = opts.get("replication")
    if not isinstance(rep, dict) or "class" not in rep:
        raise config_error("Missing mandatory option 'class'")
    cls = str(rep["class"])
    short = cls.rsplit(".", 1)[-1]
    out = {"class": f"org.apache.cassandra.locator.{short}"}
    if short == "SimpleStrategy":
        if "replication_factor" not in rep:
            raise config_error("SimpleStrategy requires a replication_factor strategy option.")
        for k in rep:
            if k not in ("class", "replication_factor"):
                raise config_error(
                    f"Unrecognized strategy option {{{k}}} passed to SimpleStrategy "
                    f"for keyspace {ks}"
                )
        out["replication_factor"] = str(rep["replication_factor"])
    elif short == "NetworkTopologyStrategy":
        for k, v in rep.items():
            if k == "class":
                continue
            if k == "replication_factor":
                out["datacenter1"] = str(v)
                continue
            if k != "datacenter1":
                raise config_error(
                    f"Unrecognized strategy option {{{k}}} passed to NetworkTopologyStrategy "
                    f"for keyspace {ks}"
                )
            out[k] = str(v)
    elif short == "LocalStrategy":
        pass
    else:
        raise config_error(f"Unable to find replication strategy class '{cls}'")
    return dict(sorted(out.items()))


def execute_ddl(eng: Engine, st: Any, session_ks: str | None) -> EngineResult:
    """Run one schema statement (caller holds the engine lock)."""
    run = _ddl_handlers().get(type(st))
    if run is None:
        raise invalid("Unsupported statement")
    return run(eng, st, session_ks)


DdlHandler = Callable[["Engine", Any, "str | None"], EngineResult]
"""Runs one kind of schema statement: ``handler(engine, statement, session keyspace)``."""


@functools.cache
def _ddl_handlers() -> dict[type, DdlHandler]:
    """Each schema statement's handler (the modules that need this one load on first use)."""
    from coodie.embedded.ddl_alter import alter_table, alter_type
    from coodie.embedded.ddl_drop import drop
    from coodie.embedded.ddl_objects import create_index, create_type
    from coodie.embedded.views import create_view

    return {
        CreateKeyspaceStmt: _create_keyspace,
        AlterKeyspaceStmt: _alter_keyspace,
        DropStmt: drop,
        CreateTableStmt: _create_table,
        AlterTableStmt: alter_table,
        TruncateStmt: _truncate,
        CreateTypeStmt: create_type,
        AlterTypeStmt: alter_type,
        CreateIndexStmt: create_index,
        CreateViewStmt: create_view,
    }


def _create_keyspace(eng: Engine, st: CreateKeyspaceStmt, session_ks: str | None) -> EngineResult:
    check_keyspace_name(st.name)
    user_keyspace(st.name)
    opts = dict(st.options)
    if st.name in eng.keyspaces:
        if st.if_not_exists:
            return EngineResult.void()
        raise already_exists(f'Cannot add existing keyspace "{st.name}"', st.name)
    rep = _replication(opts, st.name)
    dw = str(opts.get("durable_writes", "true")).lower() == "true"
    eng.keyspaces[st.name] = Keyspace(st.name, rep, dw)
    out = change("CREATED", "KEYSPACE", st.name)
    return _with_warnings(out, _rf_warnings(st.name, rep))


def _alter_keyspace(eng: Engine, st: AlterKeyspaceStmt, session_ks: str | None) -> EngineResult:
    user_keyspace(st.name)
    ks = eng.keyspace(st.name)
    opts = dict(st.options)
    warnings: list[str] = []
    if "replication" in opts:
        new = _replication(opts, st.name)
        if _rf(new) > _rf(ks.replication):
            warnings.append(
                "When increasing replication factor you need to run a full (-full) repair "
                "to distribute the data."
            )
        warnings += _rf_warnings(st.name, new)
        ks.replication = new
    if "durable_writes" in opts:
        ks.durable_writes = str(opts["durable_writes"]).lower() == "true"
    return _with_warnings(change("UPDATED", "KEYSPACE", st.name), warnings)


def _truncate(eng: Engine, st: TruncateStmt, session_ks: str | None) -> EngineResult:
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    table = eng.table(ksn, st.name)
    eng.data[(table.keyspace, table.name)].clear()
    for v in table.views:
        eng.data[(table.keyspace, v)].clear()
    return EngineResult.void()


def parse_options(opts: tuple[tuple[str, Any], ...], current: dict[str, Any]) -> dict[str, Any]:
    """Validate table options and merge them into ``current`` (a copy is returned)."""
    out = dict(current)
    for name, value in opts:
        if name not in _TABLE_OPTIONS:
            raise syntax_error(f"Unknown property '{name}'")
        if name in _FLOAT_OPTS:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise syntax_error(f"Invalid double value {value} for '{name}'") from None
        elif name in _INT_OPTS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise syntax_error(f"Invalid integer value {value} for '{name}'") from None
        elif name == "compaction":
            cls = str(value.get("class", ""))
            if "." not in cls:
                cls = f"org.apache.cassandra.db.compaction.{cls}"
            value = {
                "class": cls,
                "max_threshold": "32",
                "min_threshold": "4",
                **{k: str(v) for k, v in value.items() if k != "class"},
            }
            value = dict(sorted(value.items()))
        elif name == "compression":
            value = {k: str(v) for k, v in value.items()}
            if "class" in value and "." not in value["class"]:
                value["class"] = f"org.apache.cassandra.io.compress.{value['class']}"
            value.setdefault("chunk_length_in_kb", "16")
            value = dict(sorted(value.items()))
        elif name == "caching":
            value = {**current.get("caching", {}), **{k: str(v) for k, v in value.items()}}
        elif name == "cdc":
            value = str(value).lower() == "true"
        out[name] = value
    return out


def check_column_type(t: Any, name: str, primary: bool, ref: TypeRef) -> None:
    """Reject types Cassandra refuses in table definitions."""
    if isinstance(t, ListType | SetType | MapType):
        inner = [t.element] if isinstance(t, ListType | SetType) else [t.key, t.value]
        for e in inner:
            if isinstance(e, ListType | SetType | MapType) and not e.frozen:
                raise invalid(
                    f"Non-frozen collections are not allowed inside collections: {t.cql()}"
                )
        if primary and not t.frozen:
            raise invalid(
                f"Invalid non-frozen collection type {type_text(t)} for PRIMARY KEY column '{name}'"
            )
    if isinstance(t, UserDefinedType) and not t.frozen:
        if primary:
            raise invalid(
                f"Invalid non-frozen user-defined type \"{t.name}\" for PRIMARY KEY column '{name}'"
            )
        for _, ft in t.fields:
            if isinstance(ft, ListType | SetType | MapType) and not ft.frozen:
                raise invalid(
                    "Non-frozen UDTs with nested non-frozen collections are not supported"
                )
    if primary and isinstance(t, NativeType) and t.name == "duration":
        raise invalid(f"duration type is not supported for PRIMARY KEY column '{name}'")
    if primary and isinstance(t, NativeType) and t.name == "counter":
        raise invalid(f"counter type is not supported for PRIMARY KEY column '{name}'")


def _create_table(eng: Engine, st: CreateTableStmt, session_ks: str | None) -> EngineResult:
    ksn = eng.resolve_ks(st.keyspace, session_ks)
    if ksn in SYSTEM_KEYSPACES:
        raise unauthorized_ks(ksn)
    ks = eng.keyspace_for_ddl(ksn)
    if st.name in ks.tables:
        if st.if_not_exists:
            return EngineResult.void()
        raise already_exists(
            f'Cannot add already existing table "{st.name}" to keyspace "{ksn}"', ksn, st.name
        )
    _check_key_declaration(st, ksn)
    cols = _table_columns(st, ksn, ks)
    counters = _check_column_kinds(st, cols)
    options = parse_options(st.options, {})
    check_counter_ttl(counters, options)
    if not _NAME_CHARS.fullmatch(st.name):
        raise config_error(
            f"{ksn}.{st.name}: Table name must not be empty, more than 48 characters long, "
            f'or contain non-alphanumeric-underscore characters (got "{st.name}")'
        )
    table = Table(ksn, st.name, cols, options, _stable_id(eng, ksn, st.name))
    ks.tables[st.name] = table
    eng.data[(ksn, st.name)] = TableData()
    return change("CREATED", "TABLE", ksn, st.name)


def _check_key_declaration(st: CreateTableStmt, ksn: str) -> None:
    """One PRIMARY KEY, unique column names, a CLUSTERING ORDER that follows the clustering
    columns, and key columns that are defined."""
    if st.pk_count == 0:
        raise invalid(f"No PRIMARY KEY specifed for table '{ksn}.{st.name}' (exactly one required)")
    if st.pk_count > 1:
        raise invalid(
            f"Multiple PRIMARY KEYs specifed for table '{ksn}.{st.name}' (exactly one required)"
        )
    defs = {c.name: c for c in st.columns}
    if len(defs) != len(st.columns):
        raise invalid("Duplicate column names")
    names = [n for n, _ in st.clustering_order]
    for i, name in enumerate(names):
        expected = st.clustering[i] if i < len(st.clustering) else None
        if expected is None:
            raise invalid(
                "Only clustering key columns can be defined in CLUSTERING ORDER directive"
            )
        if name != expected:
            if expected not in names:
                raise invalid(f"Missing CLUSTERING ORDER for column {expected}")
            raise invalid(
                "The order of columns in the CLUSTERING ORDER directive must match that of the "
                f"clustering columns ({expected} must appear before {name})"
            )
    for n in st.partition_key:
        if n not in defs:
            raise invalid(f"Unknown definition {n} referenced in PRIMARY KEY")
    for n in st.clustering:
        if n not in defs:
            raise invalid(f"Unknown definition {n} referenced in PRIMARY KEY")


def _table_columns(st: CreateTableStmt, ksn: str, ks: Keyspace) -> list[Column]:
    """The table's columns, with resolved and checked types, kinds and positions."""
    cols: list[Column] = []
    order = dict(st.clustering_order)
    for c in st.columns:
        t = resolve_type(c.type, ksn, ks.types)
        if t.frozen or isinstance(t, TupleType):
            t = freeze_deep(t)
        primary = c.name in st.partition_key or c.name in st.clustering
        check_column_type(t, c.name, primary, c.type)
        if c.name in st.partition_key:
            kind, pos = "partition_key", st.partition_key.index(c.name)
        elif c.name in st.clustering:
            kind, pos = "clustering", st.clustering.index(c.name)
        else:
            kind, pos = ("static" if c.static else "regular"), -1
        if c.static and primary:
            raise invalid(f"Static column {c.name} cannot be part of the PRIMARY KEY")
        cols.append(Column(c.name, t, kind, pos, order.get(c.name, False)))
    return cols


def _check_column_kinds(st: CreateTableStmt, cols: list[Column]) -> bool:
    """Static columns need clustering, counters are all or nothing, no COMPACT STORAGE.

    True when the table is a counter table.
    """
    if any(c.kind == "static" for c in cols) and not st.clustering:
        raise invalid(
            "Static columns are only useful (and thus allowed) if the table has at least one "
            "clustering column"
        )
    counters = [c for c in cols if isinstance(c.type, NativeType) and c.type.name == "counter"]
    if counters and len(counters) != len([c for c in cols if not c.is_primary]):
        raise invalid("Cannot mix counter and non counter columns in the same table")
    if st.compact:
        raise invalid(
            "Compact tables are not allowed in Cassandra starting with 4.0 version. Use the "
            "'ALTER ... DROP COMPACT STORAGE' command supplied in 3.x/3.11 Cassandra in order "
            "to migrate off Compact Storage."
        )
    return bool(counters)


_NAME_CHARS = re.compile(r"\w+", re.ASCII)


def check_keyspace_name(name: str) -> None:
    """Cassandra's keyspace-name rule: 1 to 48 ASCII letters, digits or underscores.

    (The recorded 4.0 build enforced the 48-character limit on keyspaces only; table names
    are checked for their characters alone.)

    >>> check_keyspace_name("shop")
    >>> try:
    ...     check_keyspace_name("my-shop")
    ... except Exception as exc:
    ...     print(exc.code == 0x2200, "(got 'my-shop')" in str(exc))
    True True
    """
    if len(name) > 48 or not _NAME_CHARS.fullmatch(name):
        raise invalid(
            "Keyspace name must not be empty, more than 48 characters long, or contain "
            f"non-alphanumeric-underscore characters (got '{name}')"
        )


def check_counter_ttl(is_counter: bool, options: dict[str, Any]) -> None:
    """Cassandra refuses a default TTL on a counter table (CREATE and ALTER alike)."""
    if is_counter and int(options.get("default_time_to_live") or 0) > 0:
        raise invalid("Cannot set default_time_to_live on a table with counters")


def _stable_id(eng: Engine, keyspace: str, name: str) -> uuid.UUID:
    """A table id that is the same when a persistent engine replays its log."""
    return uuid.uuid5(_ID_NAMESPACE, f"{keyspace}.{name}.{eng.schema_version}")
