"""Hand-built model schemas and system_schema rows for the management unit tests."""

from __future__ import annotations

from typing import Any

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.cql.identifiers import quote_identifier
from coodie.cql.types import NATIVE, ListType, MapType, SetType, TupleType, UserDefinedType
from coodie.management.introspect import LiveTable, live_table
from coodie.model.schema import (
    ColumnKind,
    ColumnSchema,
    IndexSchema,
    TableSchema,
)

INT, TEXT, UUID, TS, FLOAT = (NATIVE[n] for n in ("int", "text", "uuid", "timestamp", "float"))

PHONE = UserDefinedType("phone", (("country", INT), ("number", TEXT)), "shop")
ADDRESS = UserDefinedType(
    "address", (("street", TEXT), ("phones", ListType(PHONE, frozen=True))), "shop"
)


def table(
    columns: list[ColumnSchema],
    *,
    name: str = "event",
    indexes: tuple[IndexSchema, ...] = (),
    options: tuple[tuple[str, Any], ...] = (),
    default_ttl: int | None = None,
) -> TableSchema:
    """A TableSchema from columns (key positions taken from the list order)."""
    return TableSchema(
        model_name=name.title(),
        keyspace="shop",
        name=name,
        columns={c.name: c for c in columns},
        partition_key=tuple(c.name for c in columns if c.kind is ColumnKind.PARTITION_KEY),
        clustering_key=tuple(c.name for c in columns if c.kind is ColumnKind.CLUSTERING),
        indexes=indexes,
        options=options,
        default_ttl=default_ttl,
    )


def pk(name: str, t: Any = UUID, position: int = 0) -> ColumnSchema:
    return ColumnSchema(name, t, ColumnKind.PARTITION_KEY, position)


def ck(name: str, t: Any = TS, position: int = 0, desc: bool = False) -> ColumnSchema:
    order = ClusteringOrder.DESC if desc else ClusteringOrder.ASC
    return ColumnSchema(name, t, ColumnKind.CLUSTERING, position, order)


def col(name: str, t: Any = TEXT, static: bool = False) -> ColumnSchema:
    return ColumnSchema(name, t, ColumnKind.STATIC if static else ColumnKind.REGULAR)


def event_schema(**kwargs: Any) -> TableSchema:
    """tenant (pk), at (clustering DESC), kind, tags set, attrs map, owner static."""
    return table(
        [
            pk("tenant", TEXT),
            ck("at", TS, desc=True),
            col("kind"),
            col("tags", SetType(TEXT)),
            col("attrs", MapType(TEXT, INT)),
            col("owner", TEXT, static=True),
        ],
        **kwargs,
    )


def column_rows(schema: TableSchema) -> list[dict[str, Any]]:
    """system_schema.columns rows as Cassandra 4.x writes them for ``schema``."""
    rows = []
    for c in schema.columns.values():
        keyed = c.kind in (ColumnKind.PARTITION_KEY, ColumnKind.CLUSTERING)
        order = c.order.value.lower() if c.kind is ColumnKind.CLUSTERING else "none"
        rows.append(
            {
                "keyspace_name": schema.keyspace,
                "table_name": schema.name,
                "column_name": c.name,
                "kind": c.kind.value,
                "position": c.position if keyed else -1,
                "type": _stored_type(c.cql_type),
                "clustering_order": order,
            }
        )
    return sorted(rows, key=lambda r: r["column_name"])


def _stored_type(t: Any) -> str:
    from coodie.management.compare import normalize_type

    return normalize_type(t).cql()


def index_rows(schema: TableSchema) -> list[dict[str, Any]]:
    """system_schema.indexes rows for the schema's declared indexes."""
    rows = []
    for i in schema.indexes:
        column = quote_identifier(i.column)
        target = column if i.kind is IndexKind.VALUES else f"{i.kind.value}({column})"
        options = {"target": target, **dict(i.options)}
        if i.custom_class:
            options["class_name"] = i.custom_class
        kind = "CUSTOM" if i.custom_class else "COMPOSITES"
        rows.append({"index_name": i.name, "kind": kind, "options": options})
    return rows


def table_row(schema: TableSchema, **options: Any) -> dict[str, Any]:
    """A system_schema.tables row with Cassandra 4.0 defaults, overridden by ``options``."""
    row: dict[str, Any] = {
        "keyspace_name": schema.keyspace,
        "table_name": schema.name,
        "bloom_filter_fp_chance": 0.01,
        "caching": {"keys": "ALL", "rows_per_partition": "NONE"},
        "comment": "",
        "compaction": {
            "class": "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
            "max_threshold": "32",
            "min_threshold": "4",
        },
        "default_time_to_live": 0,
        "gc_grace_seconds": 864000,
    }
    row.update(options)
    return row


def live_of(schema: TableSchema, **options: Any) -> LiveTable:
    """The LiveTable the cluster would report after creating ``schema`` as it is."""
    live = live_table(
        schema.keyspace or "",
        schema.name,
        table_rows=[table_row(schema, **options)],
        column_rows=column_rows(schema),
        index_rows=index_rows(schema),
    )
    assert live is not None
    return live


TUPLE_INT_TEXT = TupleType((INT, TEXT))
