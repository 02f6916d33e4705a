"""Malformed or hostile statements fail with typed errors and leave stored data intact."""

from __future__ import annotations

import contextlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.embedded import Engine, Session
from coodie.exceptions import DriverError

BASE = [
    "INSERT INTO t (k, c, v, l, m, u, tu, ts) VALUES (1, 'a', 1, [1, 2], {'a': 1}, "
    "{x: 1, y: 'q'}, (1, 'z'), '2020-01-01') USING TTL 100",
    "UPDATE t SET l = l + [3], m['b'] = 2, u.x = 5 WHERE k = 1 AND c = 'a' IF v = 1",
    "DELETE l[0], m['a'], u.y FROM t WHERE k = 1 AND c = 'a'",
    "SELECT k, c, writetime(v), m['a'], u.x, CAST(v AS text) FROM t WHERE k IN (1, 2) "
    "AND c > 'a' ORDER BY c DESC LIMIT 5",
    "SELECT * FROM t WHERE (c) >= ('a') AND k = 1 AND l CONTAINS 1 ALLOW FILTERING",
    "SELECT k FROM t WHERE token(k) > 0 AND token(k) < 100",
    'INSERT INTO t JSON \'{"k": 3, "c": "q"}\'',
]
POOL = [
    "0", "-1", "99999999999999999999999", "1.5", "NaN", "'x'", "''", "'2020-13-01'", "0xff",
    "0x", "550e8400-e29b-41d4-a716-446655440000", "1h30m", "true", "null", "[1, 2]", "[]",
    "{'a': 1}", "{}", "{x: 1}", "{z: 1}", "[null]", "now()", "textAsBlob('a')", "(1, 2, 3)",
]  # fmt: skip
LITERAL = re.compile(r"'[^']*'|-?\b\d+\b|\[[^\]]*\]|\{[^}]*\}|\(1, 'z'\)")


def _session() -> Session:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("USE ks")
    s.execute("CREATE TYPE a (x int, y text)")
    s.execute(
        "CREATE TABLE t (k int, c text, v int, l list<int>, m map<text, int>, u a, "
        "tu tuple<int, text>, ts timestamp, PRIMARY KEY (k, c))"
    )
    s.execute("INSERT INTO t (k, c, v) VALUES (42, 'keep', 7)")
    return s


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(BASE), st.lists(st.sampled_from(POOL), min_size=12, max_size=12))
def test_substituted_literals_never_raise_untyped_errors(base: str, picks: list[str]) -> None:
    s = _session()
    it = iter(picks)
    cql = LITERAL.sub(lambda m: next(it, m.group()), base)
    with contextlib.suppress(DriverError):
        s.execute(cql)
    assert s.execute("SELECT v FROM t WHERE k = 42 AND c = 'keep'").rows == [(7,)]
