"""SELECT execution: partition selection, row visibility, filtering, aggregation, paging."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, SetType, contained_type
from coodie.embedded.ann import ann_order, ann_restrictions
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid
from coodie.embedded.index_kinds import like_pattern
from coodie.embedded.index_plan import Candidates, candidate_rows, plan_indexes
from coodie.embedded.keys import clustering_key_fn, partition_bytes
from coodie.embedded.nodes import SelectStmt
from coodie.embedded.ordering import key_function
from coodie.embedded.selectors import RowView, Sel, compile_selector
from coodie.embedded.slices import clustering_predicate, clustering_ranges, validate_clustering
from coodie.embedded.sortedkeys import after_prefix
from coodie.embedded.storage import Partition, TableData, live_value
from coodie.embedded.terms import UNSET, EvalContext, evaluate
from coodie.embedded.where import analyze

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index
    from coodie.embedded.index_store import IndexStore

FILTERING_MSG = (
    "Cannot execute this query as it might involve data filtering and thus may have "
    "unpredictable performance. If you want to execute this query despite the performance "
    "unpredictability, use ALLOW FILTERING"
)


class Query:
    """A validated SELECT ready to produce rows."""

    def __init__(
        self,
        table: Table,
        data: TableData,
        st: SelectStmt,
        ctx: EvalContext,
        page_size: int | None,
        store_of: Callable[[Index], IndexStore] | None = None,
    ) -> None:
        self.table = table
        self.store_of = store_of
        self.candidates: Candidates | None = None
        self.data = data
        self.st = st
        self.ctx = ctx
        self.now = ctx.now_ms // 1000
        self.warnings: list[str] = []
        self.r = analyze(table, st.where, ctx)
        self.sels = self._selectors()
        self.aggregate = any(s.agg is not None for s in self.sels) or bool(st.group_by)
        self.ann = ann_order(self)
        if self.ann is None:
            self.index_used = self._validate_restrictions()
        self.reverse = self._ordering(page_size)
        self.limit = self._limit(st.limit, "LIMIT")
        self.ppl = self._limit(st.per_partition_limit, "PER PARTITION LIMIT")
        if self.ann is not None:
            self.index_used = ann_restrictions(self)
        self.ck_pred = clustering_predicate(table, self.r)
        self.exact_keys = self._exact_keys()
        self.ckf = clustering_key_fn(
            [c.type for c in table.clustering], [c.desc for c in table.clustering]
        )
        self.window = self._window()

    def _exact_keys(self) -> list[Any] | None:
        """Sorted clustering sort keys when every clustering column is restricted by = / IN."""
        t, r = self.table, self.r
        if not t.clustering or r.multi or r.ck_slices:
            return None
        if not all(c.name in r.ck_eq for c in t.clustering):
            return None
        import itertools

        ckf = clustering_key_fn([c.type for c in t.clustering], [c.desc for c in t.clustering])
        combos = itertools.product(*(r.ck_eq[c.name] for c in t.clustering))
        return sorted({ckf(ck) for ck in combos})

    # ---------------------------------------------------------------- validation
    def _selectors(self) -> list[Sel]:
        st, t = self.st, self.table
        if st.selections is None:
            sels = [compile_selector(t, _col(c.name), self.ctx) for c in t.star]
        else:
            sels = []
            for selection in st.selections:
                sel = compile_selector(t, selection.expr, self.ctx)
                if selection.alias:
                    sel = Sel(selection.alias, sel.type, sel.fn, sel.agg, sel.column)
                sels.append(sel)
        if st.distinct:
            names = [s.column for s in sels if s.agg is None]
            for s in sels:
                if s.agg is None and (
                    s.column is None or t.columns[s.column].kind not in ("partition_key", "static")
                ):
                    raise invalid(
                        "SELECT DISTINCT queries must only request partition key columns "
                        f"and/or static columns (not {s.column or s.name})"
                    )
            missing = [c.name for c in t.partition_key if c.name not in names]
            if missing:
                raise invalid(
                    "SELECT DISTINCT queries must request all the partition key columns "
                    f"(missing {', '.join(missing)})"
                )
        for g in st.group_by:
            col = t.column(g)
            if not col.is_primary:
                raise invalid(
                    "Group by is currently only supported on the columns of the PRIMARY KEY, "
                    f"got {g}"
                )
        return sels

    def _limit(self, term: Any, what: str) -> int | None:
        if term is None:
            return None
        from coodie.cql.types import NATIVE

        v = evaluate(
            term, NATIVE["int"], "[limit]" if what == "LIMIT" else "[per_partition_limit]", self.ctx
        )
        if v is None:
            raise invalid("Invalid null value of limit")
        if v is UNSET:
            return None
        if v <= 0:
            raise invalid("LIMIT must be strictly positive")
        return int(v)

    def _validate_restrictions(self) -> bool:
        t, r, st = self.table, self.r, self.st
        pk_full = r.partition_keys(t) is not None
        pk_partial = bool(r.pk) and not pk_full
        indexed = _indexed(t)
        self.plan = plan_indexes(t, r.filters)
        index_used = bool(self.plan.used)
        remaining = self.plan.remaining
        ck_restricted = bool(r.ck_eq or r.ck_slices or r.multi)
        ck_indexed = [c for c in t.clustering if c.name in r.ck_eq and c.name in indexed]
        pk_indexed = [c for c in t.partition_key if c.name in r.pk and c.name in indexed]
        needs = bool(remaining)
        if r.pk_slice or pk_partial:
            if pk_partial and pk_indexed and not r.pk_slice:
                index_used = True
            else:
                needs = True
        if ck_restricted and not pk_full:
            if ck_indexed and not index_used:
                index_used = True
            elif not index_used:
                needs = True
        if ck_restricted and not st.allow_filtering:
            try:
                validate_clustering(t, r)
            except Exception:
                if not index_used:
                    raise
        if needs and not st.allow_filtering:
            raise invalid(FILTERING_MSG)
        if index_used and st.order_by:
            raise invalid("ORDER BY with 2ndary indexes is not supported.")
        if (self.aggregate or st.group_by) and not pk_full:
            self.warnings.append("Aggregation query used without partition key")
        elif self.aggregate and pk_full and len(r.partition_keys(t) or []) > 1:
            self.warnings.append(
                "Aggregation query used on multiple partition keys (IN restriction)"
            )
        return index_used

    def _ordering(self, page_size: int | None) -> bool:
        st, t = self.st, self.table
        if not st.order_by:
            return False
        for name, _ in st.order_by:
            col = t.column(name)
            if col.kind != "clustering":
                raise invalid(
                    "Order by is currently only supported on the clustered columns of the "
                    f"PRIMARY KEY, got {name}"
                )
        keys = self.r.partition_keys(t)
        if keys is None:
            raise invalid(
                "ORDER BY is only supported when the partition key is restricted by an EQ or an IN."
            )
        names = [n for n, _ in st.order_by]
        if names != [c.name for c in t.clustering[: len(names)]]:
            raise invalid(
                "Order by currently only supports the ordering of columns following their "
                "declared order in the PRIMARY KEY"
            )
        flips = {(desc != t.columns[n].desc) for n, desc in st.order_by}
        if len(flips) > 1:
            raise invalid("Unsupported order by relation")
        if len(keys) > 1 and page_size:
            raise invalid(
                "Cannot page queries with both ORDER BY and a IN restriction on the partition key;"
                " you must either remove the ORDER BY or the IN and sort client side, or disable "
                "paging for this query"
            )
        return flips.pop()

    # ---------------------------------------------------------------- partitions
    def partitions(self, after: tuple[int, bytes] | None) -> Iterator[Partition]:
        """Partitions to read, in token order (or key order for IN), after ``after``."""
        t, r = self.table, self.r
        keys = r.partition_keys(t)
        if keys is None and self.plan.used and self.store_of is not None:
            self.load_candidates()
            assert self.candidates is not None
            for _tok, pk in self.candidates.partitions_after(after):
                p = self.data.get(pk)
                if p is not None and self.token_ok(p.token) and self._pk_filters_ok(p):
                    yield p
            return
        if keys is not None:
            types = [c.type for c in t.partition_key]
            kfs = [key_function(ty) for ty in types]
            ordered = sorted(keys, key=lambda k: tuple(f(v) for f, v in zip(kfs, k, strict=True)))
            resume_at = None if after is None else after[1]
            started = resume_at is None
            for k in ordered:
                pb = partition_bytes(types, k)
                if not started:
                    if pb == resume_at:
                        started = True
                    continue
                p = self.data.get(pb)
                if p is not None and self.token_ok(p.token):
                    yield p
            return
        low, high = self._token_bounds()
        start = after
        if low is not None and (start is None or start < (low, b"")):
            start = (low, b"")  # seek: a token range query reads only its range
        for p in self.data.scan(start):
            if high is not None and p.token > high:
                return
            if self.token_ok(p.token) and self._pk_filters_ok(p):
                yield p

    def _token_bounds(self) -> tuple[int | None, int | None]:
        """The lowest and highest token the ``token(pk)`` restrictions allow (inclusive)."""
        low: int | None = None
        high: int | None = None
        for op, v in self.r.token:
            if op in (">", ">=", "=") and isinstance(v, int):
                low = v if low is None else max(low, v)
            if op in ("<", "<=", "=") and isinstance(v, int):
                high = v if high is None else min(high, v)
        return low, high

    def load_candidates(self) -> None:
        """Look the index-answered restrictions up (once), when an index drives the read."""
        if self.candidates is not None or self.store_of is None or not self.plan.used or self.ann:
            return
        if self.r.partition_keys(self.table) is None:
            self.candidates = Candidates(candidate_rows(self.table, self.plan, self.store_of))

    def token_ok(self, tok: int) -> bool:
        """Whether token ``tok`` satisfies the ``token(...)`` restrictions."""
        for op, v in self.r.token:
            if op == "=" and tok != v:
                return False
            if op == ">" and not tok > v:
                return False
            if op == ">=" and not tok >= v:
                return False
            if op == "<" and not tok < v:
                return False
            if op == "<=" and not tok <= v:
                return False
        return True

    def _pk_filters_ok(self, p: Partition) -> bool:
        from coodie.embedded.slices import _cmp

        t = self.table
        for i, c in enumerate(t.partition_key):
            if c.name in self.r.pk:
                kf = key_function(c.type)
                if kf(p.key[i]) not in {kf(v) for v in self.r.pk[c.name]}:
                    return False
        for col, op, v in self.r.pk_filters:
            i = [c.name for c in t.partition_key].index(col.name)
            kf = key_function(col.type)
            if not _cmp(op, kf(p.key[i]), kf(v)):
                return False
        return True

    # ---------------------------------------------------------------- rows
    def read_static(self, p: Partition) -> tuple[dict[str, Any], dict[str, Any], bool]:
        """Visible static values of a partition, their cells and whether any is live."""
        vals: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        live = False
        for col in self.table.statics:
            c = p.static.cells.get(col.name)
            if c is None:
                continue
            v, cell = live_value(col.type, c, max(p.deleted, p.static.deleted), self.now)
            if v is not None:
                vals[col.name] = v
                cells[col.name] = cell
                live = True
        return vals, cells, live

    def _keys(self, p: Partition, after_ck: Any, only: list[Any] | None) -> Iterator[Any]:
        """The sort keys to visit, in read order, without copying the partition's keys."""
        keys = self.exact_keys if only is None else only
        if keys is None and self.candidates is not None:
            keys = self.candidates.row_keys(p.pk_bytes)
        if keys is not None:
            if after_ck is not None:
                if self.reverse:
                    keys = keys[: bisect.bisect_left(keys, after_ck)]
                else:
                    keys = keys[bisect.bisect_right(keys, after_ck) :]
            return iter(list(reversed(keys)) if self.reverse else keys)
        lo, lo_incl, hi, hi_incl = self.window
        if after_ck is not None and not self.reverse and (lo is None or after_ck >= lo):
            lo, lo_incl = after_ck, False
        if after_ck is not None and self.reverse and (hi is None or after_ck <= hi):
            hi, hi_incl = after_ck, False
        return p.keys.irange(lo, hi, lo_incl, hi_incl, reverse=self.reverse)

    def _window(self) -> tuple[Any, bool, Any, bool]:
        """Bounds of the sort keys the clustering restrictions can match (None: open)."""
        r = self.r
        if not self.table.clustering or r.multi:  # tuple slices over mixed orders: not one range
            return None, True, None, True
        ranges = clustering_ranges(self.table, r, self.ckf)
        if len(ranges) == 1:
            lo, lo_i, hi, hi_i = ranges[0]
            lo_key = lo if lo is None or lo_i else after_prefix(lo)
            if hi is None or not hi_i:
                return lo_key, True, hi, False
            return lo_key, True, after_prefix(hi), True
        los = [lo for lo, _, _, _ in ranges]
        his = [hi for _, _, hi, _ in ranges]
        lo_key = None if not los or None in los else min(los)
        hi_key = None if not his or None in his else after_prefix(max(his))
        return lo_key, True, hi_key, True

    def rows(
        self, p: Partition, after_ck: Any = None, keys: list[Any] | None = None
    ) -> Iterator[tuple[Any, RowView]]:
        """Visible rows of ``p`` matching clustering restrictions: (sort key, view).

        ``keys``: visit only these sort keys (an index's candidates), in that order.
        """
        t = self.table
        now = self.now
        svals, scells, slive = self.read_static(p) if t.statics else ({}, {}, False)
        key_vals = dict(zip((c.name for c in t.partition_key), p.key, strict=True))
        pred = self.ck_pred
        regulars = t.regulars
        any_row = False
        for sk in self._keys(p, after_ck, keys):
            if pred is not None and not pred(sk):
                continue
            row = p.rows.get(sk)
            if row is None:
                continue
            deletion = p.row_deletion(sk, row)
            live = False
            m = row.marker
            if m is not None and m.ts > deletion and m.live(now):
                live = True
            vals = dict(key_vals)
            vals.update(zip((c.name for c in t.clustering), row.ck, strict=True))
            cells: dict[str, Any] = {}
            stored = row.cells
            layout = stored[0]  # looked up inline: this loop runs for every row read
            for col in regulars:
                i = layout.get(col.name)
                if i is None:
                    continue
                v, cell = live_value(col.type, stored[i], deletion, now)
                if v is not None:
                    vals[col.name] = v
                    cells[col.name] = cell
                    live = True
            if not live:
                continue
            any_row = True
            vals.update(svals)
            cells.update(scells)
            yield sk, RowView(p, vals, cells)
        if (
            not any_row
            and slive
            and after_ck is None
            and keys is None
            and not self.r.ck_eq
            and not self.r.ck_slices
            and not self.r.multi
        ):
            vals = dict(key_vals)
            vals.update(svals)
            yield None, RowView(p, vals, dict(scells))

    def matches(self, row: RowView) -> bool:
        """Whether ``row`` satisfies the filtering restrictions."""
        for col, op, v, k in self.r.filters:
            if not _filter(col, op, v, k, row.vals.get(col.name)):
                return False
        return True


def _like(actual: str, pattern: str) -> bool:
    kind, term = like_pattern(pattern)
    if kind == "LIKE_PREFIX":
        return actual.startswith(term)
    if kind == "LIKE_SUFFIX":
        return actual.endswith(term)
    if kind == "LIKE_CONTAINS":
        return term in actual
    return actual == term


def _col(name: str) -> Any:
    from coodie.embedded.nodes import SelColumn

    return SelColumn(name)


def _indexed(t: Table) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for idx in t.indexes.values():
        kind = idx.kind
        if kind == "simple":
            col = t.columns.get(idx.column)
            if col is not None and isinstance(col.type, ListType | SetType | MapType):
                kind = "values" if not col.type.frozen else "full"
        out.setdefault(idx.column, set()).add(kind)
    return out


def _filter(col: Column, op: str, v: Any, k: Any, actual: Any) -> bool:
    from coodie.embedded.slices import _cmp

    t = col.type
    if op == "LIKE":
        return actual is not None and _like(str(actual), str(v))
    if op == "CONTAINS":
        if actual is None:
            return False
        kf = key_function(contained_type(t))
        items = [b for _, b in actual] if isinstance(t, MapType) else list(actual)
        return any(kf(x) == kf(v) for x in items)
    if op == "CONTAINS KEY":
        if actual is None:
            return False
        assert isinstance(t, MapType)
        kf = key_function(t.key)
        return any(kf(a) == kf(v) for a, _ in actual)
    if op.startswith("ENTRY"):
        if actual is None:
            return False
        assert isinstance(t, MapType)
        kf = key_function(t.key)
        vf = key_function(t.value)
        for a, b in actual:
            if kf(a) == kf(v):
                return _cmp(op[5:], vf(b), vf(k))
        return False
    if actual is None:
        return False
    kf = key_function(t)
    return _cmp(op, kf(actual), kf(v))
