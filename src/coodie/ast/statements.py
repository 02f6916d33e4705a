"""DML statements: ``SELECT``, ``INSERT``, ``UPDATE``, ``DELETE`` and ``BATCH``.

``LIMIT``, ``PER PARTITION LIMIT``, ``USING TTL`` and ``USING TIMESTAMP`` hold
:class:`~coodie.ast.terms.Bind` nodes, so they compile to ``?`` markers and one
prepared statement serves every value::

    >>> from coodie.ast.terms import Bind, Column
    >>> from coodie.cql.types import NATIVE
    >>> s = Select(Table("shop", "product", ("id",)), limit=Bind(10, NATIVE["int"]))
    >>> s.limit.value
    10
"""

from __future__ import annotations

import attrs

from coodie.ast.assignments import Assignment
from coodie.ast.base import Node
from coodie.ast.conditions import StatementCondition
from coodie.ast.enums import BatchType
from coodie.ast.predicates import Predicate
from coodie.ast.terms import Bind, Column, Element, FieldOf, Selector, Term


@attrs.frozen(slots=True)
class Table(Node):
    """A table reference; ``partition_key`` names its partition key columns in order.

    The partition key lets the compiler compute routing key indexes.
    """

    keyspace: str | None
    name: str
    partition_key: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class Ordering(Node):
    """``ORDER BY column [DESC]``."""

    column: Column
    descending: bool = False


@attrs.frozen(slots=True)
class AnnOrdering(Node):
    """``ORDER BY column ANN OF ?``: vector similarity search."""

    column: Column
    vector: Bind


@attrs.frozen(slots=True)
class Select(Node):
    """``SELECT [DISTINCT] selectors FROM table WHERE ... [GROUP BY] [ORDER BY] [LIMIT] ...``.

    ``selectors`` empty means ``*``; ``where`` is a conjunction.
    """

    table: Table
    selectors: tuple[Selector, ...] = ()
    where: tuple[Predicate, ...] = ()
    group_by: tuple[Column, ...] = ()
    order_by: tuple[Ordering | AnnOrdering, ...] = ()
    per_partition_limit: Bind | None = None
    limit: Bind | None = None
    allow_filtering: bool = False
    distinct: bool = False


@attrs.frozen(slots=True)
class Insert(Node):
    """``INSERT INTO table (cols) VALUES (...) [IF NOT EXISTS] [USING TTL ? AND TIMESTAMP ?]``."""

    table: Table
    columns: tuple[Column, ...]
    values: tuple[Term, ...]
    if_not_exists: bool = False
    ttl: Bind | None = None
    timestamp: Bind | None = None


@attrs.frozen(slots=True)
class Update(Node):
    """``UPDATE table [USING ...] SET ... WHERE ... [IF ...]``."""

    table: Table
    assignments: tuple[Assignment, ...]
    where: tuple[Predicate, ...]
    condition: StatementCondition | None = None
    ttl: Bind | None = None
    timestamp: Bind | None = None


@attrs.frozen(slots=True)
class Delete(Node):
    """``DELETE [targets] FROM table [USING TIMESTAMP ?] WHERE ... [IF ...]``.

    No targets deletes rows (a partition, a row, or a clustering range, as the
    ``where`` clause says); targets delete columns, elements or UDT fields.
    """

    table: Table
    where: tuple[Predicate, ...]
    targets: tuple[Column | Element | FieldOf, ...] = ()
    condition: StatementCondition | None = None
    timestamp: Bind | None = None


@attrs.frozen(slots=True)
class Batch(Node):
    """``BEGIN [UNLOGGED|COUNTER] BATCH [USING TIMESTAMP ?] ... APPLY BATCH``."""

    statements: tuple[Insert | Update | Delete, ...]
    batch_type: BatchType = BatchType.LOGGED
    timestamp: Bind | None = None


Statement = Select | Insert | Update | Delete
"""A single DML statement."""
