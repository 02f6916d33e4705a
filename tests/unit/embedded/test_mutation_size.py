"""Cassandra's ``max_mutation_size``: what one statement or batch writes to one partition is
refused beyond 16 MiB (half the commit log segment), before anything is applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.embedded import Engine, EngineSettings
from coodie.embedded.engine import Session
from coodie.embedded.mutation_size import MAX_MUTATION_SIZE, oversized_message
from coodie.exceptions import InvalidRequest

REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
MIB = 1024 * 1024


def _session(engine: Engine) -> Session:
    s = engine.session()
    s.execute(f"CREATE KEYSPACE ks WITH replication = {REPLICATION}")
    s.execute("CREATE TABLE ks.t (k int, c int, v blob, PRIMARY KEY (k, c))")
    s.execute("CREATE TABLE ks.u (k int PRIMARY KEY, v text)")
    return s


def _count(s: Session, table: str = "t") -> int:
    return int(s.execute(f"SELECT count(*) FROM ks.{table}").rows[0][0])


def test_the_default_is_cassandras() -> None:
    assert MAX_MUTATION_SIZE == 16 * MIB == EngineSettings().max_mutation_size


def test_an_insert_over_the_limit_is_refused_and_leaves_nothing() -> None:
    s = _session(Engine())
    with pytest.raises(InvalidRequest) as info:
        s.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 1, ?)", [b"x" * (17 * MIB)])
    message = str(info.value)
    assert message.startswith("Rejected an oversized mutation (")
    assert message.endswith(f"/{16 * MIB}) for keyspace: ks. Top keys are: t.3")
    assert _count(s) == 0
    s.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 1, ?)", [b"x" * (15 * MIB)])
    assert _count(s) == 1


def test_an_update_counts_every_row_it_writes_in_the_partition() -> None:
    s = _session(Engine())
    six = b"x" * (6 * MIB)
    s.execute("UPDATE ks.t SET v = ? WHERE k = 2 AND c IN (1, 2)", [six])
    with pytest.raises(InvalidRequest, match=r"oversized mutation \(1887\d+/16777216\)"):
        s.execute("UPDATE ks.t SET v = ? WHERE k = 2 AND c IN (3, 4, 5)", [six])
    assert _count(s) == 2
    # the same statement on three partitions: three mutations of 6 MiB each, all accepted
    s.execute("UPDATE ks.t SET v = ? WHERE k IN (5, 6, 7) AND c = 1", [six])
    assert _count(s) == 5


def test_a_batch_adds_up_the_tables_of_one_partition_key() -> None:
    s = _session(Engine())
    nine = "y" * (9 * MIB)
    batch = (
        "BEGIN BATCH INSERT INTO ks.t (k, c, v) VALUES (1, 1, ?); "
        "INSERT INTO ks.u (k, v) VALUES (1, ?) APPLY BATCH"
    )
    with pytest.raises(InvalidRequest) as info:
        s.execute(batch, [nine.encode(), nine])
    assert "for keyspace: ks. Top keys are: " in str(info.value)
    assert {"t.1", "u.1"} == set(str(info.value).split("Top keys are: ")[1].split(", "))
    assert _count(s) == 0 and _count(s, "u") == 0
    seven = "y" * (7 * MIB)  # 14 MiB in all: one mutation under the limit
    s.execute(batch, [seven.encode(), seven])
    assert _count(s) == 1 and _count(s, "u") == 1


def test_the_limit_is_a_setting_and_holds_for_a_persistent_engine(tmp_path: Path) -> None:
    engine = Engine(str(tmp_path / "data"), settings=EngineSettings(max_mutation_size=1000))
    s = _session(engine)
    with pytest.raises(InvalidRequest, match=r"\(10\d\d/1000\)"):
        s.execute("INSERT INTO ks.u (k, v) VALUES (1, ?)", ["z" * 1000])
    s.execute("INSERT INTO ks.u (k, v) VALUES (1, ?)", ["z" * 900])
    engine.close()
    reopened = Engine(str(tmp_path / "data"))
    assert reopened.session().execute("SELECT k FROM ks.u").rows == [(1,)]
    reopened.close()


def test_top_keys_are_biggest_first_and_the_list_is_bounded() -> None:
    parts = [("t", (i,), i) for i in range(500)]
    message = oversized_message(10**8, 16 * MIB, "ks", parts)
    shown = message.split("Top keys are: ")[1]
    assert shown.startswith("t.499, t.498, ")
    assert shown.endswith(" more.")
    assert len(shown) < 1100
