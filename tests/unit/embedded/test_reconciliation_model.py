"""Random writes with colliding timestamps agree with a reference model of Cassandra's rules.

Rules modelled: a deletion shadows data with an equal or lower timestamp; between two
cells of equal timestamp a tombstone wins, then the greater serialized value; INSERT
writes a row marker, UPDATE does not, so a row lives while its marker or any cell does.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.embedded import Engine

KEYS = st.integers(0, 1)
CLUST = st.integers(0, 2)
TS = st.integers(1, 4)
VAL = st.one_of(st.none(), st.integers(0, 3))

OPS = st.one_of(
    st.tuples(st.just("insert"), KEYS, CLUST, VAL, VAL, TS),
    st.tuples(st.just("update"), KEYS, CLUST, st.sampled_from(["v", "w"]), VAL, TS),
    st.tuples(st.just("delete_row"), KEYS, CLUST, TS),
    st.tuples(st.just("delete_cell"), KEYS, CLUST, st.sampled_from(["v", "w"]), TS),
    st.tuples(st.just("delete_partition"), KEYS, TS),
    st.tuples(st.just("delete_range"), KEYS, CLUST, TS),
)


def _model(ops: list[tuple[Any, ...]]) -> list[tuple[int, int, Any, Any]]:
    cells: dict[tuple[int, int, str], tuple[int, Any]] = {}
    markers: dict[tuple[int, int], int] = {}
    row_del: dict[tuple[int, int], int] = {}
    part_del: dict[int, int] = {}
    ranges: list[tuple[int, int, int]] = []

    def write(key: tuple[int, int, str], ts: int, value: Any) -> None:
        old = cells.get(key)
        if old is None or ts > old[0]:
            cells[key] = (ts, value)
        elif ts == old[0]:
            if old[1] is None or value is None:
                cells[key] = (ts, None)
            else:
                cells[key] = (ts, max(old[1], value))

    for op in ops:
        kind = op[0]
        if kind == "insert":
            _, k, c, v, w, ts = op
            markers[(k, c)] = max(markers.get((k, c), 0), ts)
            write((k, c, "v"), ts, v)
            write((k, c, "w"), ts, w)
        elif kind == "update":
            _, k, c, col, v, ts = op
            write((k, c, col), ts, v)
        elif kind == "delete_row":
            _, k, c, ts = op
            row_del[(k, c)] = max(row_del.get((k, c), 0), ts)
        elif kind == "delete_cell":
            _, k, c, col, ts = op
            write((k, c, col), ts, None)
        elif kind == "delete_partition":
            _, k, ts = op
            part_del[k] = max(part_del.get(k, 0), ts)
        else:
            _, k, c, ts = op
            ranges.append((k, c, ts))
    out = []
    for k in (0, 1):
        for c in (0, 1, 2):
            deletion = max(
                [part_del.get(k, 0), row_del.get((k, c), 0)]
                + [ts for rk, rc, ts in ranges if rk == k and c >= rc]
            )
            live = markers.get((k, c), 0) > deletion
            vals = []
            for col in ("v", "w"):
                ts, value = cells.get((k, c, col), (0, None))
                visible = value if ts > deletion else None
                live = live or visible is not None
                vals.append(visible)
            if live:
                out.append((k, c, vals[0], vals[1]))
    return out


def _cql(op: tuple[Any, ...]) -> tuple[str, list[Any]]:
    kind = op[0]
    if kind == "insert":
        _, k, c, v, w, ts = op
        return f"INSERT INTO t (k, c, v, w) VALUES (?, ?, ?, ?) USING TIMESTAMP {ts}", [k, c, v, w]
    if kind == "update":
        _, k, c, col, v, ts = op
        return f"UPDATE t USING TIMESTAMP {ts} SET {col} = ? WHERE k = ? AND c = ?", [v, k, c]
    if kind == "delete_row":
        _, k, c, ts = op
        return f"DELETE FROM t USING TIMESTAMP {ts} WHERE k = ? AND c = ?", [k, c]
    if kind == "delete_cell":
        _, k, c, col, ts = op
        return f"DELETE {col} FROM t USING TIMESTAMP {ts} WHERE k = ? AND c = ?", [k, c]
    if kind == "delete_partition":
        _, k, ts = op
        return f"DELETE FROM t USING TIMESTAMP {ts} WHERE k = ?", [k]
    _, k, c, ts = op
    return f"DELETE FROM t USING TIMESTAMP {ts} WHERE k = ? AND c >= ?", [k, c]


@settings(max_examples=150, deadline=None)
@given(st.lists(OPS, max_size=12))
def test_engine_matches_reconciliation_model(ops: list[tuple[Any, ...]]) -> None:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("USE ks")
    s.execute("CREATE TABLE t (k int, c int, v int, w int, PRIMARY KEY (k, c))")
    for op in ops:
        cql, params = _cql(op)
        s.execute(cql, params)
    rows = sorted(s.execute("SELECT k, c, v, w FROM t").rows)
    assert rows == _model(ops)
