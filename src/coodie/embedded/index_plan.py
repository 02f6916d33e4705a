"""Choosing the indexes that answer a SELECT's restrictions, and fetching their rows.

A node answers a query through one regular or SASI index and filters the other
restrictions (so a second one needs ALLOW FILTERING); storage-attached indexes (Cassandra
5.0) combine: every SAI-indexed restriction is answered by its index and the results are
intersected.

>>> IndexPlan().used
[]
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, SetType, contained_type
from coodie.embedded.errors import invalid
from coodie.embedded.index_kinds import family, like_pattern, like_refused, supports
from coodie.embedded.index_store import IndexStore, RowId, effective_kind
from coodie.embedded.ordering import key_function

if TYPE_CHECKING:
    from coodie.embedded.catalog import Column, Index, Table

Filter = tuple["Column", str, Any, Any]


class IndexPlan:
    """The indexes a query uses (with the restrictions each answers) and what is left."""

    def __init__(self) -> None:
        self.used: list[tuple[Index, list[Filter]]] = []
        self.remaining: list[str] = []


def index_op(f: Filter) -> str:
    """The operator an index sees: LIKE is split into its prefix/suffix/contains/exact forms."""
    col, op, v, _k = f
    if op != "LIKE":
        return op
    if v is None:
        raise invalid(f"Invalid null value for column {col.name}")
    return like_pattern(str(v))[0]


def plan_indexes(table: Table, filters: list[Filter]) -> IndexPlan:
    """Group ``filters`` by column and pick the indexes that answer them."""
    groups: dict[str, list[Filter]] = {}
    for f in filters:
        groups.setdefault(f[0].name, []).append(f)
    plan = IndexPlan()
    for name, group in groups.items():
        ops = [index_op(f) for f in group]
        idx = _index_for(table, name, ops)
        if idx is None:
            _refuse_like(table, name, group, ops)
            plan.remaining.append(name)
            continue
        if plan.used and not (family(idx) == "sai" and family(plan.used[0][0]) == "sai"):
            plan.remaining.append(name)
            continue
        plan.used.append((idx, group))
    return plan


def _index_for(table: Table, column: str, ops: list[str]) -> Index | None:
    col = table.columns[column]
    for idx in table.indexes.values():
        if idx.column != column:
            continue
        kind = effective_kind(table, idx)
        if all(supports(idx, kind, col.type, op) for op in ops):
            return idx
    return None


def _refuse_like(table: Table, column: str, group: list[Filter], ops: list[str]) -> None:
    for f, op in zip(group, ops, strict=True):
        if not op.startswith("LIKE_"):
            continue
        if any(family(i) == "sasi" and i.column == column for i in table.indexes.values()):
            raise like_refused(column, op, like_pattern(str(f[2]))[1])
        raise invalid(
            "LIKE restriction is only supported on properly indexed columns. "
            f"{column} LIKE '{f[2]}' is not valid."
        )


def candidate_rows(
    table: Table, plan: IndexPlan, store_of: Callable[[Index], IndexStore]
) -> set[RowId]:
    """Rows that may satisfy every index-answered restriction (checked again when read)."""
    result: set[RowId] | None = None
    for idx, group in plan.used:
        store = store_of(idx)
        for f in group:
            rows = _lookup(table, store, f)
            result = rows if result is None else result & rows
            if not result:
                return set()
    return result or set()


def _lookup(table: Table, store: IndexStore, f: Filter) -> set[RowId]:
    col, op, v, k = f
    t = col.type
    if op == "LIKE":
        kind, term = like_pattern(str(v))
        if kind == "LIKE_PREFIX":
            return store.prefix(term)
        if kind == "LIKE_SUFFIX":
            return store.suffix(term)
        if kind == "LIKE_CONTAINS":
            return store.contains(term)
        return store.equal(term)
    if op == "CONTAINS KEY":
        assert isinstance(t, MapType)
        return store.equal(key_function(t.key)(v))
    if op == "CONTAINS":
        return store.equal(key_function(contained_type(t))(v))
    if op == "ENTRY=":
        assert isinstance(t, MapType)
        return store.equal((key_function(t.key)(v), key_function(t.value)(k)))
    if isinstance(t, ListType | SetType | MapType) and not t.frozen:
        return set()
    term = key_function(t)(v)
    return store.equal(term) if op == "=" else store.range(op, term)


class Candidates:
    """Index results grouped by partition, in ring order, for the read path."""

    def __init__(self, rows: set[RowId]) -> None:
        by_part: dict[bytes, tuple[int, set[Any]]] = {}
        for token, pk, sk in rows:
            by_part.setdefault(pk, (token, set()))[1].add(sk)
        self.order = sorted((token, pk) for pk, (token, _) in by_part.items())
        self.keys = {pk: sks for pk, (_, sks) in by_part.items()}

    def partitions_after(self, after: tuple[int, bytes] | None) -> list[tuple[int, bytes]]:
        """Candidate partitions after ``after`` (a paging position), in ring order."""
        i = bisect.bisect_right(self.order, after) if after is not None else 0
        return self.order[i:]

    def row_keys(self, pk: bytes) -> list[Any] | None:
        """Sorted candidate clustering keys of a partition (None: every row)."""
        sks = self.keys.get(pk, set())
        if None in sks:
            return None
        return sorted(sks)
