"""The schema of a model class, computed once when the class is defined.

``Product.__schema__`` is a :class:`TableSchema`; a ``UserType`` has a
:class:`TypeSchema`. Everything here is immutable and knows nothing about I/O.

Example::

    schema = Product.__schema__
    schema.partition_key      # ('id',)
    schema.columns["price"].cql_type.cql()   # 'float'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.cql.types import CqlType


def _by_attribute(schema: TableSchema) -> Mapping[str, ColumnSchema]:
    if not any(c.attribute != name for name, c in schema.columns.items()):
        return schema.columns
    return {c.attribute: c for c in schema.columns.values()}


def _renamed(schema: TableSchema) -> bool:
    return schema.by_attribute is not schema.columns


def _key_attributes(schema: TableSchema) -> tuple[str, ...]:
    key = schema.partition_key + schema.clustering_key
    return tuple(map(schema.attribute_name, key)) if schema.renamed else key


class ColumnKind(enum.Enum):
    """Where a column sits in a table."""

    PARTITION_KEY = "partition_key"
    CLUSTERING = "clustering"
    STATIC = "static"
    REGULAR = "regular"


@attrs.frozen(slots=True)
class IndexSchema:
    """A secondary index on one column.

    ``custom_class`` names a custom index class (``'StorageAttachedIndex'`` for SAI,
    ``'org.apache.cassandra.index.sasi.SASIIndex'`` ...); ``options`` are its
    ``WITH OPTIONS``.
    """

    name: str
    column: str
    kind: IndexKind = IndexKind.VALUES
    custom_class: str | None = None
    options: tuple[tuple[str, str], ...] = ()


@attrs.frozen(slots=True)
class ColumnSchema:
    """One column: its name, CQL type and role.

    ``position`` is the index within the partition key or the clustering key
    (0 for other columns). ``python_type`` is the annotation it came from.
    ``attribute`` is the model attribute holding it: the column's own name unless the
    field says ``ColumnName(...)`` (cqlengine's ``db_field``); it plays no part in
    comparing schemas (the table is the same whatever the Python side calls it).
    """

    name: str
    cql_type: CqlType
    kind: ColumnKind = ColumnKind.REGULAR
    position: int = 0
    order: ClusteringOrder = ClusteringOrder.ASC
    python_type: Any = attrs.field(default=None, eq=False, hash=False)
    is_discriminator: bool = False
    attribute: str = attrs.field(
        default=attrs.Factory(lambda self: self.name, takes_self=True), eq=False
    )

    @property
    def is_primary_key(self) -> bool:
        """True for partition and clustering key columns."""
        return self.kind in (ColumnKind.PARTITION_KEY, ColumnKind.CLUSTERING)

    @property
    def is_counter(self) -> bool:
        """True for ``counter`` columns."""
        return self.cql_type.cql() == "counter"


@attrs.frozen(slots=True)
class TableSchema:
    """A table (or materialized view) as coodie will create and query it.

    ``columns`` keeps declaration order: partition key columns, then clustering
    columns, then the rest as declared.
    """

    model_name: str
    keyspace: str | None
    name: str
    columns: Mapping[str, ColumnSchema] = attrs.field(eq=False)
    partition_key: tuple[str, ...]
    clustering_key: tuple[str, ...]
    indexes: tuple[IndexSchema, ...] = ()
    options: tuple[tuple[str, Any], ...] = attrs.field(default=(), eq=False)
    default_ttl: int | None = None
    is_counter: bool = False
    user_types: tuple[TypeSchema, ...] = ()
    """UDTs this table uses, dependencies first (topological order)."""
    by_attribute: Mapping[str, ColumnSchema] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_by_attribute, takes_self=True)
    )
    """The columns by model attribute name (see :attr:`ColumnSchema.attribute`)."""
    renamed: bool = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_renamed, takes_self=True)
    )
    """True when some attribute's column has another name (``ColumnName``)."""
    key_attributes: tuple[str, ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_key_attributes, takes_self=True)
    )
    """The attributes of the :attr:`primary_key` columns, in key order."""

    @property
    def primary_key(self) -> tuple[str, ...]:
        """Partition key columns followed by clustering columns."""
        return self.partition_key + self.clustering_key

    @property
    def static_columns(self) -> tuple[str, ...]:
        """Names of the static columns."""
        return tuple(c.name for c in self.columns.values() if c.kind is ColumnKind.STATIC)

    @property
    def regular_columns(self) -> tuple[str, ...]:
        """Names of the columns outside the primary key (static ones included)."""
        return tuple(c.name for c in self.columns.values() if not c.is_primary_key)

    def column(self, name: str) -> ColumnSchema | None:
        """The column called ``name``, or ``None``."""
        return self.columns.get(name)

    def column_name(self, attribute: str) -> str:
        """The column of model attribute ``attribute`` (itself when not renamed).

        Example: with ``name: Annotated[str, ColumnName("legacy_name")]``,
        ``schema.column_name("name")`` → ``'legacy_name'``.
        """
        column = self.by_attribute.get(attribute)
        return attribute if column is None else column.name

    def renamed_hint(self, name: str) -> str:
        """For an error about unknown attribute ``name``: which attribute holds a column
        called so (``ColumnName``), else ``""``.

        Example: ``schema.renamed_hint("legacy_name")`` →
        ``"column 'legacy_name' is attribute 'name'"``.
        """
        found = self.columns.get(name)
        if found is None or found.attribute == name:
            return ""
        return f"column {name!r} is attribute {found.attribute!r}"

    def attribute_name(self, column: str) -> str:
        """The model attribute holding ``column`` (itself when not renamed).

        Example: ``schema.attribute_name("legacy_name")`` → ``'name'``.
        """
        found = self.columns.get(column)
        return column if found is None else found.attribute


@attrs.frozen(slots=True)
class TypeSchema:
    """A user-defined type: its name, keyspace and fields in order."""

    model_name: str
    keyspace: str | None
    name: str
    fields: tuple[tuple[str, CqlType], ...]
    dependencies: tuple[str, ...] = ()
    """Names of the UDTs its fields use (directly)."""


@attrs.frozen(slots=True)
class ViewSchema:
    """A materialized view: its own table shape plus the base table and filter."""

    table: TableSchema
    base_keyspace: str | None
    base_table: str
    where_not_null: tuple[str, ...]
