"""The visit methods for DDL statements, with safely escaped literal option values.

:class:`DdlVisits` is one family of :class:`~coodie.compiler.render.CqlRenderer`, the one
renderer of every CQL statement.

DDL cannot bind parameters, so option values are written as literals: strings
are single-quoted with quotes doubled, numbers must be finite, option names must
be plain lowercase words::

    >>> literal("it's")
    "'it''s'"
    >>> literal((("class", "SizeTieredCompactionStrategy"), ("min_threshold", 4)))
    "{'class': 'SizeTieredCompactionStrategy', 'min_threshold': 4}"
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

import math
import re

from coodie.ast.ddl import (
    AlterKeyspace,
    AlterTableAdd,
    AlterTableDrop,
    AlterTableWith,
    AlterTypeAdd,
    ColumnDef,
    CreateIndex,
    CreateKeyspace,
    CreateMaterializedView,
    CreateTable,
    CreateType,
    DropIndex,
    DropKeyspace,
    DropMaterializedView,
    DropTable,
    DropType,
    NetworkTopologyStrategy,
    Options,
    OptionValue,
    Replication,
    SimpleStrategy,
    Truncate,
)
from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.ast.predicates import IsNotNull
from coodie.compiler.visitor import Visitor
from coodie.cql.identifiers import qualified_name
from coodie.exceptions import QueryError

_OPTION_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def literal(value: OptionValue) -> str:
    """A CQL literal for an option value (str, bool, int, float or a map as pairs)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if "\x00" in value:
            raise QueryError(f"invalid option value {value!r}: contains a NUL character")
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"invalid option value {value!r}: not a finite number")
        return repr(value)
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value) + "}"
    raise QueryError(f"invalid option value {value!r} of type {type(value).__name__}")


def option_name(name: str) -> str:
    """``name`` checked to be a plain lowercase option name."""
    if not isinstance(name, str) or not _OPTION_NAME.match(name):
        raise QueryError(f"invalid table option name {name!r}")
    return name


class DdlVisits(Visitor):
    """``visit_<Node>`` for keyspaces, tables, indexes, user types and materialized views."""

    def options(self, options: Options, extra: tuple[str, ...] = ()) -> str:
        """`` WITH a = 1 AND ...`` (``extra`` clauses first) or ``''``."""
        parts = [*extra, *(f"{option_name(k)} = {literal(v)}" for k, v in options)]
        return " WITH " + " AND ".join(parts) if parts else ""

    @staticmethod
    def _exists(flag: bool, text: str) -> str:
        return f" {text}" if flag else ""

    # -- keyspaces -----------------------------------------------------------

    def visit_SimpleStrategy(self, node: SimpleStrategy) -> str:
        """The replication map of ``SimpleStrategy``."""
        if node.replication_factor < 1:
            raise QueryError("replication_factor must be at least 1")
        return literal(
            (("class", "SimpleStrategy"), ("replication_factor", node.replication_factor))
        )

    def visit_NetworkTopologyStrategy(self, node: NetworkTopologyStrategy) -> str:
        """The replication map of ``NetworkTopologyStrategy``."""
        if not node.datacenters or any(rf < 0 for _, rf in node.datacenters):
            raise QueryError("NetworkTopologyStrategy needs datacenters with factors >= 0")
        return literal((("class", "NetworkTopologyStrategy"), *node.datacenters))

    def _keyspace_with(self, replication: Replication | None, durable: bool | None) -> str:
        parts: list[str] = []
        if replication is not None:
            parts.append(f"replication = {self.render(replication)}")
        if durable is not None:
            parts.append(f"durable_writes = {literal(durable)}")
        if not parts:
            raise QueryError("ALTER KEYSPACE needs replication or durable_writes")
        return " WITH " + " AND ".join(parts)

    def visit_CreateKeyspace(self, node: CreateKeyspace) -> str:
        """``CREATE KEYSPACE [IF NOT EXISTS] ks WITH replication = {...}``."""
        head = "CREATE KEYSPACE" + self._exists(node.if_not_exists, "IF NOT EXISTS")
        return f"{head} {self.ident(node.name)}" + self._keyspace_with(
            node.replication, node.durable_writes
        )

    def visit_AlterKeyspace(self, node: AlterKeyspace) -> str:
        """``ALTER KEYSPACE ks WITH ...``."""
        with_ = self._keyspace_with(node.replication, node.durable_writes)
        return f"ALTER KEYSPACE {self.ident(node.name)}{with_}"

    def visit_DropKeyspace(self, node: DropKeyspace) -> str:
        """``DROP KEYSPACE [IF EXISTS] ks``."""
        return f"DROP KEYSPACE{self._exists(node.if_exists, 'IF EXISTS')} {self.ident(node.name)}"

    # -- tables --------------------------------------------------------------

    def visit_ColumnDef(self, node: ColumnDef) -> str:
        """``name type [STATIC]``."""
        static = " STATIC" if node.static else ""
        return f"{self.ident(node.name)} {node.cql_type.cql()}{static}"

    def _primary_key(
        self, partition_key: tuple[str, ...], clustering: tuple[tuple[str, ClusteringOrder], ...]
    ) -> str:
        if not partition_key:
            raise QueryError("a table needs a partition key")
        pk = ", ".join(self.ident(c) for c in partition_key)
        head = pk if len(partition_key) == 1 else f"({pk})"
        return f"PRIMARY KEY ({', '.join([head, *(self.ident(c) for c, _ in clustering)])})"

    def _clustering_order(
        self, clustering: tuple[tuple[str, ClusteringOrder], ...]
    ) -> tuple[str, ...]:
        if not clustering:
            return ()
        cols = ", ".join(f"{self.ident(c)} {o.value}" for c, o in clustering)
        return (f"CLUSTERING ORDER BY ({cols})",)

    def visit_CreateTable(self, node: CreateTable) -> str:
        """``CREATE TABLE [IF NOT EXISTS] ks.t (cols, PRIMARY KEY (...)) [WITH ...]``."""
        if not node.columns:
            raise QueryError(f"table {node.name!r} has no columns")
        head = "CREATE TABLE" + self._exists(node.if_not_exists, "IF NOT EXISTS")
        body = [*(self.render(c) for c in node.columns)]
        body.append(self._primary_key(node.partition_key, node.clustering))
        text = f"{head} {qualified_name(node.keyspace, node.name)} ({', '.join(body)})"
        return text + self.options(node.options, self._clustering_order(node.clustering))

    def visit_AlterTableAdd(self, node: AlterTableAdd) -> str:
        """``ALTER TABLE ks.t ADD (c type, ...)``."""
        if not node.columns:
            raise QueryError("ALTER TABLE ADD needs at least one column")
        name = qualified_name(node.keyspace, node.name)
        return f"ALTER TABLE {name} ADD ({self.join(node.columns)})"

    def visit_AlterTableDrop(self, node: AlterTableDrop) -> str:
        """``ALTER TABLE ks.t DROP (c, ...)``."""
        if not node.columns:
            raise QueryError("ALTER TABLE DROP needs at least one column")
        cols = ", ".join(self.ident(c) for c in node.columns)
        return f"ALTER TABLE {qualified_name(node.keyspace, node.name)} DROP ({cols})"

    def visit_AlterTableWith(self, node: AlterTableWith) -> str:
        """``ALTER TABLE ks.t WITH ...``."""
        if not node.options:
            raise QueryError("ALTER TABLE WITH needs at least one option")
        return f"ALTER TABLE {qualified_name(node.keyspace, node.name)}" + self.options(
            node.options
        )

    def visit_Truncate(self, node: Truncate) -> str:
        """``TRUNCATE TABLE ks.t``."""
        return f"TRUNCATE TABLE {qualified_name(node.keyspace, node.name)}"

    def visit_DropTable(self, node: DropTable) -> str:
        """``DROP TABLE [IF EXISTS] ks.t``."""
        exists = self._exists(node.if_exists, "IF EXISTS")
        return f"DROP TABLE{exists} {qualified_name(node.keyspace, node.name)}"

    # -- indexes -------------------------------------------------------------

    def visit_CreateIndex(self, node: CreateIndex) -> str:
        """``CREATE [CUSTOM] INDEX ... ON ks.t (target) [USING 'class' [WITH OPTIONS = {...}]]``."""
        custom = " CUSTOM" if node.custom_class else ""
        head = f"CREATE{custom} INDEX" + self._exists(node.if_not_exists, "IF NOT EXISTS")
        if node.name is not None:
            head += f" {self.ident(node.name)}"
        col = self.ident(node.column)
        target = col if node.kind is IndexKind.VALUES else f"{node.kind.value}({col})"
        text = f"{head} ON {qualified_name(node.keyspace, node.table)} ({target})"
        if node.custom_class:
            text += f" USING {literal(node.custom_class)}"
            if node.options:
                text += f" WITH OPTIONS = {literal(node.options)}"
        elif node.options:
            raise QueryError("index options need a custom index class")
        return text

    def visit_DropIndex(self, node: DropIndex) -> str:
        """``DROP INDEX [IF EXISTS] ks.name``."""
        exists = self._exists(node.if_exists, "IF EXISTS")
        return f"DROP INDEX{exists} {qualified_name(node.keyspace, node.name)}"

    # -- user-defined types --------------------------------------------------

    def visit_CreateType(self, node: CreateType) -> str:
        """``CREATE TYPE [IF NOT EXISTS] ks.name (f type, ...)``."""
        if not node.fields:
            raise QueryError(f"type {node.name!r} has no fields")
        head = "CREATE TYPE" + self._exists(node.if_not_exists, "IF NOT EXISTS")
        fields = ", ".join(f"{self.ident(f)} {t.cql()}" for f, t in node.fields)
        return f"{head} {qualified_name(node.keyspace, node.name)} ({fields})"

    def visit_AlterTypeAdd(self, node: AlterTypeAdd) -> str:
        """``ALTER TYPE ks.name ADD f type``."""
        name = qualified_name(node.keyspace, node.name)
        return f"ALTER TYPE {name} ADD {self.ident(node.field)} {node.cql_type.cql()}"

    def visit_DropType(self, node: DropType) -> str:
        """``DROP TYPE [IF EXISTS] ks.name``."""
        exists = self._exists(node.if_exists, "IF EXISTS")
        return f"DROP TYPE{exists} {qualified_name(node.keyspace, node.name)}"

    # -- materialized views --------------------------------------------------

    def visit_CreateMaterializedView(self, node: CreateMaterializedView) -> str:
        """``CREATE MATERIALIZED VIEW ks.v AS SELECT ... WHERE ... PRIMARY KEY (...)``."""
        if not all(isinstance(p, IsNotNull) for p in node.where):
            raise QueryError("a materialized view filter may only use IS NOT NULL")
        head = "CREATE MATERIALIZED VIEW" + self._exists(node.if_not_exists, "IF NOT EXISTS")
        cols = ", ".join(self.ident(c) for c in node.columns) if node.columns else "*"
        base = qualified_name(node.base_keyspace, node.base_table)
        text = f"{head} {qualified_name(node.keyspace, node.name)} AS SELECT {cols} FROM {base}"
        text += self.where(node.where, required=True)
        text += " " + self._primary_key(node.partition_key, node.clustering)
        return text + self.options(node.options, self._clustering_order(node.clustering))

    def visit_DropMaterializedView(self, node: DropMaterializedView) -> str:
        """``DROP MATERIALIZED VIEW [IF EXISTS] ks.v``."""
        exists = self._exists(node.if_exists, "IF EXISTS")
        return f"DROP MATERIALIZED VIEW{exists} {qualified_name(node.keyspace, node.name)}"
