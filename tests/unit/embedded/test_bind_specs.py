"""Every bind marker gets the column spec a driver needs to serialize its value."""

from __future__ import annotations

import pytest

from coodie.embedded import Session

STATEMENTS = [
    "INSERT INTO t (k, c, v, l, st, m, u, f, tu) VALUES (?, ?, ?, [?, 1], {?}, {?: ?}, "
    "{x: ?, y: ?}, ?, (?, ?)) USING TTL ? AND TIMESTAMP ?",
    "INSERT INTO t JSON ?",
    "UPDATE t USING TTL ? SET l = l + ?, l[?] = ?, st = st - ?, m = m - ?, m[?] = ?, u.x = ?, "
    "s = ? WHERE k = ? AND c IN ? IF v = ? AND m[?] = ? AND u.y = ? AND v IN ?",
    "DELETE l[?], m[?], st[?] FROM t USING TIMESTAMP ? WHERE k = ? AND c = ?",
    "DELETE FROM t WHERE k IN ? AND c > ? AND c <= ?",
    "SELECT * FROM t WHERE k = ? AND (c) IN ? LIMIT ?",
    "SELECT * FROM t WHERE m CONTAINS ? AND m CONTAINS KEY ? AND m[?] = ? ALLOW FILTERING",
    "SELECT * FROM t WHERE token(k) >= ? AND token(k) < token(?)",
    "UPDATE cnt SET n = n + ? WHERE k = ?",
    "BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k, c) VALUES (?, ?); "
    "UPDATE cnt SET n = n + ? WHERE k = ?; APPLY BATCH",
]


@pytest.fixture
def schema(session: Session) -> Session:
    session.execute("CREATE TYPE a (x int, y text)")
    session.execute(
        "CREATE TABLE t (k int, c text, s int STATIC, v int, l list<int>, st set<text>, "
        "m map<text, int>, u a, f frozen<a>, tu tuple<int, text>, PRIMARY KEY (k, c))"
    )
    session.execute("CREATE TABLE cnt (k int PRIMARY KEY, n counter)")
    return session


@pytest.mark.parametrize("cql", STATEMENTS)
def test_no_marker_is_left_untyped(schema: Session, cql: str) -> None:
    specs = schema.prepare(cql).bind_columns
    assert specs and not [s.name for s in specs if s.name.startswith("marker")]


def test_specific_specs(schema: Session) -> None:
    upd = schema.prepare(STATEMENTS[2]).bind_columns
    named = [(s.name, s.type.cql()) for s in upd]
    assert ("m", "set<text>") in named  # m = m - ?: a set of keys
    assert ("value(m)", "int") in named and ("u.y", "text") in named
    assert named[-1] == ("in(v)", "list<int>")
    token = schema.prepare(STATEMENTS[7]).bind_columns
    assert [(s.name, s.type.cql()) for s in token] == [
        ("partition key token", "bigint"),
        ("k", "int"),
    ]
    batch = schema.prepare(STATEMENTS[9]).bind_columns
    assert [(s.name, s.type.cql()) for s in batch][:2] == [("[timestamp]", "bigint"), ("k", "int")]
