"""The native protocol front, driven by a raw client against a stand-in engine."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest

from coodie.cql.types import NATIVE
from coodie.server import compression
from coodie.server.frames import Opcode
from coodie.testing import ServerInfo
from coodie.wire import decode_type_option, deserialize, serialize
from coodie.wire.primitives import Reader, write_long_string, write_short, write_short_bytes

from .conftest import Client, FakeEngine, query_body

Connect = Callable[..., Client]


def _rows(reader: Reader) -> tuple[int, list[str], bytes | None, list[list[bytes | None]]]:
    assert reader.int32() == 2
    flags, count = reader.int32(), reader.int32()
    paging = reader.blob() if flags & 2 else None
    names = []
    if not flags & 4:
        if flags & 1:
            reader.string(), reader.string()
        for _ in range(count):
            if not flags & 1:
                reader.string(), reader.string()
            names.append(reader.string())
            decode_type_option(reader)
    rows = [[reader.blob() for _ in range(count)] for _ in range(reader.int32())]
    assert reader.remaining() == 0
    return flags, names, paging, rows


def test_options_and_startup(client: Connect) -> None:
    c = client()
    supported = c.request(Opcode.OPTIONS)
    assert supported.opcode == Opcode.SUPPORTED
    options = {}
    reader = supported.reader()
    for _ in range(reader.short()):
        key = reader.string()
        options[key] = reader.string_list()
    assert options["CQL_VERSION"] == ["3.4.5"]
    assert options["COMPRESSION"] == compression.available()
    assert options["PROTOCOL_VERSIONS"] == ["3/v3", "4/v4", "5/v5"]
    ready = c.startup()
    assert (ready.opcode, ready.version, ready.body) == (Opcode.READY, 4, b"")


def test_query_before_startup_is_a_protocol_error(client: Connect) -> None:
    c = client()
    response = c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t"), stream=3)
    assert response.stream == 3
    assert response.error() == (0x000A, "Unexpected message QUERY, expecting STARTUP")


def test_v6_is_refused_so_drivers_downgrade(client: Connect) -> None:
    c = client(version=6)
    response = c.request(Opcode.OPTIONS, stream=1)
    code, message = response.error()
    assert (code, response.version, response.stream) == (0x000A, 5, 1)
    assert "Invalid or unsupported protocol version (6)" in message


def test_insert_select_prepare_execute_and_paging(client: Connect, fake_engine: FakeEngine) -> None:
    c = client()
    c.startup()
    insert = c.request(Opcode.PREPARE, _long_string("INSERT INTO ks.t (k, v) VALUES (?, ?)"))
    reader = insert.reader()
    assert reader.int32() == 4
    statement_id = reader.short_bytes()
    assert (reader.int32(), reader.int32(), reader.int32(), reader.short()) == (1, 2, 1, 0)
    for k in range(5):
        body = bytearray()
        write_short_bytes(body, statement_id)
        body += query_body("", [serialize(NATIVE["int"], k), serialize(NATIVE["text"], f"v{k}")])[
            4:
        ]
        result = c.request(Opcode.EXECUTE, bytes(body), stream=k + 1)
        assert (result.stream, result.body) == (k + 1, b"\x00\x00\x00\x01")
    assert fake_engine.rows[3] == "v3"

    first = c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t", page_size=2))
    flags, names, paging, rows = _rows(first.reader())
    assert (flags & 3, names, len(rows)) == (3, ["k", "v"], 2)
    second = c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t", page_size=4,
                                                paging_state=paging))  # fmt: skip
    _, _, paging, rows = _rows(second.reader())
    assert paging is None
    assert [deserialize(NATIVE["int"], r[0]) for r in rows] == [2, 3, 4]


def test_execute_unknown_id_is_unprepared(client: Connect) -> None:
    c = client()
    c.startup()
    body = bytearray()
    write_short_bytes(body, b"\x01\x02")
    body += b"\x00\x01\x00"
    response = c.request(Opcode.EXECUTE, bytes(body))
    code, message = response.error()
    assert code == 0x2500
    assert message.startswith("Prepared query with ID 0102 not found")
    assert response.body.endswith(b"\x00\x02\x01\x02")


def test_errors_carry_their_bodies(client: Connect) -> None:
    c = client()
    c.startup()
    exists = c.request(Opcode.QUERY, query_body("CREATE TABLE ks.t"))
    reader = exists.reader()
    assert (reader.int32(), reader.string()) == (
        0x2400,
        'Cannot add already existing table "t" to keyspace "ks"',
    )
    assert (reader.string(), reader.string()) == ("ks", "t")
    syntax = c.request(Opcode.QUERY, query_body("SELEC"))
    assert syntax.error()[0] == 0x2000
    crash = c.request(Opcode.QUERY, query_body("CRASH"))
    assert crash.error() == (0x0000, "RuntimeError: boom")


def test_bad_bound_bytes_are_invalid(client: Connect) -> None:
    c = client()
    c.startup()
    response = c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t WHERE k = ?", [b"\x00"]))
    assert response.error() == (0x2200, "Expected 4 or 0 byte int (1)")


def test_warnings_and_keyspace_and_schema_change(client: Connect) -> None:
    c = client()
    c.startup()
    warned = c.request(Opcode.QUERY, query_body("WARN"))
    assert warned.flags & 0x08
    reader = warned.reader()
    assert reader.string_list() == ["careful", "very careful"]
    assert reader.int32() == 1
    use = c.request(Opcode.QUERY, query_body("USE ks")).reader()
    assert (use.int32(), use.string()) == (3, "ks")

    listener = client()
    listener.startup()
    body = bytearray()
    write_short(body, 1)
    body += b"\x00\x0dSCHEMA_CHANGE"
    assert listener.request(Opcode.REGISTER, bytes(body)).opcode == Opcode.READY
    created = c.request(Opcode.QUERY, query_body("CREATE KEYSPACE ks2")).reader()
    assert (created.int32(), created.string(), created.string(), created.string()) == (
        5,
        "CREATED",
        "KEYSPACE",
        "ks2",
    )
    event = listener.recv()
    assert (event.opcode, event.stream) == (Opcode.EVENT, -1)
    event_body = event.reader()
    assert [event_body.string() for _ in range(4)] == [
        "SCHEMA_CHANGE",
        "CREATED",
        "KEYSPACE",
        "ks2",
    ]


def test_many_streams_in_flight_keep_their_ids(client: Connect, fake_engine: FakeEngine) -> None:
    fake_engine.rows.update({k: str(k) for k in range(20)})
    c = client()
    c.startup()
    for stream in range(1, 41):
        body = query_body("SELECT k, v FROM ks.t WHERE k = ?", [serialize(NATIVE["int"], stream)])
        c.send(Opcode.QUERY, body, stream=stream)
    answers = {}
    for _ in range(40):
        frame = c.recv()
        _, _, _, rows = _rows(frame.reader())
        answers[frame.stream] = [deserialize(NATIVE["text"], r[1]) for r in rows]
    assert answers == {s: [str(s)] if s < 20 else [] for s in range(1, 41)}


def test_batch(client: Connect, fake_engine: FakeEngine) -> None:
    c = client()
    c.startup()
    body = bytearray(b"\x01")
    write_short(body, 2)
    for k in (7, 8):
        body.append(0)
        write_long_string(body, "INSERT INTO ks.t (k, v) VALUES (?, ?)")
        write_short(body, 2)
        for value in (serialize(NATIVE["int"], k), serialize(NATIVE["text"], "b")):
            assert value is not None
            body += struct.pack(">i", len(value)) + value
    body += b"\x00\x01\x00"
    assert c.request(Opcode.BATCH, bytes(body)).body == b"\x00\x00\x00\x01"
    assert fake_engine.rows == {7: "b", 8: "b"}


def _long_string(text: str) -> bytes:
    out = bytearray()
    write_long_string(out, text)
    return bytes(out)


def test_scylla_driver_connection_speaks_v5_and_v4(fake_server: ServerInfo) -> None:
    from cassandra import ConsistencyLevel
    from cassandra.cluster import DefaultConnection
    from cassandra.connection import DefaultEndPoint, ProtocolVersionUnsupported
    from cassandra.protocol import QueryMessage

    DefaultConnection.initialize_reactor()
    endpoint = DefaultEndPoint(fake_server.host, fake_server.port)
    with pytest.raises(ProtocolVersionUnsupported):
        DefaultConnection.factory(endpoint, 5, protocol_version=6)
    for version in (5, 4):
        connection = DefaultConnection.factory(endpoint, 5, protocol_version=version)
        try:
            message = QueryMessage("SELECT k, v FROM ks.t", ConsistencyLevel.LOCAL_ONE)
            result = connection.wait_for_response(message)
            assert result.column_names == ["k", "v"]
        finally:
            connection.close()


def test_lz4_compressed_v4_frames(client: Connect) -> None:
    if not compression.available():
        pytest.skip("the lz4 package is not installed")
    c = client()
    body = bytearray()
    write_short(body, 2)
    for item in ("CQL_VERSION", "3.0.0", "COMPRESSION", "lz4"):
        body += struct.pack(">H", len(item)) + item.encode()
    ready = c.request(Opcode.STARTUP, bytes(body))
    assert (ready.opcode, ready.flags) == (Opcode.READY, 0)
    query = compression.compress_body(query_body("WARN"))
    c.send(Opcode.QUERY, query, stream=4, flags=0x01)
    answer = c.recv()
    assert answer.flags & 0x01
    plain = Reader(compression.decompress_body(answer.body, 1 << 20))
    assert plain.string_list() == ["careful", "very careful"]
    assert plain.int32() == 1
