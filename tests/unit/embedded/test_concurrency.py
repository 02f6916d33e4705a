"""One engine shared by many threads and asyncio tasks stays consistent."""

from __future__ import annotations

import asyncio
import threading

from coodie.embedded import Session


def test_threads_counters_and_lwt(session: Session) -> None:
    session.execute("CREATE TABLE c (k int PRIMARY KEY, n counter)")
    session.execute("CREATE TABLE u (k int PRIMARY KEY, owner int)")
    engine = session.engine
    wins: list[int] = []

    def work(worker: int) -> None:
        s = engine.session("ks")
        p = s.prepare("UPDATE c SET n = n + 1 WHERE k = 0")
        for _ in range(200):
            s.execute(p)
        r = s.execute("INSERT INTO u (k, owner) VALUES (1, ?) IF NOT EXISTS", [worker])
        if r.rows[0][0]:
            wins.append(worker)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert session.execute("SELECT n FROM c WHERE k = 0").rows == [(1600,)]
    assert len(wins) == 1
    assert session.execute("SELECT owner FROM u WHERE k = 1").rows == [(wins[0],)]


def test_asyncio_tasks(session: Session) -> None:
    session.execute("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))")
    p = session.prepare("INSERT INTO t (k, c) VALUES (?, ?)")

    async def main() -> None:
        async def one(i: int) -> None:
            await asyncio.to_thread(session.execute, p, [i % 4, i])

        await asyncio.gather(*(one(i) for i in range(200)))

    asyncio.run(main())
    assert session.execute("SELECT count(*) FROM t").rows == [(200,)]
