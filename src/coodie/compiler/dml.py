"""The visit methods for terms, predicates, assignments, conditions and DML statements.

:class:`DmlVisits` is one family of :class:`~coodie.compiler.render.CqlRenderer`, the one
renderer of every CQL statement:

>>> from coodie.ast import Bind, Column, Comparison, Operator, Select, Table
>>> from coodie.compiler.render import CqlRenderer
>>> CqlRenderer().render(Select(Table("shop", "product"), (Column("name"),),
...     (Comparison(Column("id"), Operator.EQ, Bind(1)),)))
'SELECT name FROM shop.product WHERE id = ?'
"""

from __future__ import annotations

import re

from coodie.ast.assignments import (
    Append,
    Decrement,
    Increment,
    Prepend,
    Remove,
    SetElement,
    SetField,
    SetValue,
)
from coodie.ast.conditions import (
    Condition,
    Conditions,
    IfExists,
    IfNotExists,
    StatementCondition,
)
from coodie.ast.predicates import (
    And,
    Comparison,
    Contains,
    ContainsKey,
    In,
    IsNotNull,
    Like,
    MultiComparison,
)
from coodie.ast.statements import (
    AnnOrdering,
    Delete,
    Insert,
    Ordering,
    Select,
    Table,
    Update,
)
from coodie.ast.terms import (
    AGGREGATES,
    Aggregate,
    Aliased,
    Bind,
    Column,
    Element,
    FieldOf,
    FunctionCall,
    Star,
    Token,
)
from coodie.compiler.visitor import Visitor
from coodie.cql.identifiers import qualified_name
from coodie.exceptions import QueryError

_FUNCTION_NAME = re.compile(r"(?:[a-z][a-z0-9_]*\.)?[A-Za-z][A-Za-z0-9_]*\Z")

NON_DETERMINISTIC_FUNCTIONS = frozenset(
    {"now", "uuid", "currenttimestamp", "currentdate", "currenttime", "currenttimeuuid"}
)
"""Functions whose result differs per call: a write using one is not idempotent."""


class DmlVisits(Visitor):
    """``visit_<Node>`` for terms, predicates, assignments, conditions and DML statements."""

    # -- terms ---------------------------------------------------------------

    def visit_Column(self, node: Column) -> str:
        """``name`` (quoted when needed)."""
        return self.ident(node.name)

    def visit_Star(self, node: Star) -> str:
        """``*``."""
        return "*"

    def visit_Token(self, node: Token) -> str:
        """``token(a, b)``."""
        return f"token({self.join(node.args)})"

    def visit_FunctionCall(self, node: FunctionCall) -> str:
        """``name(args)``; the name must be a plain (optionally keyspace-qualified) word."""
        if not _FUNCTION_NAME.match(node.name):
            raise QueryError(f"invalid CQL function name {node.name!r}")
        if node.name.lower() in NON_DETERMINISTIC_FUNCTIONS:
            self.non_deterministic = True
        return f"{node.name}({self.join(node.args)})"

    def visit_Aggregate(self, node: Aggregate) -> str:
        """``count(*)``, ``sum(price)`` ..."""
        if node.name not in AGGREGATES:
            raise QueryError(f"unknown aggregate {node.name!r}")
        return f"{node.name}({self.render(node.arg)})"

    def visit_Aliased(self, node: Aliased) -> str:
        """``term AS alias``."""
        return f"{self.render(node.term)} AS {self.ident(node.alias)}"

    def visit_Element(self, node: Element) -> str:
        """``column[?]``."""
        return f"{self.render(node.column)}[{self.render(node.key)}]"

    def visit_FieldOf(self, node: FieldOf) -> str:
        """``column.field``."""
        return f"{self.render(node.column)}.{self.ident(node.field)}"

    # -- predicates ----------------------------------------------------------

    def visit_Comparison(self, node: Comparison) -> str:
        """``left op right``."""
        return f"{self.render(node.left)} {node.op.value} {self.render(node.right)}"

    def visit_MultiComparison(self, node: MultiComparison) -> str:
        """``(a, b) op (?, ?)``."""
        if not node.columns or len(node.columns) != len(node.values):
            raise QueryError("a multi-column relation needs as many values as columns")
        return f"({self.join(node.columns)}) {node.op.value} ({self.join(node.values)})"

    def visit_In(self, node: In) -> str:
        """``column IN ?``."""
        return f"{self.render(node.left)} IN {self.render(node.values)}"

    def visit_Contains(self, node: Contains) -> str:
        """``column CONTAINS ?``."""
        return f"{self.render(node.left)} CONTAINS {self.render(node.value)}"

    def visit_ContainsKey(self, node: ContainsKey) -> str:
        """``column CONTAINS KEY ?``."""
        return f"{self.render(node.left)} CONTAINS KEY {self.render(node.key)}"

    def visit_Like(self, node: Like) -> str:
        """``column LIKE ?``."""
        return f"{self.render(node.left)} LIKE {self.render(node.pattern)}"

    def visit_IsNotNull(self, node: IsNotNull) -> str:
        """``column IS NOT NULL``."""
        return f"{self.render(node.column)} IS NOT NULL"

    def visit_And(self, node: And) -> str:
        """``p1 AND p2 ...``."""
        if not node.predicates:
            raise QueryError("an empty conjunction cannot be rendered")
        return self.join(node.predicates, " AND ")

    # -- assignments ---------------------------------------------------------

    def visit_SetValue(self, node: SetValue) -> str:
        """``c = ?``."""
        return f"{self.render(node.column)} = {self.render(node.value)}"

    def visit_SetElement(self, node: SetElement) -> str:
        """``c[?] = ?``."""
        col, key = self.render(node.column), self.render(node.key)
        return f"{col}[{key}] = {self.render(node.value)}"

    def visit_SetField(self, node: SetField) -> str:
        """``c.f = ?``."""
        col = self.render(node.column)
        return f"{col}.{self.ident(node.field)} = {self.render(node.value)}"

    def visit_Append(self, node: Append) -> str:
        """``c = c + ?``."""
        col = self.render(node.column)
        return f"{col} = {col} + {self.render(node.value)}"

    def visit_Prepend(self, node: Prepend) -> str:
        """``c = ? + c``."""
        col = self.render(node.column)
        return f"{col} = {self.render(node.value)} + {col}"

    def visit_Remove(self, node: Remove) -> str:
        """``c = c - ?``."""
        col = self.render(node.column)
        return f"{col} = {col} - {self.render(node.value)}"

    def visit_Increment(self, node: Increment) -> str:
        """``c = c + ?``."""
        col = self.render(node.column)
        return f"{col} = {col} + {self.render(node.amount)}"

    def visit_Decrement(self, node: Decrement) -> str:
        """``c = c - ?``."""
        col = self.render(node.column)
        return f"{col} = {col} - {self.render(node.amount)}"

    # -- conditions ----------------------------------------------------------

    def visit_IfExists(self, node: IfExists) -> str:
        """``IF EXISTS``."""
        return "IF EXISTS"

    def visit_IfNotExists(self, node: IfNotExists) -> str:
        """``IF NOT EXISTS``."""
        return "IF NOT EXISTS"

    def visit_Condition(self, node: Condition) -> str:
        """``left op ?``."""
        return f"{self.render(node.left)} {node.op.value} {self.render(node.value)}"

    def visit_Conditions(self, node: Conditions) -> str:
        """``IF c1 AND c2``."""
        if not node.items:
            raise QueryError("an IF clause needs at least one condition")
        return "IF " + self.join(node.items, " AND ")

    def condition(self, node: StatementCondition | None) -> str:
        """`` IF ...`` or ``''``."""
        return "" if node is None else " " + self.render(node)

    # -- statements ----------------------------------------------------------

    def visit_Table(self, node: Table) -> str:
        """``keyspace.table``."""
        return qualified_name(node.keyspace, node.name)

    def visit_Ordering(self, node: Ordering) -> str:
        """``column ASC|DESC``."""
        return f"{self.render(node.column)} {'DESC' if node.descending else 'ASC'}"

    def visit_AnnOrdering(self, node: AnnOrdering) -> str:
        """``column ANN OF ?``."""
        return f"{self.render(node.column)} ANN OF {self.render(node.vector)}"

    def using(self, ttl: Bind | None, timestamp: Bind | None) -> str:
        """`` USING TTL ? AND TIMESTAMP ?`` (either part optional) or ``''``."""
        parts: list[str] = []
        if ttl is not None:
            parts.append(f"TTL {self.render(ttl)}")
        if timestamp is not None:
            parts.append(f"TIMESTAMP {self.render(timestamp)}")
        return " USING " + " AND ".join(parts) if parts else ""

    def visit_Select(self, node: Select) -> str:
        """``SELECT ... FROM ... [WHERE] [GROUP BY] [ORDER BY] [PER PARTITION LIMIT] ...``."""
        head = "SELECT DISTINCT " if node.distinct else "SELECT "
        sel = self.join(node.selectors) if node.selectors else "*"
        text = f"{head}{sel} FROM {self.render(node.table)}{self.where(node.where)}"
        if node.group_by:
            text += " GROUP BY " + self.join(node.group_by)
        if node.order_by:
            text += " ORDER BY " + self.join(node.order_by)
        if node.per_partition_limit is not None:
            text += " PER PARTITION LIMIT " + self.render(node.per_partition_limit)
        if node.limit is not None:
            text += " LIMIT " + self.render(node.limit)
        if node.allow_filtering:
            text += " ALLOW FILTERING"
        return text

    def visit_Insert(self, node: Insert) -> str:
        """``INSERT INTO t (cols) VALUES (...) [IF NOT EXISTS] [USING ...]``."""
        if not node.columns or len(node.columns) != len(node.values):
            raise QueryError("an INSERT needs as many values as columns (at least one)")
        text = (
            f"INSERT INTO {self.render(node.table)} ({self.join(node.columns)}) "
            f"VALUES ({self.join(node.values)})"
        )
        if node.if_not_exists:
            _no_conditional_timestamp(node.timestamp)
            text += " IF NOT EXISTS"
        return text + self.using(node.ttl, node.timestamp)

    def visit_Update(self, node: Update) -> str:
        """``UPDATE t [USING ...] SET ... WHERE ... [IF ...]``."""
        if not node.assignments:
            raise QueryError("an UPDATE needs at least one assignment")
        if node.condition is not None:
            _no_conditional_timestamp(node.timestamp)
        text = f"UPDATE {self.render(node.table)}{self.using(node.ttl, node.timestamp)}"
        text += " SET " + self.join(node.assignments)
        return text + self.where(node.where, required=True) + self.condition(node.condition)

    def visit_Delete(self, node: Delete) -> str:
        """``DELETE [targets] FROM t [USING TIMESTAMP ?] WHERE ... [IF ...]``."""
        if node.condition is not None:
            _no_conditional_timestamp(node.timestamp)
        targets = f" {self.join(node.targets)}" if node.targets else ""
        text = f"DELETE{targets} FROM {self.render(node.table)}"
        text += self.using(None, node.timestamp)
        return text + self.where(node.where, required=True) + self.condition(node.condition)


def _no_conditional_timestamp(timestamp: Bind | None) -> None:
    if timestamp is not None:
        raise QueryError("a conditional write (IF ...) cannot use a custom timestamp")
