"""DDL statements: keyspaces, tables, indexes, user-defined types and views.

DDL cannot bind values, so option values are literals here; the compiler
validates option names and escapes every literal::

    >>> CreateKeyspace("shop", SimpleStrategy(3)).replication.replication_factor
    3

An :data:`OptionValue` is a ``str``, ``int``, ``float``, ``bool`` or a map written
as a tuple of ``(key, value)`` pairs (tuples keep the nodes hashable).
"""

from __future__ import annotations

from typing import TypeAlias

import attrs

from coodie.ast.base import Node
from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.ast.predicates import Predicate
from coodie.cql.types import CqlType

OptionValue: TypeAlias = "str | int | float | bool | tuple[tuple[str, OptionValue], ...]"
Options: TypeAlias = "tuple[tuple[str, OptionValue], ...]"


@attrs.frozen(slots=True)
class SimpleStrategy(Node):
    """``{'class': 'SimpleStrategy', 'replication_factor': N}``."""

    replication_factor: int


@attrs.frozen(slots=True)
class NetworkTopologyStrategy(Node):
    """``{'class': 'NetworkTopologyStrategy', 'dc1': N, ...}``."""

    datacenters: tuple[tuple[str, int], ...]


Replication = SimpleStrategy | NetworkTopologyStrategy


@attrs.frozen(slots=True)
class CreateKeyspace(Node):
    """``CREATE KEYSPACE [IF NOT EXISTS] ks WITH replication = ... [AND durable_writes = b]``."""

    name: str
    replication: Replication
    durable_writes: bool | None = None
    if_not_exists: bool = False


@attrs.frozen(slots=True)
class AlterKeyspace(Node):
    """``ALTER KEYSPACE ks WITH replication = ... [AND durable_writes = b]``."""

    name: str
    replication: Replication | None = None
    durable_writes: bool | None = None


@attrs.frozen(slots=True)
class DropKeyspace(Node):
    """``DROP KEYSPACE [IF EXISTS] ks``."""

    name: str
    if_exists: bool = False


@attrs.frozen(slots=True)
class ColumnDef(Node):
    """A column definition: ``name type [STATIC]``."""

    name: str
    cql_type: CqlType
    static: bool = False


@attrs.frozen(slots=True)
class CreateTable(Node):
    """``CREATE TABLE [IF NOT EXISTS] ks.t (..., PRIMARY KEY ((pk), ck)) WITH ...``.

    ``clustering`` pairs each clustering column with its order; ``options`` are
    table options such as ``default_time_to_live`` or ``compaction``.
    """

    keyspace: str | None
    name: str
    columns: tuple[ColumnDef, ...]
    partition_key: tuple[str, ...]
    clustering: tuple[tuple[str, ClusteringOrder], ...] = ()
    options: Options = ()
    if_not_exists: bool = False


@attrs.frozen(slots=True)
class AlterTableAdd(Node):
    """``ALTER TABLE ks.t ADD (c1 type, ...)``."""

    keyspace: str | None
    name: str
    columns: tuple[ColumnDef, ...]


@attrs.frozen(slots=True)
class AlterTableDrop(Node):
    """``ALTER TABLE ks.t DROP (c1, ...)``."""

    keyspace: str | None
    name: str
    columns: tuple[str, ...]


@attrs.frozen(slots=True)
class AlterTableWith(Node):
    """``ALTER TABLE ks.t WITH option = value AND ...``."""

    keyspace: str | None
    name: str
    options: Options


@attrs.frozen(slots=True)
class Truncate(Node):
    """``TRUNCATE ks.t``."""

    keyspace: str | None
    name: str


@attrs.frozen(slots=True)
class DropTable(Node):
    """``DROP TABLE [IF EXISTS] ks.t``."""

    keyspace: str | None
    name: str
    if_exists: bool = False


@attrs.frozen(slots=True)
class CreateIndex(Node):
    """``CREATE [CUSTOM] INDEX [IF NOT EXISTS] name ON ks.t (kind(col))``.

    With ``custom_class``: ``CREATE CUSTOM INDEX ... USING 'class' WITH OPTIONS = {...}``
    (SAI: ``'StorageAttachedIndex'``).
    """

    keyspace: str | None
    table: str
    name: str | None
    column: str
    kind: IndexKind = IndexKind.VALUES
    custom_class: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    if_not_exists: bool = False


@attrs.frozen(slots=True)
class DropIndex(Node):
    """``DROP INDEX [IF EXISTS] ks.name``."""

    keyspace: str | None
    name: str
    if_exists: bool = False


@attrs.frozen(slots=True)
class CreateType(Node):
    """``CREATE TYPE [IF NOT EXISTS] ks.name (field type, ...)``."""

    keyspace: str | None
    name: str
    fields: tuple[tuple[str, CqlType], ...]
    if_not_exists: bool = False


@attrs.frozen(slots=True)
class AlterTypeAdd(Node):
    """``ALTER TYPE ks.name ADD field type``."""

    keyspace: str | None
    name: str
    field: str
    cql_type: CqlType


@attrs.frozen(slots=True)
class DropType(Node):
    """``DROP TYPE [IF EXISTS] ks.name``."""

    keyspace: str | None
    name: str
    if_exists: bool = False


@attrs.frozen(slots=True)
class CreateMaterializedView(Node):
    """``CREATE MATERIALIZED VIEW ks.v AS SELECT ... FROM ks.base WHERE ... PRIMARY KEY ...``.

    ``columns`` empty selects ``*``; ``where`` usually holds ``IS NOT NULL``
    predicates for every primary key column of the view.
    """

    keyspace: str | None
    name: str
    base_keyspace: str | None
    base_table: str
    columns: tuple[str, ...]
    where: tuple[Predicate, ...]
    partition_key: tuple[str, ...]
    clustering: tuple[tuple[str, ClusteringOrder], ...] = ()
    options: Options = ()
    if_not_exists: bool = False


@attrs.frozen(slots=True)
class DropMaterializedView(Node):
    """``DROP MATERIALIZED VIEW [IF EXISTS] ks.v``."""

    keyspace: str | None
    name: str
    if_exists: bool = False


DdlStatement = (
    CreateKeyspace
    | AlterKeyspace
    | DropKeyspace
    | CreateTable
    | AlterTableAdd
    | AlterTableDrop
    | AlterTableWith
    | Truncate
    | DropTable
    | CreateIndex
    | DropIndex
    | CreateType
    | AlterTypeAdd
    | DropType
    | CreateMaterializedView
    | DropMaterializedView
)
"""Any DDL statement."""
