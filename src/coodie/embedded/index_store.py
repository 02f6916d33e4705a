"""Secondary index structures: indexed terms -> rows, kept current on every write.

One :class:`IndexStore` per index (regular, SASI or SAI). A store maps each indexed term
(the sort key of a value, a collection element, a map key or entry) to the rows holding it,
and keeps the terms sorted for range and ``LIKE 'abc%'`` lookups; a SASI index in CONTAINS
mode also keeps every suffix of its terms sorted, for ``LIKE '%abc'`` and ``LIKE '%abc%'``.
Rows are ``(token, partition key bytes, clustering sort key)``, so sorting candidates gives
the ring order a node returns. Entries follow the current cells (written, overwritten,
deleted); a value that merely expired stays until its row is written again, and every
candidate is checked against the row before it is returned, as a node does.

Stores are built lazily from the table's data on first use and dropped on schema changes,
so they are never persisted.

>>> store = IndexStore("values", "simple", False)
>>> store.update((1, b"a", ()), ("x",))
>>> store.update((2, b"b", ()), ("y",))
>>> sorted(store.equal("x")), sorted(store.range(">=", "x"))
([(1, b'a', ())], [(1, b'a', ()), (2, b'b', ())])
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from coodie.cql.types import ListType, MapType, SetType
from coodie.embedded.ordering import key_function
from coodie.embedded.storage import Partition, live_value

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index, Table
    from coodie.embedded.engine import Engine

RowId = tuple[int, bytes, Any]
"""(token, serialized partition key, clustering sort key; None for the whole partition,
when the indexed column is static or part of the partition key)."""


class IndexStore:
    """Postings (term -> rows) of one index, its sorted terms and optional suffixes."""

    def __init__(self, name: str, kind: str, suffixes: bool) -> None:
        self.name = name
        self.kind = kind
        self.postings: dict[Any, set[RowId]] = {}
        self.terms: list[Any] = []
        self.rows: dict[bytes, dict[Any, tuple[Any, ...]]] = {}
        self.suffixes: list[tuple[str, str]] | None = [] if suffixes else None

    # ---------------------------------------------------------------- maintenance
    def update(self, rid: RowId, terms: tuple[Any, ...]) -> None:
        """Make ``rid`` indexed under exactly ``terms`` (none: not indexed)."""
        part = self.rows.get(rid[1])
        old = part.get(rid[2], ()) if part is not None else ()
        if old == terms:
            return
        for t in old:
            if t not in terms:
                self._remove(t, rid)
        for t in terms:
            if t not in old:
                self._add(t, rid)
        if terms:
            self.rows.setdefault(rid[1], {})[rid[2]] = terms
        elif part is not None:
            part.pop(rid[2], None)
            if not part:
                del self.rows[rid[1]]

    def index_terms(self, table: Table, idx: Index, kind: str, value: Any) -> tuple[Any, ...]:
        """The terms a column value (internal form) is indexed under in this store."""
        return terms_of(table, idx, kind, value)

    def indexed_keys(self, pk_bytes: bytes) -> list[Any]:
        """Clustering sort keys of partition ``pk_bytes`` that have entries."""
        return list(self.rows.get(pk_bytes, ()))

    def _add(self, term: Any, rid: RowId) -> None:
        rows = self.postings.get(term)
        if rows is None:
            rows = self.postings[term] = set()
            bisect.insort(self.terms, term)
            if self.suffixes is not None and isinstance(term, str):
                for i in range(len(term)):
                    bisect.insort(self.suffixes, (term[i:], term))
        rows.add(rid)

    def _remove(self, term: Any, rid: RowId) -> None:
        rows = self.postings.get(term)
        if rows is None:
            return
        rows.discard(rid)
        if rows:
            return
        del self.postings[term]
        del self.terms[bisect.bisect_left(self.terms, term)]
        if self.suffixes is not None and isinstance(term, str):
            for i in range(len(term)):
                del self.suffixes[bisect.bisect_left(self.suffixes, (term[i:], term))]

    # ---------------------------------------------------------------- lookups
    def equal(self, term: Any) -> set[RowId]:
        """Rows indexed under ``term``."""
        return set(self.postings.get(term, ()))

    def range(self, op: str, term: Any) -> set[RowId]:
        """Rows whose term compares to ``term`` with ``op`` (``<``, ``<=``, ``>``, ``>=``)."""
        terms = self.terms
        if op == ">":
            sel = terms[bisect.bisect_right(terms, term) :]
        elif op == ">=":
            sel = terms[bisect.bisect_left(terms, term) :]
        elif op == "<":
            sel = terms[: bisect.bisect_left(terms, term)]
        else:
            sel = terms[: bisect.bisect_right(terms, term)]
        return self._union(sel)

    def prefix(self, text: str) -> set[RowId]:
        """Rows whose (text) term starts with ``text``."""
        return self._union(_starting(self.terms, text, lambda t: t))

    def contains(self, text: str) -> set[RowId]:
        """Rows whose term contains ``text`` (CONTAINS-mode SASI: prefix over suffixes)."""
        assert self.suffixes is not None
        found = {term for _, term in _starting(self.suffixes, (text,), lambda s: s[0], text)}
        return self._union(found)

    def suffix(self, text: str) -> set[RowId]:
        """Rows whose term ends with ``text`` (CONTAINS-mode SASI)."""
        assert self.suffixes is not None
        i = bisect.bisect_left(self.suffixes, (text,))
        found = set()
        while i < len(self.suffixes) and self.suffixes[i][0] == text:
            found.add(self.suffixes[i][1])
            i += 1
        return self._union(found)

    def _union(self, terms: Iterable[Any]) -> set[RowId]:
        out: set[RowId] = set()
        for t in terms:
            out |= self.postings[t]
        return out


def _starting(items: list[Any], start: Any, key: Any, text: str | None = None) -> Iterator[Any]:
    prefix = start if text is None else text
    i = bisect.bisect_left(items, start)
    while i < len(items):
        k = key(items[i])
        if not (isinstance(k, str) and k.startswith(prefix)):
            return
        yield items[i]
        i += 1


# ---------------------------------------------------------------- terms of a row


def effective_kind(table: Table, idx: Index) -> str:
    """The index target kind: simple / values / keys / entries / full."""
    col = table.columns[idx.column]
    if idx.kind == "simple" and isinstance(col.type, ListType | SetType | MapType):
        return "full" if col.type.frozen else "values"
    return idx.kind


def terms_of(table: Table, idx: Index, kind: str, value: Any) -> tuple[Any, ...]:
    """The terms ``value`` (a column value, internal form) is indexed under."""
    if value is None:
        return ()
    t = table.columns[idx.column].type
    if kind in ("simple", "full"):
        return (key_function(t)(value),)
    if isinstance(t, MapType):
        kk, vk = key_function(t.key), key_function(t.value)
        if kind == "keys":
            return tuple(dict.fromkeys(kk(k) for k, _ in value))
        if kind == "entries":
            return tuple(dict.fromkeys((kk(k), vk(v)) for k, v in value))
        return tuple(dict.fromkeys(vk(v) for _, v in value))
    assert isinstance(t, ListType | SetType)
    ek = key_function(t.element)
    return tuple(dict.fromkeys(ek(e) for e in value))


def _column_value(table: Table, idx: Index, p: Partition, sk: Any, now: int) -> Any:
    col = table.columns[idx.column]
    if col.kind == "partition_key":
        return p.key[col.position]
    if sk is None:
        if col.kind != "static":
            return None
        c = p.static.cells.get(col.name)
        return (
            None if c is None else live_value(col.type, c, max(p.deleted, p.static.deleted), now)[0]
        )
    row = p.rows.get(sk)
    if row is None:
        return None
    if col.kind == "clustering":
        return row.ck[col.position]  # a deleted row stays listed; reads check every candidate
    if col.kind == "static":
        return None
    c = row.cells.get(col.name)
    return None if c is None else live_value(col.type, c, p.row_deletion(sk, row), now)[0]


def refresh_partition(
    table: Table, idx: Index, store: IndexStore, p: Partition, keys: list[Any] | None, now: int
) -> None:
    """Re-index the rows ``keys`` of ``p`` (every row when None) and its static row."""
    col = table.columns[idx.column]
    if col.kind in ("static", "partition_key") and keys is not None:
        keys = []
    if keys is None:
        keys = list(dict.fromkeys([*p.keys, *store.indexed_keys(p.pk_bytes)]))
    if col.kind in ("static", "partition_key"):
        keys = [None]
    for sk in keys:
        value = _column_value(table, idx, p, sk, now)
        store.update((p.token, p.pk_bytes, sk), store.index_terms(table, idx, store.kind, value))


def store_for(eng: Engine, table: Table, idx: Index) -> IndexStore:
    """The store of ``idx``, built from the table's data on first use."""
    key = (table.keyspace, table.name, idx.name)
    store: IndexStore | None = eng.index_stores.get(key)
    if store is None:
        from coodie.embedded.index_kinds import sasi_mode, vector_index

        vector = vector_index(table, idx)
        if vector is not None:
            from coodie.embedded.vector_store import VectorStore

            store = VectorStore(idx.name, vector[1], vector[0])
        else:
            store = IndexStore(idx.name, effective_kind(table, idx), sasi_mode(idx) == "CONTAINS")
        now = eng.now_seconds()
        for p in eng.data[(table.keyspace, table.name)].partitions.values():
            refresh_partition(table, idx, store, p, None, now)
        eng.index_stores[key] = store
    return store


def maintain(eng: Engine, table: Table, p: Partition, keys: list[Any] | None, now: int) -> None:
    """Bring every built store of ``table`` up to date after a write to ``p``."""
    for idx in table.indexes.values():
        store = eng.index_stores.get((table.keyspace, table.name, idx.name))
        if store is not None:
            refresh_partition(table, idx, store, p, keys, now)
