"""Producing the rows of one page of a :class:`~coodie.embedded.reads.Query`."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from coodie.embedded.codec import deserialize, serialize
from coodie.embedded.errors import invalid
from coodie.embedded.murmur3 import murmur3_token
from coodie.embedded.reads import Query
from coodie.embedded.selectors import RowView, Sel
from coodie.embedded.storage import Partition


def run_query(
    q: Query, page_size: int | None, state: bytes | None
) -> tuple[list[tuple[Any, ...]], bytes | None]:
    """Rows (internal form) of the next page and the paging state to resume after it."""
    if q.aggregate:
        return _aggregate(q, page_size, state)
    if q.ann is not None:
        from coodie.embedded.ann import ann_rows

        rows = [tuple(s.fn(r) if s.fn else None for s in q.sels) for r in ann_rows(q, q.ann)]
        return _page(rows, page_size, state)
    keys = q.r.partition_keys(q.table)
    if q.st.order_by and keys is not None and len(keys) > 1:
        return _merged(q), None
    return _scan(q, page_size if page_size and page_size > 0 else None, state)


def _scan(
    q: Query, size: int | None, state: bytes | None
) -> tuple[list[tuple[Any, ...]], bytes | None]:
    """Read rows in token and clustering order from where ``state`` stopped, up to a page."""
    count = in_part = 0
    resume_pk: bytes | None = None
    resume_ck: Any = None
    after: tuple[int, bytes] | None = None
    if state:
        count, in_part, resume_pk, ck = decode_state(state, q)
        after = (token_of(resume_pk), resume_pk)
        if ck is not None:
            resume_ck = q.ckf(ck)
    limit = q.limit
    out: list[tuple[Any, ...]] = []
    sels = q.sels
    last: tuple[bytes, Any, int] | None = None
    for p, after_ck, n_in in _partitions(q, resume_pk, resume_ck, in_part, after):
        n = n_in
        for sk, row in q.rows(p, after_ck):
            if q.r.filters and not q.matches(row):
                continue
            if q.ppl is not None and n >= q.ppl:
                break
            out.append(tuple(s.fn(row) if s.fn else None for s in sels))
            n += 1
            count += 1
            last = (p.pk_bytes, None if sk is None else row, n)
            if q.st.distinct:
                last = (p.pk_bytes, None, n)
                break
            if (limit is not None and count >= limit) or (size and len(out) >= size):
                break
        if (limit is not None and count >= limit) or (size and len(out) >= size):
            break
    if size and len(out) >= size and not (limit is not None and count >= limit) and last:
        return out, _state_after(q, last, count)
    return out, None


def _partitions(
    q: Query,
    resume_pk: bytes | None,
    resume_ck: Any,
    in_part: int,
    after: tuple[int, bytes] | None,
) -> Iterator[tuple[Partition, Any, int]]:
    """The partitions to read: the rest of the one a page stopped in, then those after it
    (with the clustering key to resume after and the rows already counted in it)."""
    if resume_ck is not None and resume_pk is not None:
        p = q.data.get(resume_pk)
        if p is not None:
            yield p, resume_ck, in_part
    yield from ((p, None, 0) for p in q.partitions(after))


def _state_after(q: Query, last: tuple[bytes, Any, int], count: int) -> bytes:
    """The paging state resuming after ``last`` (partition key, row or ``None``, rows in it)."""
    pk, row, n = last
    ck = None
    if isinstance(row, RowView):
        ck = tuple(row.vals[c.name] for c in q.table.clustering)
    return encode_state(pk, ck, q, count, n)


def _merged(q: Query) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, RowView]] = []
    for p in q.partitions(None):
        for sk, row in q.rows(p):
            if q.r.filters and not q.matches(row):
                continue
            rows.append((sk, row))
    rows.sort(key=lambda x: x[0], reverse=q.reverse)
    if q.limit is not None:
        rows = rows[: q.limit]
    return [tuple(s.fn(r) if s.fn else None for s in q.sels) for _, r in rows]


def _aggregate(
    q: Query, page_size: int | None, state: bytes | None
) -> tuple[list[tuple[Any, ...]], bytes | None]:
    """Aggregate rows as they are read: one running state per selector and group, never
    the rows themselves (``count(*)`` over a million rows holds one integer)."""
    group_cols = list(q.st.group_by)
    out: list[tuple[Any, ...]] = []
    group = _Group(q.sels)
    current_key: Any = _NO_GROUP
    for p in q.partitions(None):
        n = 0
        for _, row in q.rows(p):
            if q.r.filters and not q.matches(row):
                continue
            if q.ppl is not None and n >= q.ppl:
                break
            n += 1
            if group_cols:
                key = tuple(row.vals.get(c) for c in group_cols)
                if key != current_key:
                    if current_key is not _NO_GROUP:
                        out.append(group.result())
                        group = _Group(q.sels)
                    current_key = key
            group.add(row)
            if q.st.distinct:
                break
        if q.limit is not None and len(out) >= q.limit:
            break
    if not group_cols or current_key is not _NO_GROUP:
        out.append(group.result())
    if q.limit is not None:
        out = out[: q.limit]
    return _page(out, page_size, state)


def _page(
    out: list[tuple[Any, ...]], page_size: int | None, state: bytes | None
) -> tuple[list[tuple[Any, ...]], bytes | None]:
    """One page of a fully computed result; the paging state is the next offset."""
    size = page_size if page_size and page_size > 0 else None
    if not size:
        return out, None
    offset = struct.unpack(">i", state[:4])[0] if state else 0
    page = out[offset : offset + size]
    if offset + size < len(out):
        return page, struct.pack(">i", offset + size)
    return page, None


_NO_GROUP = object()


class _Group:
    """The running aggregates of one group, and its first row (for plain selectors)."""

    __slots__ = ("accumulators", "first", "sels")

    def __init__(self, sels: list[Sel]) -> None:
        self.sels = sels
        self.accumulators = [s.agg() if s.agg is not None else None for s in sels]
        self.first: RowView | None = None

    def add(self, row: RowView) -> None:
        if self.first is None:
            self.first = row
        for acc in self.accumulators:
            if acc is not None:
                acc.add(row)

    def result(self) -> tuple[Any, ...]:
        first = self.first
        return tuple(
            acc.result() if acc is not None else (s.fn(first) if first and s.fn else None)
            for s, acc in zip(self.sels, self.accumulators, strict=True)
        )


def encode_state(
    pk_bytes: bytes, ck: tuple[Any, ...] | None, q: Query, count: int, in_part: int
) -> bytes:
    """Opaque paging state: last partition key, last clustering key and counters."""
    out = [struct.pack(">ii", count, in_part), struct.pack(">i", len(pk_bytes)), pk_bytes]
    if ck is None:
        out.append(struct.pack(">i", -1))
    else:
        out.append(struct.pack(">i", len(ck)))
        for c, v in zip(q.table.clustering, ck, strict=False):
            b = serialize(c.type, v)
            out.append(struct.pack(">i", len(b)) + b)
    return b"".join(out)


def decode_state(data: bytes, q: Query) -> tuple[int, int, bytes, tuple[Any, ...] | None]:
    """Inverse of :func:`encode_state`."""
    try:
        count, in_part, n = struct.unpack_from(">iii", data, 0)
        pos = 12
        pk = data[pos : pos + n]
        pos += n
        (m,) = struct.unpack_from(">i", data, pos)
        pos += 4
        if m < 0:
            return count, in_part, pk, None
        vals = []
        for c in q.table.clustering[:m]:
            (ln,) = struct.unpack_from(">i", data, pos)
            pos += 4
            vals.append(deserialize(c.type, data[pos : pos + ln]))
            pos += ln
        return count, in_part, pk, tuple(vals)
    except (struct.error, ValueError):
        raise invalid("Invalid value for the paging state") from None


def token_of(pk: bytes) -> int:
    """Token of serialized partition key bytes."""
    return murmur3_token(pk)
