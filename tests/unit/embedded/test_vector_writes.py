"""Writes into vector columns: what an SAI vector index refuses (Cassandra 5.0), JSON vectors,
and Cassandra 4.0's grammar, which has no ``ANN OF``."""

from __future__ import annotations

import pytest

from coodie.embedded import Engine, EngineSettings, Session
from coodie.exceptions import CqlSyntaxError, InvalidRequest

ZERO = "Zero vectors cannot be indexed or queried with cosine similarity"


@pytest.fixture
def items(session: Session) -> Session:
    session.execute(
        "CREATE TABLE items (k int PRIMARY KEY, cos vector<float, 2>, "
        "euc vector<float, 2>, plain vector<float, 2>)"
    )
    session.execute("CREATE INDEX ON items (cos) USING 'sai'")
    session.execute(
        "CREATE INDEX ON items (euc) USING 'sai' "
        "WITH OPTIONS = {'similarity_function': 'euclidean'}"
    )
    return session


def _rows(session: Session) -> list[tuple[object, ...]]:
    return list(session.execute("SELECT k, cos, euc, plain FROM items").rows)


@pytest.mark.parametrize(
    ("cql", "params", "message"),
    [
        ("INSERT INTO items (k, cos) VALUES (1, [0, 0])", None, ZERO),
        ("INSERT INTO items (k, cos) VALUES (1, ?)", [[0.0, -0.0]], ZERO),
        ("UPDATE items SET cos = [0, 0] WHERE k = 1", None, ZERO),
        ("UPDATE items SET cos = ? WHERE k = 1 IF EXISTS", [[0.0, 0.0]], ZERO),
        ('INSERT INTO items JSON \'{"k": 1, "cos": [0, 0]}\'', None, ZERO),
        (
            "BEGIN BATCH INSERT INTO items (k, plain) VALUES (1, [1, 1]); "
            "UPDATE items SET cos = [0, 0] WHERE k = 2; APPLY BATCH",
            None,
            ZERO,
        ),
        (
            "INSERT INTO items (k, euc) VALUES (1, [NaN, 0])",
            None,
            "non-finite value at vector[0]=NaN",
        ),
        (
            "INSERT INTO items (k, cos) VALUES (1, [1, -Infinity])",
            None,
            "non-finite value at vector[1]=-Infinity",
        ),
        (
            "INSERT INTO items (k, euc) VALUES (1, ?)",
            [[0.0, 2e17]],
            "Out-of-bounds value at vector[1]=2.0E17",
        ),
    ],
)
def test_an_indexed_vector_the_index_cannot_hold_is_refused(
    items: Session, cql: str, params: list[object] | None, message: str
) -> None:
    with pytest.raises(InvalidRequest) as err:
        items.execute(cql, params)
    assert str(err.value) == message
    assert _rows(items) == []  # nothing was written, not even the batch's other statement


def test_vectors_the_index_accepts(items: Session) -> None:
    items.execute("INSERT INTO items (k, euc, plain) VALUES (1, [0, 0], [0, 0])")
    items.execute("INSERT INTO items (k, plain) VALUES (2, [NaN, 1e30])")
    items.execute("UPDATE items SET cos = [0, 1e-30] WHERE k = 3")
    items.execute("INSERT INTO items (k, cos) VALUES (4, null)")
    rows = sorted(_rows(items), key=lambda r: int(str(r[0])))
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert rows[0][2] == [0.0, 0.0]
    assert [
        r[0] for r in items.execute("SELECT k FROM items ORDER BY euc ANN OF [0, 0] LIMIT 5").rows
    ] == [1]


def test_an_index_created_over_existing_zero_vectors_skips_them(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 2>)")
    session.execute("INSERT INTO t (k, v) VALUES (1, [0, 0])")
    session.execute("INSERT INTO t (k, v) VALUES (2, [1, 0])")
    session.execute("CREATE INDEX ON t (v) USING 'sai'")  # Cassandra ignores invalid vectors here
    assert [
        r[0] for r in session.execute("SELECT k FROM t ORDER BY v ANN OF [1, 1] LIMIT 5").rows
    ] == [2]
    assert len(session.execute("SELECT k FROM t").rows) == 2
    with pytest.raises(InvalidRequest, match=ZERO):
        session.execute("UPDATE t SET v = [0, 0] WHERE k = 2")


def test_json_vectors_in_and_out(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 2>)")
    session.execute("INSERT INTO t JSON ?", ['{"k": 1, "v": [1.5, 2]}'])
    session.execute("INSERT INTO t JSON ?", ['{"k": 2, "v": "[3, 4]"}'])
    out = sorted(r[0] for r in session.execute("SELECT JSON k, v FROM t").rows)
    assert out == ['{"k": 1, "v": [1.5, 2.0]}', '{"k": 2, "v": [3.0, 4.0]}']
    for doc, message in [
        ('{"k": 3, "v": [1, 2, 3]}', "List had incorrect size: expected 2 but given 3; [1, 2, 3]"),
        ('{"k": 3, "v": 5}', "Expected a list, but got a Integer: 5"),
        ('{"k": 3, "v": [1, null]}', "Invalid null element in list"),
    ]:
        with pytest.raises(InvalidRequest) as err:
            session.execute("INSERT INTO t JSON ?", [doc])
        assert str(err.value) == f"Error decoding JSON value for v: {message}"


def test_cassandra_4_0_parses_no_ann_ordering() -> None:
    """4.0's grammar ends a SELECT's ORDER BY after the column: ``ANN`` is extraneous."""
    s = Engine(settings=EngineSettings.cassandra_4_0()).session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE ks.t (k int, c int, v int, PRIMARY KEY (k, c))")
    cql = "SELECT * FROM ks.t WHERE k = 1 ORDER BY c ANN OF [1, 2] LIMIT 1"
    expected = "line 1:42 mismatched input 'ANN' expecting EOF (...= 1 ORDER BY c [ANN]...)"
    with pytest.raises(CqlSyntaxError) as err:
        s.execute(cql)
    assert str(err.value) == expected
    with pytest.raises(CqlSyntaxError) as err:
        s.prepare(cql)
    assert str(err.value) == expected
    assert s.execute("SELECT * FROM ks.t WHERE k = 1 ORDER BY c DESC LIMIT 1").rows == []
