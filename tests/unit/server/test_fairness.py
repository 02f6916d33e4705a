"""One request does not stall the others: a long scan on one connection, a point read on
another, against the real engine behind a real server."""

from __future__ import annotations

import select
import struct

from coodie.embedded import Engine
from coodie.server.frames import Opcode
from coodie.testing import embedded_server

from .conftest import Client, query_body

ROWS = 4000


def _engine() -> Engine:
    engine = Engine()
    session = engine.session()
    session.execute(
        "CREATE KEYSPACE f WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    session.execute("CREATE TABLE f.kv (k int PRIMARY KEY, v text)")
    insert = session.prepare("INSERT INTO f.kv (k, v) VALUES (?, ?)")
    for k in range(ROWS):
        session.execute(insert, [k, "value"])
    return engine


def test_a_point_read_is_answered_while_another_connection_counts_every_row() -> None:
    with embedded_server(engine=_engine()) as info:
        counter, reader = Client(info.host, info.port), Client(info.host, info.port)
        try:
            assert counter.startup().opcode == Opcode.READY
            assert reader.startup().opcode == Opcode.READY
            point = query_body("SELECT v FROM f.kv WHERE k = ?", values=[struct.pack(">i", 7)])
            read_first = 0
            for _ in range(5):  # the count takes far longer than a point read
                counter.send(Opcode.QUERY, query_body("SELECT count(*) FROM f.kv"), stream=1)
                answered = reader.request(Opcode.QUERY, point, stream=2)
                assert answered.opcode == Opcode.RESULT
                pending, _, _ = select.select([counter.sock], [], [], 0)
                read_first += not pending  # the read came back while the count still ran
                assert counter.recv().opcode == Opcode.RESULT
            # A server that ran requests one after another would answer the read after the
            # count every time; a scheduling hiccup on a loaded machine may do it once or twice.
            assert read_first >= 3, f"the point read waited for the count {5 - read_first}/5 times"
        finally:
            counter.close()
            reader.close()
