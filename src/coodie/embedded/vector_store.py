"""The storage-attached index of a vector column: vectors by row, searched exactly.

A :class:`VectorStore` keeps each indexed row's vector (rows are the
:data:`~coodie.embedded.index_store.RowId` of the other index stores) and answers
:meth:`VectorStore.nearest`: the rows in descending similarity to a query vector, ties in
ring order, so the first ``k`` rows a read accepts are the exact top ``k``. With numpy
the vectors are also kept in a float32 matrix that preselects candidates in growing
batches; every score that decides the order is recomputed in double precision, so both
paths return the same rows in the same order.

>>> store = VectorStore("idx", 2, "EUCLIDEAN", accelerate=False)
>>> store.update((5, b"a", ()), ((1.0, 0.0),))
>>> store.update((3, b"b", ()), ((0.0, 1.0),))
>>> [(round(s, 2), rid[1]) for s, rid in store.nearest((1.0, 0.0), None)]
[(1.0, b'a'), (0.33, b'b')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from coodie.embedded.index_store import IndexStore, RowId
from coodie.embedded.vectors import accelerated, is_zero, similarity

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index, Table

Vector = tuple[float, ...]


def _order(score: float, rid: RowId) -> tuple[Any, ...]:
    """Sort key: best score first, then ring order, then clustering order."""
    sk = rid[2]
    return (-score, rid[0], rid[1], sk is not None, () if sk is None else sk)


class VectorStore(IndexStore):
    """Vectors of one SAI vector index, with an exact nearest-neighbour search."""

    def __init__(self, name: str, dims: int, function: str, *, accelerate: bool | None = None):
        super().__init__(name, "simple", False)
        self.dims = dims
        self.function = function
        self.vectors: dict[RowId, Vector] = {}
        use = accelerated() if accelerate is None else accelerate
        self.matrix: _Matrix | None = _Matrix(dims) if use else None

    def index_terms(self, table: Table, idx: Index, kind: str, value: Any) -> tuple[Any, ...]:
        """A row is indexed under its vector itself (a zero vector is not, under cosine)."""
        if value is None or (self.function == "COSINE" and is_zero(value)):
            return ()
        return (tuple(value),)

    def update(self, rid: RowId, terms: tuple[Any, ...]) -> None:
        """Index ``rid`` under the vector ``terms[0]`` (no terms: not indexed)."""
        new: Vector | None = terms[0] if terms else None
        if self.vectors.get(rid) == new:
            return
        part = self.rows.setdefault(rid[1], {})
        if new is None:
            self.vectors.pop(rid, None)
            part.pop(rid[2], None)
            if not part:
                del self.rows[rid[1]]
            if self.matrix is not None:
                self.matrix.remove(rid)
            return
        self.vectors[rid] = new
        part[rid[2]] = terms
        if self.matrix is not None:
            self.matrix.put(rid, new)

    def nearest(
        self, query: Sequence[float], among: set[RowId] | None
    ) -> Iterator[tuple[float, RowId]]:
        """Indexed rows (only those in ``among`` when given), best first: (score, row)."""
        if self.matrix is not None and len(self.vectors) > 64:
            yield from self.matrix.nearest(self, query, among)
            return
        rows = self.vectors if among is None else (r for r in among if r in self.vectors)
        fn, vectors = self.function, self.vectors
        scored = [(similarity(fn, vectors[r], query), r) for r in rows]
        scored.sort(key=lambda x: _order(*x))
        yield from scored


class _Matrix:
    """The vectors as rows of a growing float32 matrix (numpy), with free-slot reuse."""

    def __init__(self, dims: int) -> None:
        import numpy as np

        self.np = np
        self.data = np.zeros((64, dims), dtype=np.float32)
        self.norms = np.zeros(64, dtype=np.float64)
        self.live = np.zeros(64, dtype=bool)
        self.slot: dict[RowId, int] = {}
        self.rid: list[RowId | None] = []
        self.free: list[int] = []

    def put(self, rid: RowId, v: Vector) -> None:
        np = self.np
        i = self.slot.get(rid)
        if i is None:
            if self.free:
                i = self.free.pop()
                self.rid[i] = rid
            else:
                i = len(self.rid)
                self.rid.append(rid)
                if i >= len(self.data):
                    n = 2 * len(self.data)
                    self.data = np.resize(self.data, (n, self.data.shape[1]))
                    self.norms = np.resize(self.norms, n)
                    self.live = np.resize(self.live, n)
                    self.live[i:] = False
            self.slot[rid] = i
        row = np.asarray(v, dtype=np.float32)
        self.data[i] = row
        self.norms[i] = float(np.sqrt(np.dot(row.astype(np.float64), row.astype(np.float64))))
        self.live[i] = True

    def remove(self, rid: RowId) -> None:
        i = self.slot.pop(rid, None)
        if i is not None:
            self.live[i] = False
            self.rid[i] = None
            self.free.append(i)

    def nearest(
        self, store: VectorStore, query: Sequence[float], among: set[RowId] | None
    ) -> Iterator[tuple[float, RowId]]:
        """Exact order from approximate float32 scores: batches whose bounds are safe.

        Each round takes the ``m`` best approximate scores (threshold ``t``) and every
        slot within twice the rounding bound ``tol`` of it; any slot outside scores below
        ``t - tol`` exactly, so the batch's rows scoring at least that are emitted in exact
        order and the rest wait for the next, larger, round.
        """
        slots = self._slots(among)
        if not len(slots):
            return
        scores, tol = self._approx_scores(slots, among is None, query, store.function)
        yield from self._exact_rounds(store, slots, scores, tol, query)

    def _slots(self, among: set[RowId] | None) -> Any:
        """The matrix rows to search: every live one, or those of ``among``, in slot order."""
        np = self.np
        if among is None:
            return np.flatnonzero(self.live[: len(self.rid)])
        idx = [self.slot[r] for r in among if r in self.slot]
        return np.asarray(sorted(idx), dtype=np.int64)

    def _approx_scores(
        self, slots: Any, every: bool, query: Sequence[float], fn: str
    ) -> tuple[Any, float]:
        """float32 similarity scores of ``slots`` (``every`` live row when true) and a bound
        on their error."""
        np = self.np
        q = np.asarray(query, dtype=np.float32)
        qn = float(np.linalg.norm(np.asarray(query, dtype=np.float64)))
        if every:  # a product over the whole matrix (a view) beats copying rows
            approx = (self.data[: len(self.rid)] @ q)[slots].astype(np.float64)
        else:
            approx = (self.data[slots] @ q).astype(np.float64)
        norms = self.norms[slots]
        eps = 4e-7 * self.data.shape[1]  # float32 dot-product rounding bound, relative to |a||b|
        if fn == "COSINE":
            denom = np.where(norms * qn == 0, 1.0, norms * qn)
            return (1.0 + approx / denom) / 2.0, eps + 1e-12
        if fn == "DOT_PRODUCT":
            return (1.0 + approx) / 2.0, eps * qn * float(norms.max()) + 1e-12
        d2 = np.maximum(norms * norms + qn * qn - 2.0 * approx, 0.0)
        return 1.0 / (1.0 + d2), eps * (float(norms.max()) + qn) ** 2 + 1e-12

    def _exact_rounds(
        self, store: VectorStore, slots: Any, scores: Any, tol: float, query: Sequence[float]
    ) -> Iterator[tuple[float, RowId]]:
        """Rows in exact order, in rounds of growing size (see :meth:`nearest`)."""
        np = self.np
        remaining = np.ones(len(slots), dtype=bool)
        m = 16
        fn = store.function
        vectors = store.vectors
        while remaining.any():
            live_scores = np.where(remaining, scores, -np.inf)
            count = int(remaining.sum())
            if m >= count:
                batch = np.flatnonzero(remaining)
                floor = -np.inf
            else:
                t = float(np.partition(live_scores, len(live_scores) - m)[len(live_scores) - m])
                batch = np.flatnonzero(live_scores >= t - 2 * tol)
                floor = t - tol
            exact = []
            for j in batch.tolist():
                rid = self.rid[int(slots[j])]
                assert rid is not None
                exact.append((similarity(fn, vectors[rid], query), rid, j))
            exact.sort(key=lambda x: _order(x[0], x[1]))
            for score, rid, j in exact:
                if score < floor:
                    break
                remaining[j] = False
                yield score, rid
            m *= 4
