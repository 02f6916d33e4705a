"""Paged reads return exactly the unpaged result, page by page, for many query shapes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.embedded import Engine, Session

QUERIES = [
    "SELECT k, c, v FROM t",
    "SELECT k, c, v FROM t WHERE k = 1",
    "SELECT k, c, v FROM t WHERE k = 1 ORDER BY c DESC",
    "SELECT k, c, v FROM t WHERE k = 2 AND c > 3 AND c <= 12",
    "SELECT k, c, v FROM t WHERE k IN (3, 1, 2)",
    "SELECT k, c, v FROM t LIMIT 7",
    "SELECT k, c, v FROM t PER PARTITION LIMIT 2",
    "SELECT k, c, v FROM t WHERE v = 1 ALLOW FILTERING",
    "SELECT DISTINCT k, s FROM t",
    "SELECT k, c, s FROM t WHERE token(k) > -5000000000000000000",
]


def _fresh(rows: list[tuple[int, int]]) -> Session:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("USE ks")
    s.execute("CREATE TABLE t (k int, c int, v int, s int STATIC, PRIMARY KEY (k, c))")
    p = s.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)")
    for k, c in rows:
        s.execute(p, [k, c, c % 3])
    s.execute("INSERT INTO t (k, s) VALUES (9, 90)")  # a static-only partition
    return s


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 15)), max_size=40),
    st.sampled_from(QUERIES),
    st.integers(1, 9),
)
def test_pages_concatenate_to_the_unpaged_result(
    rows: list[tuple[int, int]], query: str, page_size: int
) -> None:
    s = _fresh(rows)
    expected = s.execute(query).rows
    got: list[tuple[object, ...]] = []
    state = None
    pages = []
    while True:
        r = s.execute(query, page_size=page_size, paging_state=state)
        pages.append(len(r.rows))
        got.extend(r.rows)
        state = r.paging_state
        if state is None:
            break
    assert got == expected
    assert all(n == page_size for n in pages[:-1])
    assert pages[-1] <= page_size
