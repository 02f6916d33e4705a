"""The ``system`` and ``system_schema`` keyspaces, generated from the catalog.

Their tables have Cassandra 4.x's layout so that schema introspection code works
the same against the engine and a real node.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE, CqlType, ListType, MapType, SetType
from coodie.embedded.catalog import Column, Keyspace, Table, type_text
from coodie.embedded.keys import clustering_key_fn, partition_bytes
from coodie.embedded.murmur3 import murmur3_token
from coodie.embedded.storage import Cell, TableData
from coodie.embedded.virtual_schema import KEYSPACE as VIRTUAL_SCHEMA
from coodie.embedded.virtual_schema import KEYSPACES as VIRTUAL_KEYSPACES
from coodie.embedded.virtual_schema import ROWS as VIRTUAL_SCHEMA_ROWS
from coodie.embedded.virtual_schema import VIEWS as SYSTEM_VIEWS
from coodie.embedded.virtual_schema import system_views_tables, virtual_schema_tables

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

_T = NATIVE
_TEXT = _T["text"]
_MAP_TT = MapType(_TEXT, _TEXT)
_OPTION_COLUMNS: list[tuple[str, CqlType]] = [
    ("additional_write_policy", _TEXT),
    ("bloom_filter_fp_chance", _T["double"]),
    ("caching", _MAP_TT),
    ("cdc", _T["boolean"]),
    ("comment", _TEXT),
    ("compaction", _MAP_TT),
    ("compression", _MAP_TT),
    ("crc_check_chance", _T["double"]),
    ("dclocal_read_repair_chance", _T["double"]),
    ("default_time_to_live", _T["int"]),
    ("extensions", MapType(_TEXT, _T["blob"])),
    ("gc_grace_seconds", _T["int"]),
    ("id", _T["uuid"]),
    ("max_index_interval", _T["int"]),
    ("memtable_flush_period_in_ms", _T["int"]),
    ("min_index_interval", _T["int"]),
    ("read_repair", _TEXT),
    ("read_repair_chance", _T["double"]),
    ("speculative_retry", _TEXT),
]

HOST_ID = uuid.UUID("6d3a1c2e-6a0c-4c36-9d6b-2f3a1c9e8b10")
SCHEMA_NS = uuid.UUID("8c1e4a7e-0b1f-4c1d-9a55-0a7c9b1e2f30")


def _table(
    ks: str,
    name: str,
    pk: Sequence[tuple[str, CqlType]],
    ck: Sequence[tuple[str, CqlType]],
    regular: Sequence[tuple[str, CqlType]],
) -> Table:
    cols = [Column(n, t, "partition_key", i) for i, (n, t) in enumerate(pk)]
    cols += [Column(n, t, "clustering", i) for i, (n, t) in enumerate(ck)]
    cols += [Column(n, t, "regular") for n, t in regular]
    t = Table(ks, name, cols)
    t.virtual = True
    return t


def _definitions() -> dict[str, list[Table]]:
    return {
        "system_schema": _system_schema_tables(),
        "system": _system_tables(),
        VIRTUAL_SCHEMA: virtual_schema_tables(),
        SYSTEM_VIEWS: system_views_tables(),
    }


_Columns = list[tuple[str, CqlType]]

_SYSTEM_SCHEMA: dict[str, tuple[_Columns, _Columns]] = {
    # table: (clustering columns, regular columns); every table's partition key is the keyspace
    "keyspaces": ([], [("durable_writes", _T["boolean"]), ("replication", _MAP_TT)]),
    "tables": ([("table_name", _TEXT)], [*_OPTION_COLUMNS, ("flags", SetType(_TEXT))]),
    "columns": (
        [("table_name", _TEXT), ("column_name", _TEXT)],
        [
            ("clustering_order", _TEXT),
            ("column_name_bytes", _T["blob"]),
            ("kind", _TEXT),
            ("position", _T["int"]),
            ("type", _TEXT),
        ],
    ),
    "dropped_columns": (
        [("table_name", _TEXT), ("column_name", _TEXT)],
        [("dropped_time", _T["timestamp"]), ("kind", _TEXT), ("type", _TEXT)],
    ),
    "types": (
        [("type_name", _TEXT)],
        [("field_names", ListType(_TEXT)), ("field_types", ListType(_TEXT))],
    ),
    "indexes": (
        [("table_name", _TEXT), ("index_name", _TEXT)],
        [("kind", _TEXT), ("options", _MAP_TT)],
    ),
    "views": (
        [("view_name", _TEXT)],
        [
            *_OPTION_COLUMNS,
            ("base_table_id", _T["uuid"]),
            ("base_table_name", _TEXT),
            ("include_all_columns", _T["boolean"]),
            ("where_clause", _TEXT),
        ],
    ),
    "triggers": ([("table_name", _TEXT), ("trigger_name", _TEXT)], [("options", _MAP_TT)]),
    "functions": (
        [("function_name", _TEXT), ("argument_types", ListType(_TEXT))],
        [
            ("argument_names", ListType(_TEXT)),
            ("body", _TEXT),
            ("called_on_null_input", _T["boolean"]),
            ("language", _TEXT),
            ("return_type", _TEXT),
        ],
    ),
    "aggregates": (
        [("aggregate_name", _TEXT), ("argument_types", ListType(_TEXT))],
        [
            ("final_func", _TEXT),
            ("initcond", _TEXT),
            ("return_type", _TEXT),
            ("state_func", _TEXT),
            ("state_type", _TEXT),
        ],
    ),
}
"""The ``system_schema`` tables, with Cassandra 4.x's columns."""


def _system_schema_tables() -> list[Table]:
    """system_schema: keyspaces, tables, columns, types, indexes, views, functions, ..."""
    ks_pk = [("keyspace_name", _TEXT)]
    return [
        _table("system_schema", name, ks_pk, clustering, regular)
        for name, (clustering, regular) in _SYSTEM_SCHEMA.items()
    ]


def _system_tables() -> list[Table]:
    """system: local, peers and peers_v2 (what drivers read to discover the cluster)."""
    node: list[tuple[str, CqlType]] = [
        ("bootstrapped", _TEXT),
        ("broadcast_address", _T["inet"]),
        ("broadcast_port", _T["int"]),
        ("cluster_name", _TEXT),
        ("cql_version", _TEXT),
        ("data_center", _TEXT),
        ("gossip_generation", _T["int"]),
        ("host_id", _T["uuid"]),
        ("listen_address", _T["inet"]),
        ("listen_port", _T["int"]),
        ("native_protocol_version", _TEXT),
        ("partitioner", _TEXT),
        ("rack", _TEXT),
        ("release_version", _TEXT),
        ("rpc_address", _T["inet"]),
        ("rpc_port", _T["int"]),
        ("schema_version", _T["uuid"]),
        ("tokens", SetType(_TEXT)),
    ]
    peer_cols: list[tuple[str, CqlType]] = [
        ("data_center", _TEXT),
        ("host_id", _T["uuid"]),
        ("preferred_ip", _T["inet"]),
        ("rack", _TEXT),
        ("release_version", _TEXT),
        ("rpc_address", _T["inet"]),
        ("schema_version", _T["uuid"]),
        ("tokens", SetType(_TEXT)),
    ]
    return [
        _table("system", "local", [("key", _TEXT)], [], node),
        _table("system", "peers", [("peer", _T["inet"])], [], peer_cols),
        _table(
            "system",
            "peers_v2",
            [("peer", _T["inet"]), ("peer_port", _T["int"])],
            [],
            [*peer_cols, ("native_address", _T["inet"]), ("native_port", _T["int"])],
        ),
    ]


def install_system_keyspaces(eng: Engine) -> None:
    """Create the system keyspaces in a fresh engine (or replace them after a snapshot load)."""
    local = {"class": "org.apache.cassandra.locator.LocalStrategy"}
    for name, tables in _definitions().items():
        ks = Keyspace(name, dict(local), True)
        for t in tables:
            ks.tables[t.name] = t
        eng.keyspaces[name] = ks
    for name in ("system_auth", "system_distributed", "system_traces"):
        eng.keyspaces[name] = Keyspace(
            name,
            {"class": "org.apache.cassandra.locator.SimpleStrategy", "replication_factor": "1"},
        )
    eng._virtual_cache = {}


def virtual_data(eng: Engine, table: Table) -> TableData:
    """The rows of a system table for the current schema (cached per schema version)."""
    cache = eng._virtual_cache
    key = f"{table.keyspace}.{table.name}"
    hit = cache.get(key)
    if hit is not None and hit[0] == eng.schema_version:
        return hit[1]
    data = TableData()
    produce = _ROWS.get(key)
    rows = produce(eng) if produce is not None else []
    pk_types = [c.type for c in table.partition_key]
    ckf = clustering_key_fn([c.type for c in table.clustering], [False] * len(table.clustering))
    for vals in rows:
        pk = tuple(vals[c.name] for c in table.partition_key)
        pb = partition_bytes(pk_types, pk)
        p = data.get_or_create(pk, pb, murmur3_token(pb))
        ck = tuple(vals[c.name] for c in table.clustering)
        row = p.row(ckf(ck), ck)
        row.marker = Cell(0, True)
        for c in table.regulars:
            v = vals.get(c.name)
            if v is not None:
                row.set_cell(c.name, Cell(0, _internal(c.type, v)))
    cache[key] = (eng.schema_version, data)
    return data


def _internal(t: CqlType, v: Any) -> Any:
    if isinstance(t, MapType):
        return tuple(sorted(v.items()))
    if isinstance(t, SetType):
        return tuple(sorted(v))
    if isinstance(t, ListType):
        return tuple(v)
    return v


def _user_keyspaces(eng: Engine) -> list[Keyspace]:
    return [k for k in eng.keyspaces.values() if k.name not in VIRTUAL_KEYSPACES]


def _keyspaces(eng: Engine) -> list[dict[str, Any]]:
    return [
        {"keyspace_name": k.name, "durable_writes": k.durable_writes, "replication": k.replication}
        for k in _user_keyspaces(eng)
    ]


def _options(t: Table) -> dict[str, Any]:
    out = {n: t.options.get(n) for n, _ in _OPTION_COLUMNS}
    out["id"] = t.id
    out["extensions"] = t.options.get("extensions") or {}
    return out


def _tables(eng: Engine) -> list[dict[str, Any]]:
    out = []
    for k in _user_keyspaces(eng):
        for t in k.tables.values():
            if t.view_of is not None:
                continue
            flags = ["compound"]
            if t.is_counter:
                flags.append("counter")
            out.append(
                {"keyspace_name": k.name, "table_name": t.name, **_options(t), "flags": flags}
            )
    return out


def _columns(eng: Engine) -> list[dict[str, Any]]:
    out = []
    for k in _user_keyspaces(eng):
        for t in k.tables.values():
            for c in t.columns.values():
                order = "none"
                if c.kind == "clustering":
                    order = "desc" if c.desc else "asc"
                out.append(
                    {
                        "keyspace_name": k.name,
                        "table_name": t.name,
                        "column_name": c.name,
                        "clustering_order": order,
                        "column_name_bytes": c.name.encode(),
                        "kind": c.kind,
                        "position": c.position,
                        "type": type_text(c.type),
                    }
                )
    return out


def _dropped(eng: Engine) -> list[dict[str, Any]]:
    out = []
    for k in _user_keyspaces(eng):
        for t in k.tables.values():
            for name, (ty, when, kind) in t.dropped.items():
                out.append(
                    {
                        "keyspace_name": k.name,
                        "table_name": t.name,
                        "column_name": name,
                        "dropped_time": when // 1000,
                        "kind": kind,
                        "type": type_text(ty),
                    }
                )
    return out


def _types(eng: Engine) -> list[dict[str, Any]]:
    return [
        {
            "keyspace_name": k.name,
            "type_name": u.name,
            "field_names": [n for n, _ in u.fields],
            "field_types": [type_text(ft) for _, ft in u.fields],
        }
        for k in _user_keyspaces(eng)
        for u in k.types.values()
    ]


def _indexes(eng: Engine) -> list[dict[str, Any]]:
    out = []
    for k in _user_keyspaces(eng):
        for t in k.tables.values():
            for idx in t.indexes.values():
                opts = {"target": idx.target}
                kind = "COMPOSITES"
                if idx.custom:
                    kind = "CUSTOM"
                    opts.update(idx.options, class_name=idx.custom)
                out.append(
                    {
                        "keyspace_name": k.name,
                        "table_name": t.name,
                        "index_name": idx.name,
                        "kind": kind,
                        "options": opts,
                    }
                )
    return out


def _views(eng: Engine) -> list[dict[str, Any]]:
    out = []
    for k in _user_keyspaces(eng):
        for t in k.tables.values():
            if t.view_of is None:
                continue
            base = k.tables.get(t.view_of[1])
            out.append(
                {
                    "keyspace_name": k.name,
                    "view_name": t.name,
                    **_options(t),
                    "base_table_id": base.id if base else None,
                    "base_table_name": t.view_of[1],
                    "include_all_columns": t.view_include_all,
                    "where_clause": t.options.get("_where", ""),
                }
            )
    return out


def _local(eng: Engine) -> list[dict[str, Any]]:
    from ipaddress import ip_address

    addr = ip_address("127.0.0.1")
    return [
        {
            "key": "local",
            "bootstrapped": "COMPLETED",
            "broadcast_address": addr,
            "broadcast_port": 7000,
            "cluster_name": "coodie embedded",
            "cql_version": eng.settings.cql_version,
            "data_center": "datacenter1",
            "gossip_generation": 1,
            "host_id": HOST_ID,
            "listen_address": addr,
            "listen_port": 7000,
            "native_protocol_version": "4",
            "partitioner": "org.apache.cassandra.dht.Murmur3Partitioner",
            "rack": "rack1",
            "release_version": eng.settings.release_version,
            "rpc_address": addr,
            "rpc_port": 9042,
            "schema_version": uuid.uuid5(SCHEMA_NS, str(eng.schema_version)),
            "tokens": [str(-(1 << 63) + i * ((1 << 64) // 16)) for i in range(16)],
        }
    ]


_ROWS: dict[str, Callable[[Engine], list[dict[str, Any]]]] = {
    "system_schema.keyspaces": _keyspaces,
    "system_schema.tables": _tables,
    "system_schema.columns": _columns,
    "system_schema.dropped_columns": _dropped,
    "system_schema.types": _types,
    "system_schema.indexes": _indexes,
    "system_schema.views": _views,
    "system.local": _local,
    **VIRTUAL_SCHEMA_ROWS,
}
