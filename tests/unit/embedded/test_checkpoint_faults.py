"""A crash at any step of a checkpoint loses nothing and applies nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.embedded import Engine

from .durability_helpers import KEYSPACE, dump

STEPS = ["snapshot-write", "snapshot-fsync", "snapshot-rename", "snapshot-dir-fsync", "log-rotate"]


class Crash(Exception):
    """Stands for the process dying at that step."""


@pytest.mark.parametrize("step", STEPS)
def test_crash_during_checkpoint(tmp_path: Path, step: str) -> None:
    armed: list[str] = []

    def hook(name: str) -> None:
        if name in armed:
            raise Crash(name)

    e = Engine(path=str(tmp_path), fault_hook=hook)
    s = e.session()
    s.execute(KEYSPACE)
    s.execute("CREATE TABLE ks.c (k int PRIMARY KEY, n counter)")
    s.execute("CREATE TABLE ks.l (k int PRIMARY KEY, v list<int>)")
    for _ in range(5):
        s.execute("UPDATE ks.c SET n = n + 1 WHERE k = 1")
    s.execute("UPDATE ks.l SET v = v + [7] WHERE k = 1")
    e.checkpoint()  # an earlier snapshot exists too
    s.execute("UPDATE ks.c SET n = n + 1 WHERE k = 2")
    before = dump(e)
    armed.append(step)
    with pytest.raises(Crash):
        e.checkpoint()
    armed.clear()
    e.close()
    with Engine(path=str(tmp_path)) as again:
        assert dump(again) == before
        s2 = again.session()
        assert s2.execute("SELECT k, n FROM ks.c").rows in ([(1, 5), (2, 1)], [(2, 1), (1, 5)])
        assert s2.execute("SELECT v FROM ks.l").rows == [([7],)]
        s2.execute("UPDATE ks.c SET n = n + 1 WHERE k = 1")
    with Engine(path=str(tmp_path)) as third:
        assert third.session().execute("SELECT n FROM ks.c WHERE k = 1").rows == [(6,)]
