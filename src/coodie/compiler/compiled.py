"""What the compiler produces and a driver executes.

``print(stmt)`` shows the CQL text and its parameters::

    stmt = Product.find(Product.price > 10).limit(5).compile()
    print(stmt)
    # SELECT ... FROM shop.product WHERE price > ? LIMIT ? ALLOW FILTERING
    # params: (10.0, 5)
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from coodie.ast.enums import BatchType
from coodie.cql.types import CqlType


class StatementKind(enum.Enum):
    """What a compiled statement does; executors use it to pick a result handler."""

    SELECT = "select"
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    DDL = "ddl"
    RAW = "raw"


@attrs.frozen(slots=True)
class CompiledStatement:
    """CQL text with ``?`` markers, the values in marker order, and execution hints.

    ``param_types`` gives the CQL type of each marker when known (drivers that
    bind by type need it). ``routing_key_indexes`` are the positions of the
    partition key values in ``params``, in partition-key order.
    """

    cql: str
    params: tuple[Any, ...] = ()
    param_types: tuple[CqlType | None, ...] = ()
    kind: StatementKind = StatementKind.RAW
    keyspace: str | None = None
    table: str | None = None
    is_lwt: bool = False
    is_idempotent: bool = False
    routing_key_indexes: tuple[int, ...] = ()
    result_columns: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return f"{self.cql}\nparams: {self.params!r}"


@attrs.frozen(slots=True)
class CompiledBatch:
    """A batch: its kind, child statements, and an optional batch timestamp (µs)."""

    batch_type: BatchType
    statements: tuple[CompiledStatement, ...]
    timestamp: int | None = None
    is_lwt: bool = False

    @property
    def cql(self) -> str:
        """The batch as one CQL text (``BEGIN ... BATCH ... APPLY BATCH``)."""
        kind = "" if self.batch_type is BatchType.LOGGED else f"{self.batch_type.value} "
        using = " USING TIMESTAMP ?" if self.timestamp is not None else ""
        body = "".join(f"  {s.cql};\n" for s in self.statements)
        return f"BEGIN {kind}BATCH{using}\n{body}APPLY BATCH"

    @property
    def params(self) -> tuple[Any, ...]:
        """All child parameters in order (the batch timestamp first when set)."""
        head: tuple[Any, ...] = (self.timestamp,) if self.timestamp is not None else ()
        return head + tuple(p for s in self.statements for p in s.params)

    def __str__(self) -> str:
        return f"{self.cql}\nparams: {self.params!r}"
