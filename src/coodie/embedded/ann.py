"""``SELECT ... ORDER BY v ANN OF [...] LIMIT k``: vector search, as Cassandra 5.0 runs it.

The ordered column needs a storage-attached index (its similarity function ranks the
rows); the search is exact: the ``k`` best rows, ties in ring order. Alongside it a query
may restrict the partition key (the search then reads those partitions) and columns with
SAI indexes (their rows are intersected); any other restriction is refused, ALLOW
FILTERING or not, with Cassandra 5.0's messages.

>>> ANN_MAX_LIMIT
1000
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.cql.types import VectorType
from coodie.embedded.errors import invalid
from coodie.embedded.index_kinds import family, vector_index
from coodie.embedded.index_plan import candidate_rows, plan_indexes
from coodie.embedded.terms import UNSET, evaluate
from coodie.embedded.vectors import check_query_vector, similarity

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index
    from coodie.embedded.reads import Query
    from coodie.embedded.selectors import RowView

ANN_MAX_LIMIT = 1000
"""The largest LIMIT an ANN query accepts (Cassandra's ``SAI_VECTOR_SEARCH_MAX_TOP_K``)."""

_NEEDS_INDEXED = "ANN ordering by vector requires all restricted column(s) to be indexed"


class AnnOrder:
    """A validated ANN ordering: the column, its vector index and the query vector."""

    def __init__(self, column: str, index: Index, function: str, vector: tuple[float, ...]):
        self.column = column
        self.index = index
        self.function = function
        self.vector = vector


def ann_order(q: Query) -> AnnOrder | None:
    """Validate the statement's ANN ordering (None without one)."""
    st, table = q.st, q.table
    if not st.ann:
        return None
    if len(st.ann) > 1:
        raise invalid("Cannot specify more than one ANN ordering")
    if st.order_by:
        raise invalid("ANN ordering does not support secondary ordering")
    name, term, desc = next(iter(st.ann))
    col = table.column(name)
    if desc:
        raise invalid("Descending ANN ordering is not supported")
    t = col.type
    if not isinstance(t, VectorType) or t.element.cql() != "float":
        raise invalid("ANN ordering is only supported on float vector indexes")
    vector = evaluate(term, t, col.name, q.ctx)
    if vector is None or vector is UNSET:
        raise invalid(f"Invalid null value for column {col.name}")
    found = next(
        (
            (idx, fn)
            for idx in table.indexes.values()
            if idx.column == col.name and (fn := vector_index(table, idx)) is not None
        ),
        None,
    )
    if found is None:
        raise invalid("ANN ordering by vector requires the column to be indexed")
    idx, (function, _dims) = found
    check_query_vector(function, vector)
    return AnnOrder(col.name, idx, function, tuple(vector))


def ann_restrictions(q: Query) -> bool:
    """Check the restrictions that may accompany an ANN ordering; plan their indexes."""
    t, r = q.table, q.r
    q.plan = plan_indexes(t, r.filters)
    if q.plan.remaining or any(family(idx) != "sai" for idx, _ in q.plan.used):
        raise invalid(_NEEDS_INDEXED)
    pk_full = r.partition_keys(t) is not None
    if r.pk_slice or (r.pk and not pk_full):
        raise invalid(_NEEDS_INDEXED)
    if (r.ck_eq or r.ck_slices or r.multi) and not pk_full:
        raise invalid(_NEEDS_INDEXED)
    if q.aggregate:
        raise invalid("ANN ordering does not support aggregation or GROUP BY")
    if q.ppl is not None:
        raise invalid("ANN ordering does not support PER PARTITION LIMIT")
    limit = q.limit
    if limit is None or limit > ANN_MAX_LIMIT:
        raise invalid(
            "Use of ANN OF in an ORDER BY clause requires a LIMIT that is not greater than "
            f"{ANN_MAX_LIMIT}. LIMIT was {'NO LIMIT' if limit is None else limit}"
        )
    return bool(q.plan.used)


def ann_rows(q: Query, ann: AnnOrder) -> list[RowView]:
    """The query's rows in ANN order: the best ``LIMIT`` rows that satisfy its restrictions."""
    limit = q.limit
    assert limit is not None
    if q.r.partition_keys(q.table) is not None:
        return _within_partitions(q, ann, limit)
    from coodie.embedded.vector_store import VectorStore

    assert q.store_of is not None
    store = q.store_of(ann.index)
    assert isinstance(store, VectorStore)
    among = candidate_rows(q.table, q.plan, q.store_of) if q.plan.used else None
    out: list[RowView] = []
    for _score, rid in store.nearest(ann.vector, among):
        if not q.token_ok(rid[0]):
            continue
        p = q.data.get(rid[1])
        if p is None:
            continue
        for _sk, row in q.rows(p, keys=[rid[2]]):
            if row.vals.get(ann.column) is not None and (not q.r.filters or q.matches(row)):
                out.append(row)
        if len(out) >= limit:
            break
    return out[:limit]


def _within_partitions(q: Query, ann: AnnOrder, limit: int) -> list[RowView]:
    """ANN over the restricted partitions: score each of their rows directly."""
    fn, query = ann.function, ann.vector
    scored: list[tuple[tuple[Any, ...], RowView]] = []
    for p in q.partitions(None):
        for sk, row in q.rows(p):
            v = row.vals.get(ann.column)
            if v is None or (q.r.filters and not q.matches(row)):
                continue
            score = similarity(fn, v, query)
            if score != score:  # a zero vector under cosine is not indexed
                continue
            scored.append(((-score, p.token, p.pk_bytes, sk is not None, sk or ()), row))
    scored.sort(key=lambda x: x[0])
    return [row for _, row in scored[:limit]]
