"""Schema objects held by the engine: keyspaces, tables, user types, indexes, views.

>>> t = Table("ks", "t", [Column("k", NATIVE["int"], "partition_key", 0)])
>>> t.partition_key[0].name
'k'
"""

from __future__ import annotations

import uuid
from typing import Any

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import TypeRef

DEFAULT_TABLE_OPTIONS: dict[str, Any] = {
    "additional_write_policy": "99p",
    "bloom_filter_fp_chance": 0.01,
    "caching": {"keys": "ALL", "rows_per_partition": "NONE"},
    "cdc": None,
    "comment": "",
    "compaction": {
        "class": "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
        "max_threshold": "32",
        "min_threshold": "4",
    },
    "compression": {
        "chunk_length_in_kb": "16",
        "class": "org.apache.cassandra.io.compress.LZ4Compressor",
    },
    "crc_check_chance": 1.0,
    "dclocal_read_repair_chance": 0.0,
    "default_time_to_live": 0,
    "extensions": {},
    "gc_grace_seconds": 864000,
    "max_index_interval": 2048,
    "memtable_flush_period_in_ms": 0,
    "min_index_interval": 128,
    "read_repair": "BLOCKING",
    "read_repair_chance": 0.0,
    "speculative_retry": "99p",
}


class Column:
    """A column of a table: ``kind`` is partition_key/clustering/static/regular."""

    __slots__ = ("desc", "kind", "name", "position", "type")

    def __init__(
        self, name: str, type_: CqlType, kind: str, position: int = -1, desc: bool = False
    ):
        self.name = name
        self.type = type_
        self.kind = kind
        self.position = position
        self.desc = desc

    @property
    def is_primary(self) -> bool:
        """Whether the column is part of the primary key."""
        return self.kind in ("partition_key", "clustering")


class Index:
    """A secondary index: target kind (values/keys/entries/full) on a column; a custom index
    has its class name in ``custom`` and its ``WITH OPTIONS`` in ``options``."""

    # class-level default: catalogs pickled before custom options were kept load unchanged
    options: tuple[tuple[str, str], ...] = ()

    def __init__(
        self,
        name: str,
        column: str,
        kind: str,
        custom: str | None = None,
        options: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.name = name
        self.column = column
        self.kind = kind
        self.custom = custom
        self.options = options

    @property
    def target(self) -> str:
        """The index target as ``system_schema.indexes`` shows it, e.g. ``keys(m)``."""
        from coodie.cql.identifiers import quote_identifier

        col = quote_identifier(self.column)
        return col if self.kind == "simple" else f"{self.kind}({col})"


class Table:
    """A table (or a materialized view, when ``view_of`` is set)."""

    def __init__(
        self,
        keyspace: str,
        name: str,
        columns: list[Column],
        options: dict[str, Any] | None = None,
        table_id: uuid.UUID | None = None,
    ) -> None:
        self.keyspace = keyspace
        self.name = name
        self.options = dict(DEFAULT_TABLE_OPTIONS)
        self.options.update(options or {})
        self.id = table_id or uuid.uuid4()
        self.indexes: dict[str, Index] = {}
        self.dropped: dict[str, tuple[CqlType, int, str]] = {}
        self.view_of: tuple[str, str] | None = None
        self.view_where: tuple[Any, ...] = ()
        self.view_include_all = True
        self.views: list[str] = []
        self.virtual = False
        self.set_columns(columns)

    def set_columns(self, columns: list[Column]) -> None:
        """Replace the column set and recompute the key/static/regular groupings."""
        self.columns = {c.name: c for c in columns}
        self.partition_key = sorted(
            (c for c in columns if c.kind == "partition_key"), key=lambda c: c.position
        )
        self.clustering = sorted(
            (c for c in columns if c.kind == "clustering"), key=lambda c: c.position
        )
        self.statics = sorted((c for c in columns if c.kind == "static"), key=lambda c: c.name)
        self.regulars = sorted((c for c in columns if c.kind == "regular"), key=lambda c: c.name)
        self.star = self.partition_key + self.clustering + self.statics + self.regulars
        self.is_counter = any(
            isinstance(c.type, NativeType) and c.type.name == "counter" for c in columns
        )

    @property
    def qualified(self) -> str:
        """``keyspace.table``."""
        return f"{self.keyspace}.{self.name}"

    def column(self, name: str) -> Column:
        """The column named ``name``; raises Cassandra's error for an unknown column."""
        col = self.columns.get(name)
        if col is None:
            raise invalid(f"Undefined column name {_q(name)} in table {self.qualified}")
        return col


def _q(name: str) -> str:
    from coodie.cql.identifiers import quote_identifier

    try:
        return quote_identifier(name) if name != name.lower() else name
    except Exception:
        return name


class Keyspace:
    """A keyspace with its replication, tables, views and user types."""

    def __init__(self, name: str, replication: dict[str, str], durable_writes: bool = True):
        self.name = name
        self.replication = replication
        self.durable_writes = durable_writes
        self.tables: dict[str, Table] = {}
        self.types: dict[str, UserDefinedType] = {}


_ALIASES = {"varchar": "text"}


def resolve_type(ref: TypeRef, keyspace: str, types: dict[str, UserDefinedType]) -> CqlType:
    """Turn a parsed type reference into a :class:`CqlType` (UDTs looked up in ``types``)."""
    name = ref.name
    if not ref.args:
        base = _ALIASES.get(name, name)
        if base in NATIVE:
            return NATIVE[base]
        udt = types.get(name)
        if udt is None:
            raise invalid(f"Unknown type {keyspace}.{name}")
        return UserDefinedType(udt.name, udt.fields, udt.keyspace, ref.frozen)
    args = [resolve_type(a, keyspace, types) if isinstance(a, TypeRef) else a for a in ref.args]
    t: CqlType
    if name == "list":
        t = ListType(args[0], ref.frozen)
    elif name == "set":
        t = SetType(args[0], ref.frozen)
    elif name == "map":
        t = MapType(args[0], args[1], ref.frozen)
    elif name == "tuple":
        t = TupleType(tuple(args), True)
    elif name == "vector":
        t = VectorType(args[0], int(str(args[1])))
    else:
        raise invalid(f"Unknown type {keyspace}.{name}")
    return t


def type_text(t: CqlType) -> str:
    """Render a type the way ``system_schema`` shows it (UDT names unquoted, tuples frozen)."""
    if isinstance(t, NativeType):
        return t.name
    if isinstance(t, UserDefinedType):
        return f"frozen<{t.name}>" if t.frozen else t.name
    if isinstance(t, TupleType):
        return "frozen<tuple<" + ", ".join(type_text(e) for e in t.elements) + ">>"
    if isinstance(t, VectorType):
        return f"vector<{type_text(t.element)}, {t.dimensions}>"
    if isinstance(t, ListType):
        inner = f"list<{type_text(t.element)}>"
    elif isinstance(t, SetType):
        inner = f"set<{type_text(t.element)}>"
    else:
        inner = f"map<{type_text(t.key)}, {type_text(t.value)}>"
    return f"frozen<{inner}>" if t.frozen else inner


def freeze_deep(t: CqlType) -> CqlType:
    """Freeze ``t`` and all its nested collection/UDT types (frozen<> is deep)."""
    if isinstance(t, ListType):
        return ListType(freeze_deep(t.element), True)
    if isinstance(t, SetType):
        return SetType(freeze_deep(t.element), True)
    if isinstance(t, MapType):
        return MapType(freeze_deep(t.key), freeze_deep(t.value), True)
    if isinstance(t, TupleType):
        return TupleType(tuple(freeze_deep(e) for e in t.elements), True)
    if isinstance(t, UserDefinedType):
        return UserDefinedType(t.name, t.fields, t.keyspace, True)
    return t
