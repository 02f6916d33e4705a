"""Materialized views follow every write to their base table."""

from __future__ import annotations

import pytest

from coodie.embedded import Session
from coodie.exceptions import InvalidRequest


def test_view_follows_inserts_updates_deletes(session: Session) -> None:
    session.execute("CREATE TABLE users (id int PRIMARY KEY, email text, age int)")
    session.execute("INSERT INTO users (id, email, age) VALUES (1, 'a@x', 30)")
    r = session.execute(
        "CREATE MATERIALIZED VIEW by_email AS SELECT * FROM users "
        "WHERE email IS NOT NULL AND id IS NOT NULL PRIMARY KEY (email, id)"
    )
    assert r.kind == "schema_change"
    session.execute("INSERT INTO users (id, email, age) VALUES (2, 'b@x', 40)")
    assert session.execute("SELECT id, age FROM by_email WHERE email = 'a@x'").rows == [(1, 30)]
    session.execute("UPDATE users SET email = 'c@x' WHERE id = 1")
    assert session.execute("SELECT id FROM by_email WHERE email = 'a@x'").rows == []
    assert session.execute("SELECT id, age FROM by_email WHERE email = 'c@x'").rows == [(1, 30)]
    session.execute("DELETE FROM users WHERE id = 2")
    assert session.execute("SELECT email FROM by_email").rows == [("c@x",)]
    views = session.execute(
        "SELECT view_name, base_table_name, include_all_columns FROM system_schema.views "
        "WHERE keyspace_name = 'ks'"
    ).rows
    assert views == [("by_email", "users", True)]
    with pytest.raises(InvalidRequest):
        session.execute("INSERT INTO by_email (email, id) VALUES ('z', 9)")
    with pytest.raises(InvalidRequest):
        session.execute("DROP TABLE users")
    session.execute("DROP MATERIALIZED VIEW by_email")
    session.execute("DROP TABLE users")


def test_view_requires_is_not_null(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
    with pytest.raises(InvalidRequest, match="IS NOT NULL"):
        session.execute(
            "CREATE MATERIALIZED VIEW mv AS SELECT * FROM t WHERE v IS NOT NULL PRIMARY KEY (v, k)"
        )


def test_view_on_clustered_table_follows_row_and_range_deletes(session: Session) -> None:
    session.execute("CREATE TABLE s (k int, c int, v int, PRIMARY KEY (k, c))")
    session.execute(
        "CREATE MATERIALIZED VIEW s_by_v AS SELECT * FROM s "
        "WHERE k IS NOT NULL AND c IS NOT NULL AND v IS NOT NULL PRIMARY KEY (v, k, c)"
    )
    p = session.prepare("INSERT INTO s (k, c, v) VALUES (0, ?, ?)")
    for c in range(10):
        session.execute(p, [c, c % 3])
    assert len(session.execute("SELECT c FROM s_by_v WHERE v = 0").rows) == 4
    session.execute("UPDATE s SET v = 1 WHERE k = 0 AND c = 0")
    assert [r[0] for r in session.execute("SELECT c FROM s_by_v WHERE v = 0").rows] == [3, 6, 9]
    session.execute("DELETE FROM s WHERE k = 0 AND c >= 6")
    assert [r[0] for r in session.execute("SELECT c FROM s_by_v WHERE v = 0").rows] == [3]
    assert [r[0] for r in session.execute("SELECT c FROM s_by_v WHERE v = 1").rows] == [0, 1, 4]


def test_added_base_column_appears_in_select_star_view(session: Session) -> None:
    session.execute("CREATE TABLE b (k int PRIMARY KEY, v int)")
    session.execute(
        "CREATE MATERIALIZED VIEW b_by_v AS SELECT * FROM b "
        "WHERE v IS NOT NULL AND k IS NOT NULL PRIMARY KEY (v, k)"
    )
    session.execute("ALTER TABLE b ADD w text")
    session.execute("INSERT INTO b (k, v, w) VALUES (1, 2, 'x')")
    assert session.execute("SELECT v, k, w FROM b_by_v").rows == [(2, 1, "x")]
    with pytest.raises(InvalidRequest, match="materialized views"):
        session.execute("ALTER TABLE b DROP w")
