"""Rendering compiled statements as stable text for snapshots."""

from __future__ import annotations

from coodie.compiler.compiled import CompiledBatch, CompiledStatement


def show(stmt: CompiledStatement | CompiledBatch) -> str:
    """CQL, params, param types and executor flags, one per line."""
    lines = [stmt.cql, f"params: {stmt.params!r}"]
    if isinstance(stmt, CompiledStatement):
        types = ", ".join("?" if t is None else t.cql() for t in stmt.param_types)
        lines += [
            f"types: {types}",
            f"kind={stmt.kind.value} keyspace={stmt.keyspace} table={stmt.table}",
            f"lwt={stmt.is_lwt} idempotent={stmt.is_idempotent} "
            f"routing={stmt.routing_key_indexes} result_columns={stmt.result_columns}",
        ]
    else:
        lines.append(f"batch={stmt.batch_type.value} lwt={stmt.is_lwt}")
    return "\n".join(lines)


def markers(stmt: CompiledStatement) -> int:
    """How many ``?`` markers the CQL text holds (no string literals in DML)."""
    return stmt.cql.count("?")
