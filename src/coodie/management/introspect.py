"""The live schema, read from ``system_schema`` (Cassandra 4.x layout), as immutable records.

The functions here are pure: they turn result rows (column names plus tuples in
coodie value form) into ``Live*`` records. The statements that fetch those rows
are built by :mod:`coodie.management.reads`.

Example::

    live = live_table(
        "shop", "product",
        table_rows=[{"keyspace_name": "shop", "table_name": "product", "comment": ""}],
        column_rows=[{"column_name": "id", "kind": "partition_key", "position": 0,
                      "type": "uuid", "clustering_order": "none"}],
        index_rows=[],
    )
    live.partition_key        # ('id',)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.cql.types import CqlType
from coodie.management.cqltype_parser import parse_cql_type
from coodie.model.schema import ColumnKind

Records = Sequence[Mapping[str, Any]]
"""The rows of one ``system_schema`` result, each a dict keyed by column name."""

_TARGET = re.compile(r"(?P<kind>keys|values|entries|full)\((?P<column>.+)\)\Z")


@attrs.frozen(slots=True)
class LiveColumn:
    """A column as ``system_schema.columns`` describes it."""

    name: str
    kind: ColumnKind
    position: int
    order: ClusteringOrder | None
    cql_type: CqlType
    type_text: str


@attrs.frozen(slots=True)
class LiveIndex:
    """A secondary index as ``system_schema.indexes`` describes it.

    ``custom_class`` is the ``class_name`` option of a custom index; ``options``
    are the remaining options (``target`` and ``class_name`` left out).
    """

    name: str
    column: str
    kind: IndexKind
    custom_class: str | None = None
    options: tuple[tuple[str, str], ...] = ()


@attrs.frozen(slots=True)
class LiveTable:
    """A table (or a view's table part) with its columns, indexes and options."""

    keyspace: str
    name: str
    columns: Mapping[str, LiveColumn] = attrs.field(eq=False)
    indexes: tuple[LiveIndex, ...] = ()
    options: Mapping[str, Any] = attrs.field(factory=dict, eq=False)

    @property
    def partition_key(self) -> tuple[str, ...]:
        """Partition key column names in key order."""
        return self._key(ColumnKind.PARTITION_KEY)

    @property
    def clustering_key(self) -> tuple[str, ...]:
        """Clustering column names in key order."""
        return self._key(ColumnKind.CLUSTERING)

    def _key(self, kind: ColumnKind) -> tuple[str, ...]:
        cols = [c for c in self.columns.values() if c.kind is kind]
        return tuple(c.name for c in sorted(cols, key=lambda c: c.position))


@attrs.frozen(slots=True)
class LiveType:
    """A user-defined type as ``system_schema.types`` describes it."""

    keyspace: str
    name: str
    fields: tuple[tuple[str, CqlType], ...]


@attrs.frozen(slots=True)
class LiveView:
    """A materialized view: its table part plus the base table and its filter."""

    table: LiveTable
    base_table: str
    where_clause: str
    include_all_columns: bool


@attrs.frozen(slots=True)
class LiveKeyspace:
    """A keyspace's replication (as stored: class fully qualified, values text)."""

    name: str
    replication: Mapping[str, str] = attrs.field(eq=False)
    durable_writes: bool = True


def live_column(record: Mapping[str, Any]) -> LiveColumn:
    """One ``system_schema.columns`` row as a :class:`LiveColumn`.

    >>> live_column({"column_name": "c", "kind": "clustering", "position": 0,
    ...              "type": "int", "clustering_order": "desc"}).order
    <ClusteringOrder.DESC: 'DESC'>
    """
    kind = ColumnKind(str(record["kind"]).lower())
    order_text = str(record.get("clustering_order") or "none").upper()
    order = ClusteringOrder(order_text) if order_text in ("ASC", "DESC") else None
    type_text = str(record["type"])
    return LiveColumn(
        name=str(record["column_name"]),
        kind=kind,
        position=max(int(record.get("position") or 0), 0),
        order=order if kind is ColumnKind.CLUSTERING else None,
        cql_type=parse_cql_type(type_text),
        type_text=type_text,
    )


def live_index(record: Mapping[str, Any]) -> LiveIndex:
    """One ``system_schema.indexes`` row as a :class:`LiveIndex`.

    >>> live_index({"index_name": "i", "kind": "COMPOSITES",
    ...             "options": {"target": "keys(m)"}}).kind
    <IndexKind.KEYS: 'keys'>
    """
    options = dict(record.get("options") or {})
    target = str(options.pop("target", ""))
    custom = options.pop("class_name", None)
    match = _TARGET.match(target)
    if match:
        kind, column = IndexKind(match["kind"]), match["column"]
    else:
        kind, column = IndexKind.VALUES, target
    return LiveIndex(
        name=str(record["index_name"]),
        column=unquote_identifier(column),
        kind=kind,
        custom_class=str(custom) if custom is not None else None,
        options=tuple(sorted((str(k), str(v)) for k, v in options.items())),
    )


def unquote_identifier(text: str) -> str:
    """``'"Mixed"'`` → ``'Mixed'``; bare names are returned as they are.

    >>> unquote_identifier('"A""b"')
    'A"b'
    """
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def live_table(
    keyspace: str, name: str, *, table_rows: Records, column_rows: Records, index_rows: Records
) -> LiveTable | None:
    """Assemble a :class:`LiveTable`; ``None`` when the table does not exist."""
    tables = table_rows
    columns = [live_column(r) for r in column_rows]
    if not tables and not columns:
        return None
    options = dict(tables[0]) if tables else {}
    options.pop("keyspace_name", None)
    options.pop("table_name", None)
    options.pop("view_name", None)
    return LiveTable(
        keyspace=keyspace,
        name=name,
        columns={c.name: c for c in columns},
        indexes=tuple(live_index(r) for r in index_rows),
        options=options,
    )


def live_types(keyspace: str, type_rows: Records) -> dict[str, LiveType]:
    """All ``system_schema.types`` rows of a keyspace, by type name."""
    result: dict[str, LiveType] = {}
    for record in type_rows:
        names = list(record.get("field_names") or ())
        types = [parse_cql_type(str(t)) for t in record.get("field_types") or ()]
        name = str(record["type_name"])
        result[name] = LiveType(keyspace, name, tuple(zip(names, types, strict=True)))
    return result


def live_view(
    keyspace: str, name: str, *, view_rows: Records, column_rows: Records
) -> LiveView | None:
    """Assemble a :class:`LiveView`; ``None`` when the view does not exist."""
    views = view_rows
    if not views:
        return None
    table = live_table(keyspace, name, table_rows=view_rows, column_rows=column_rows, index_rows=())
    assert table is not None  # a view row exists
    record = views[0]
    return LiveView(
        table=table,
        base_table=str(record.get("base_table_name") or ""),
        where_clause=str(record.get("where_clause") or ""),
        include_all_columns=bool(record.get("include_all_columns")),
    )


def live_keyspace(keyspace_rows: Records) -> LiveKeyspace | None:
    """The one ``system_schema.keyspaces`` row as a :class:`LiveKeyspace`, or ``None``."""
    found = keyspace_rows
    if not found:
        return None
    record = found[0]
    replication = {str(k): str(v) for k, v in dict(record.get("replication") or {}).items()}
    durable = record.get("durable_writes")
    return LiveKeyspace(str(record["keyspace_name"]), replication, durable is not False)
