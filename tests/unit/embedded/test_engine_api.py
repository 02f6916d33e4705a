"""The engine contract: prepared metadata, bound values, paging, results and errors."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from coodie.cql.types import NATIVE, ListType
from coodie.embedded import UNSET, Engine, RawValue, Session
from coodie.exceptions import (
    AlreadyExists,
    ConfigurationError,
    CqlSyntaxError,
    InvalidRequest,
    SchemaChangeRejected,
)


def test_prepared_metadata(session: Session) -> None:
    session.execute("CREATE TABLE t (a int, b text, c int, v list<int>, PRIMARY KEY ((a, b), c))")
    p = session.prepare("UPDATE t SET v = ? WHERE b = ? AND a = ? AND c IN ? ")
    assert [c.name for c in p.bind_columns] == ["v", "b", "a", "in(c)"]
    assert p.bind_columns[0].type == ListType(NATIVE["int"])
    assert p.bind_columns[3].type == ListType(NATIVE["int"])
    assert p.pk_indexes == (2, 1)
    assert p.result_columns is None
    q = session.prepare("SELECT c, v FROM t WHERE a = :x AND b = :y LIMIT ?")
    assert [c.name for c in q.bind_columns] == ["x", "y", "[limit]"]
    assert [c.name for c in q.result_columns or ()] == ["c", "v"]
    assert session.engine.get_prepared(q.id) is q
    assert session.prepare("SELECT c, v FROM t WHERE a = :x AND b = :y LIMIT ?").id == q.id


def test_named_raw_and_unset_values(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int, w text)")
    session.execute("INSERT INTO t (k, v, w) VALUES (:k, :v, :w)", {"k": 1, "v": 2, "w": "x"})
    session.execute("INSERT INTO t (k, v, w) VALUES (?, ?, ?)", [1, RawValue(b"\0\0\0\7"), UNSET])
    assert session.execute("SELECT v, w FROM t WHERE k = 1").rows == [(7, "x")]
    with pytest.raises(InvalidRequest, match="Expected 4 or 0 byte int"):
        session.execute("INSERT INTO t (k, v) VALUES (?, ?)", [2, RawValue(b"\0\0\0\0\0")])


def test_value_forms_round_trip(session: Session) -> None:
    session.execute(
        "CREATE TABLE t (k int PRIMARY KEY, ts timestamp, d date, s set<int>, m map<text, int>)"
    )
    when = dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=dt.timezone.utc)
    session.execute(
        "INSERT INTO t (k, ts, d, s, m) VALUES (?, ?, ?, ?, ?)",
        [1, when, dt.date(2024, 5, 6), {3, 1}, {"b": 2, "a": 1}],
    )
    row = session.execute("SELECT ts, d, s, m FROM t").rows[0]
    assert row == (when, dt.date(2024, 5, 6), {1, 3}, {"a": 1, "b": 2})
    assert list(row[3]) == ["a", "b"]


def test_paging_resumes_exactly_after_concurrent_writes(session: Session) -> None:
    session.execute("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))")
    p = session.prepare("INSERT INTO t (k, c) VALUES (?, ?)")
    for c in range(0, 20, 2):
        session.execute(p, [0, c])
    first = session.execute("SELECT c FROM t WHERE k = 0", page_size=4)
    assert [r[0] for r in first.rows] == [0, 2, 4, 6]
    session.execute(p, [0, 5])  # lands after the page boundary
    session.execute(p, [0, 1])  # lands before it
    second = session.execute(
        "SELECT c FROM t WHERE k = 0", page_size=4, paging_state=first.paging_state
    )
    assert [r[0] for r in second.rows] == [8, 10, 12, 14]
    third = session.execute(
        "SELECT c FROM t WHERE k = 0", page_size=4, paging_state=second.paging_state
    )
    assert [r[0] for r in third.rows] == [16, 18]
    assert third.paging_state is None


def test_result_kinds_and_errors(session: Session) -> None:
    r = session.execute("CREATE TABLE t (k int PRIMARY KEY)")
    assert r.kind == "schema_change" and r.schema_change is not None
    assert (r.schema_change.change, r.schema_change.target, r.schema_change.name) == (
        "CREATED",
        "TABLE",
        "t",
    )
    with pytest.raises(AlreadyExists) as exc:
        session.execute("CREATE TABLE t (k int PRIMARY KEY)")
    assert exc.value.info == {"keyspace": "ks", "table": "t"}
    with pytest.raises(CqlSyntaxError):
        session.execute("SELEC * FROM t")
    with pytest.raises(SchemaChangeRejected) as refused:
        session.execute("ALTER TABLE t ADD c counter")
    assert refused.value.code == 0x2300 and not isinstance(refused.value, ConfigurationError)
    use = Engine().session().execute("SELECT * FROM system.peers")
    assert use.kind == "rows" and use.rows == []


def test_invalid_statement_changes_nothing(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int, l list<int>)")
    session.execute("INSERT INTO t (k, v) VALUES (1, 1)")
    with pytest.raises(InvalidRequest):
        session.execute("UPDATE t SET v = 2, l = ['x'] WHERE k = 1")
    with pytest.raises(InvalidRequest):
        session.execute(
            "BEGIN BATCH INSERT INTO t (k, v) VALUES (2, 2); "
            "INSERT INTO t (k, v) VALUES (3, 'three'); APPLY BATCH"
        )
    assert session.execute("SELECT k, v FROM t").rows == [(1, 1)]


def test_protocol_batch_is_atomic_and_shares_timestamp(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
    p = session.prepare("INSERT INTO t (k, v) VALUES (?, ?)")
    session.execute_batch([(p, [1, 1]), ("INSERT INTO t (k, v) VALUES (2, 2)", None)])
    rows = session.execute("SELECT k, writetime(v) FROM t").rows
    assert len(rows) == 2 and rows[0][1] == rows[1][1]


def test_timeuuid_functions(session: Session) -> None:
    session.execute("CREATE TABLE t (k int, c timeuuid, PRIMARY KEY (k, c))")
    for _ in range(3):
        session.execute("INSERT INTO t (k, c) VALUES (0, now())")
    rows = session.execute(
        "SELECT c FROM t WHERE k = 0 AND c > maxTimeuuid('2000-01-01') "
        "AND c < minTimeuuid('2999-01-01')"
    ).rows
    assert len(rows) == 3 and all(isinstance(r[0], uuid.UUID) for r in rows)
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=lambda u: u.time)


def test_markers_in_selection(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, m map<uuid, int>)")
    u = uuid.uuid4()
    session.execute("INSERT INTO t (k, m) VALUES (1, ?)", [{u: 5}])
    p = session.prepare("SELECT m[?] FROM t WHERE k = ?")
    assert [(c.name, c.type.cql()) for c in p.bind_columns] == [("key(m)", "uuid"), ("k", "int")]
    assert p.pk_indexes == (1,)
    assert session.execute(p, [u, 1]).rows == [(5,)]


def test_failing_list_index_changes_nothing(session: Session) -> None:
    session.execute("CREATE TABLE l (k int PRIMARY KEY, v int, l list<int>)")
    session.execute("INSERT INTO l (k, v, l) VALUES (1, 1, [1, 2])")
    with pytest.raises(InvalidRequest, match="List index 5 out of bound, list has size 2"):
        session.execute("UPDATE l SET v = 2, l[5] = 9 WHERE k = 1")
    with pytest.raises(InvalidRequest, match="List index 3 out of bound"):
        session.execute(
            "BEGIN BATCH UPDATE l SET v = 3 WHERE k = 1; DELETE l[3] FROM l WHERE k = 1; "
            "APPLY BATCH"
        )
    with pytest.raises(InvalidRequest, match="delete an element from a list which is null"):
        session.execute("DELETE l[0] FROM l WHERE k = 2")
    assert session.execute("SELECT v, l FROM l").rows == [(1, [1, 2])]


def test_prepare_reports_value_independent_errors(session: Session) -> None:
    session.execute("CREATE TABLE f (k int, c int, v int, PRIMARY KEY (k, c))")
    with pytest.raises(InvalidRequest, match="use ALLOW FILTERING"):
        session.prepare("SELECT * FROM f WHERE v = ?")
    with pytest.raises(InvalidRequest, match="Order by is currently only supported"):
        session.prepare("SELECT * FROM f WHERE k = ? ORDER BY v DESC")
    p = session.prepare("SELECT * FROM f WHERE k = ? AND c > ? LIMIT ?")
    with pytest.raises(InvalidRequest, match="LIMIT must be strictly positive"):
        session.execute(p, [1, 1, 0])


def test_counter_tables_refuse_a_default_ttl(session: Session) -> None:
    message = "^Cannot set default_time_to_live on a table with counters$"
    create = "CREATE TABLE c (k int PRIMARY KEY, n counter)"
    with pytest.raises(InvalidRequest, match=message):
        session.execute(f"{create} WITH default_time_to_live = 60")
    session.execute(f"{create} WITH default_time_to_live = 0")
    with pytest.raises(InvalidRequest, match=message):
        session.execute("ALTER TABLE c WITH default_time_to_live = 60")
    session.execute("ALTER TABLE c WITH comment = 'ok' AND default_time_to_live = 0")
    session.execute("CREATE TABLE r (k int PRIMARY KEY, v int) WITH default_time_to_live = 60")
