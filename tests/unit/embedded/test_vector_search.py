"""Vector search on the engine: SAI vector indexes, ``ORDER BY ... ANN OF``, similarity selectors.

Every search test runs twice: with numpy preselecting candidates and with the pure-Python
path; both must return the exact top ``k`` (checked against a brute-force ranking).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator

import pytest

from coodie.embedded import Engine, EngineSettings, Session
from coodie.embedded.vectors import use_numpy
from coodie.exceptions import InvalidRequest

DIMS = 6
ROWS = 150  # above the size where the numpy path takes over


@pytest.fixture(params=[True, False], ids=["numpy", "pure-python"])
def accel(request: pytest.FixtureRequest) -> Iterator[bool]:
    old = use_numpy(request.param)
    yield request.param
    use_numpy(old)


def _vec(rng: random.Random) -> list[float]:
    return [round(rng.uniform(-1, 1), 3) for _ in range(DIMS)]


def _f32(x: float) -> float:
    import struct

    return float(struct.unpack(">f", struct.pack(">f", x))[0])


def _score(fn: str, a: list[float], b: list[float]) -> float:
    a, b = [_f32(x) for x in a], [_f32(x) for x in b]
    d = math.fsum(x * y for x, y in zip(a, b, strict=True))
    if fn == "DOT_PRODUCT":
        return (1 + d) / 2
    if fn == "EUCLIDEAN":
        return 1 / (1 + math.fsum((x - y) ** 2 for x, y in zip(a, b, strict=True)))
    na = math.sqrt(math.fsum(x * x for x in a))
    nb = math.sqrt(math.fsum(x * x for x in b))
    return (1 + d / (na * nb)) / 2


def _table(
    session: Session, fn: str | None, rows: int = ROWS
) -> dict[tuple[int, int], list[float]]:
    session.execute(
        "CREATE TABLE items (k int, c int, tag text, v vector<float, 6>, PRIMARY KEY (k, c))"
    )
    opts = "" if fn is None else f" WITH OPTIONS = {{'similarity_function': '{fn.lower()}'}}"
    session.execute(f"CREATE INDEX items_v ON items (v) USING 'sai'{opts}")
    session.execute("CREATE INDEX items_tag ON items (tag) USING 'sai'")
    rng = random.Random(7)
    data = {}
    for i in range(rows):
        key = (i % 30, i // 30)
        v = _vec(rng)
        data[key] = v
        session.execute(
            "INSERT INTO items (k, c, tag, v) VALUES (?, ?, ?, ?)",
            [key[0], key[1], "even" if i % 2 == 0 else "odd", v],
        )
    return data


def _token(session: Session, k: int) -> int:
    return int(session.execute("SELECT token(k) FROM items WHERE k = ? LIMIT 1", [k]).rows[0][0])


def _expected(
    session: Session, data: dict[tuple[int, int], list[float]], fn: str, q: list[float], k: int
) -> list[tuple[int, int]]:
    tokens = {key[0]: _token(session, key[0]) for key in data}
    ranked = sorted(data, key=lambda key: (-_score(fn, data[key], q), tokens[key[0]], key[1]))
    return ranked[:k]


@pytest.mark.parametrize("fn", ["COSINE", "DOT_PRODUCT", "EUCLIDEAN"])
def test_ann_returns_the_exact_top_k(session: Session, accel: bool, fn: str) -> None:
    data = _table(session, fn)
    q = [0.3, -0.2, 0.9, 0.1, -0.5, 0.25]
    rows = session.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 10", [q]).rows
    assert [tuple(r) for r in rows] == _expected(session, data, fn, q, 10)


def test_default_similarity_is_cosine(session: Session, accel: bool) -> None:
    data = _table(session, None)
    q = [1, 0, 0, 0, 0, 0]
    rows = session.execute("SELECT k, c FROM items ORDER BY v ANN OF [1, 0, 0, 0, 0, 0] LIMIT 5")
    assert [tuple(r) for r in rows.rows] == _expected(session, data, "COSINE", q, 5)


def test_ties_come_in_token_order(session: Session, accel: bool) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 2>)")
    session.execute("CREATE INDEX ON t (v) USING 'sai'")
    for k in range(100):
        session.execute("INSERT INTO t (k, v) VALUES (?, ?)", [k, [1.0, 2.0] if k % 3 else [2, 1]])
    rows = session.execute("SELECT k, token(k) FROM t ORDER BY v ANN OF [1, 2] LIMIT 20").rows
    tokens = [r[1] for r in rows]
    assert tokens == sorted(tokens)
    assert all(r[0] % 3 for r in rows)


def test_ann_with_partition_key_and_sai_restrictions(session: Session, accel: bool) -> None:
    data = _table(session, "EUCLIDEAN")
    q = [0.1] * DIMS
    rows = session.execute("SELECT k, c FROM items WHERE k = 3 ORDER BY v ANN OF ? LIMIT 3", [q])
    in_part = {key: v for key, v in data.items() if key[0] == 3}
    assert [tuple(r) for r in rows.rows] == _expected(session, in_part, "EUCLIDEAN", q, 3)
    rows = session.execute(
        "SELECT k, c, tag FROM items WHERE tag = 'odd' ORDER BY v ANN OF ? LIMIT 7", [q]
    )
    odd = {key: v for key, v in data.items() if (key[1] * 30 + key[0]) % 2 == 1}
    assert [tuple(r[:2]) for r in rows.rows] == _expected(session, odd, "EUCLIDEAN", q, 7)
    assert {r[2] for r in rows.rows} == {"odd"}


def test_index_follows_writes_deletes_and_expiry(
    session: Session, accel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _table(session, "EUCLIDEAN")
    q = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    session.execute("INSERT INTO items (k, c, v) VALUES (99, 0, ?)", [q])
    first = session.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 1", [q]).rows
    assert [tuple(r) for r in first] == [(99, 0)]
    session.execute("UPDATE items SET v = [9, 9, 9, 9, 9, 9] WHERE k = 99 AND c = 0")
    top = session.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 5", [q]).rows
    assert (99, 0) not in [tuple(r) for r in top]
    session.execute("INSERT INTO items (k, c, v) VALUES (98, 0, ?) USING TTL 1", [q])
    session.execute("DELETE FROM items WHERE k = 99")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5)
    rows = session.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 150", [q]).rows
    assert {tuple(r) for r in rows}.isdisjoint({(98, 0), (99, 0)})
    assert len(rows) == ROWS


def test_numpy_and_pure_python_agree(session: Session) -> None:
    results = []
    for enabled in (True, False):
        old = use_numpy(enabled)
        try:
            s = Engine().session()
            s.execute(
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                "'replication_factor': 1}"
            )
            s.execute("USE ks")
            _table(s, "DOT_PRODUCT", rows=300)
            q = [0.2, 0.4, -0.6, 0.8, -1.0, 0.0]
            results.append(
                s.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 50", [q]).rows
            )
        finally:
            use_numpy(old)
    assert [tuple(r) for r in results[0]] == [tuple(r) for r in results[1]]


def test_ann_pages_through_its_limit(session: Session, accel: bool) -> None:
    _table(session, "COSINE")
    q = [1, 2, 3, 4, 5, 6]
    whole = session.execute("SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 25", [q]).rows
    pages, state = [], None
    for _ in range(10):
        r = session.execute(
            "SELECT k, c FROM items ORDER BY v ANN OF ? LIMIT 25",
            [q],
            page_size=10,
            paging_state=state,
        )
        pages.extend(r.rows)
        state = r.paging_state
        if state is None:
            break
    assert pages == whole and len(whole) == 25


@pytest.mark.parametrize(
    ("cql", "message"),
    [
        (
            "SELECT * FROM items ORDER BY v ANN OF [1, 2, 3, 4, 5, 6]",
            "requires a LIMIT that is not greater than 1000. LIMIT was NO LIMIT",
        ),
        ("SELECT * FROM items ORDER BY v ANN OF [1, 2, 3, 4, 5, 6] LIMIT 1001", "LIMIT was 1001"),
        (
            "SELECT * FROM items ORDER BY v ANN OF [1, 2] LIMIT 3",
            "Invalid vector literal for v of type vector<float, 6>; expected 6 elements, "
            "but given 2",
        ),
        (
            "SELECT * FROM items ORDER BY v ANN OF [0, 0, 0, 0, 0, 0] LIMIT 3",
            "Zero vectors cannot be indexed or queried with cosine similarity",
        ),
        (
            "SELECT * FROM items ORDER BY v ANN OF [1, 2, 3, 4, 5, 6] DESC LIMIT 3",
            "Descending ANN ordering is not supported",
        ),
        (
            "SELECT * FROM items WHERE k = 1 ORDER BY v ANN OF [1, 2, 3, 4, 5, 6], c LIMIT 3",
            "ANN ordering does not support secondary ordering",
        ),
        (
            "SELECT * FROM items ORDER BY v ANN OF [1, 2, 3, 4, 5, 6], w ANN OF [1] LIMIT 3",
            "Cannot specify more than one ANN ordering",
        ),
        (
            "SELECT * FROM items ORDER BY w ANN OF [1, 2] LIMIT 3",
            "ANN ordering by vector requires the column to be indexed",
        ),
        (
            "SELECT * FROM items ORDER BY w ANN OF [1, 2] LIMIT 3 ALLOW FILTERING",
            "ANN ordering by vector requires the column to be indexed",
        ),
        (
            "SELECT * FROM items ORDER BY tag ANN OF [1, 2] LIMIT 3",
            "ANN ordering is only supported on float vector indexes",
        ),
        (
            "SELECT * FROM items WHERE n = 1 ORDER BY v ANN OF [1, 2, 3, 4, 5, 6] LIMIT 3 "
            "ALLOW FILTERING",
            "ANN ordering by vector requires all restricted column(s) to be indexed",
        ),
        (
            "SELECT * FROM items WHERE c = 1 ORDER BY v ANN OF [1, 2, 3, 4, 5, 6] LIMIT 3",
            "ANN ordering by vector requires all restricted column(s) to be indexed",
        ),
        (
            "SELECT * FROM items WHERE v = [1, 2, 3, 4, 5, 6]",
            "Vector indexes only support ANN queries",
        ),
        (
            "SELECT * FROM items ORDER BY nope ANN OF [1] LIMIT 1",
            "Undefined column name nope in table ks.items",
        ),
    ],
)
def test_ann_errors(session: Session, cql: str, message: str) -> None:
    session.execute(
        "CREATE TABLE items (k int, c int, tag text, n int, v vector<float, 6>, "
        "w vector<float, 2>, PRIMARY KEY (k, c))"
    )
    session.execute("CREATE INDEX ON items (v) USING 'sai'")
    session.execute("CREATE INDEX ON items (tag) USING 'sai'")
    with pytest.raises(InvalidRequest) as err:
        session.execute(cql)
    assert message in str(err.value)


def test_vector_index_in_system_schema_and_its_warning(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 3>)")
    r = session.execute(
        "CREATE INDEX t_v ON t (v) USING 'sai' "
        "WITH OPTIONS = {'similarity_function': 'DOT_PRODUCT'}"
    )
    assert r.warnings and r.warnings[0].startswith("SAI ANN indexes on vector columns are exp")
    row = session.execute(
        "SELECT kind, options FROM system_schema.indexes WHERE keyspace_name = 'ks' "
        "AND table_name = 't' AND index_name = 't_v'"
    ).rows[0]
    assert row[0] == "CUSTOM"
    assert row[1] == {
        "class_name": "org.apache.cassandra.index.sai.StorageAttachedIndex",
        "similarity_function": "DOT_PRODUCT",
        "target": "v",
    }


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        (
            "CREATE INDEX ON t (v) USING 'sai' WITH OPTIONS = {'similarity_function': 'manhattan'}",
            "Similarity function MANHATTAN was not recognized for index t_v_idx. "
            "Valid values are: EUCLIDEAN, DOT_PRODUCT, COSINE",
        ),
        (
            "CREATE INDEX ON t (n) USING 'sai' WITH OPTIONS = {'similarity_function': 'cosine'}",
            "CQL type int cannot have vector options",
        ),
        (
            "CREATE INDEX ON t (d) USING 'sai'",
            "SAI ANN indexes are only allowed on vector columns with float elements",
        ),
        (
            "CREATE INDEX ON t (one) USING 'sai'",
            "Cosine similarity is not supported for single-dimension vectors",
        ),
    ],
)
def test_vector_index_option_errors(session: Session, ddl: str, message: str) -> None:
    session.execute(
        "CREATE TABLE t (k int PRIMARY KEY, n int, v vector<float, 3>, d vector<double, 2>, "
        "one vector<float, 1>)"
    )
    with pytest.raises(InvalidRequest, match=message.replace("(", r"\(")):
        session.execute(ddl)


def test_single_dimension_vectors_index_with_euclidean(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, one vector<float, 1>)")
    session.execute(
        "CREATE INDEX ON t (one) USING 'sai' WITH OPTIONS = {'similarity_function': 'EUCLIDEAN'}"
    )
    for k in range(5):
        session.execute("INSERT INTO t (k, one) VALUES (?, ?)", [k, [float(k)]])
    rows = session.execute("SELECT k FROM t ORDER BY one ANN OF [3.2] LIMIT 2").rows
    assert [r[0] for r in rows] == [3, 4]


def test_cassandra_4_0_has_no_vector_search() -> None:
    s = Engine(settings=EngineSettings.cassandra_4_0()).session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v vector<float, 2>)")
    with pytest.raises(Exception, match="Unable to find custom indexer class 'sai'"):
        s.execute("CREATE INDEX ON ks.t (v) USING 'sai'")
    with pytest.raises(InvalidRequest, match="Unknown function 'similarity_cosine'"):
        s.execute("SELECT similarity_cosine(v, [1, 2]) FROM ks.t")
    assert s.execute("SELECT release_version FROM system.local").rows[0][0] == "4.0.0"
