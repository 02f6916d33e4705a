"""Result and metadata records returned by the embedded engine.

>>> EngineResult.void().kind
'void'
"""

from __future__ import annotations

from typing import Any

import attrs

from coodie.cql.types import CqlType


@attrs.frozen(slots=True)
class ColumnSpec:
    """One result or bind column: where it comes from, its name and type."""

    keyspace: str
    table: str
    name: str
    type: CqlType


@attrs.frozen(slots=True)
class SchemaChange:
    """What a schema statement changed (as in the protocol's SCHEMA_CHANGE result)."""

    change: str
    target: str
    keyspace: str
    name: str | None = None
    arg_types: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class EngineResult:
    """The result of one statement (see the engine contract).

    ``raw_rows`` holds the same rows in the engine's internal form (sets and maps as
    ordered tuples), for callers that must check server order exactly.
    """

    kind: str
    columns: tuple[ColumnSpec, ...] = ()
    rows: list[tuple[Any, ...]] = attrs.field(factory=list)
    paging_state: bytes | None = None
    keyspace: str | None = None
    schema_change: SchemaChange | None = None
    warnings: tuple[str, ...] = ()
    raw_rows: list[tuple[Any, ...]] = attrs.field(factory=list)

    @classmethod
    def void(cls, warnings: tuple[str, ...] = ()) -> EngineResult:
        """An empty (VOID) result."""
        return cls("void", warnings=warnings)
