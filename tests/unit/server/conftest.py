"""Fixtures for the server tests: a stand-in engine and a minimal raw protocol client."""

from __future__ import annotations

import socket
import struct
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import pytest

from coodie.cql.types import NATIVE, CqlType
from coodie.exceptions import error_for_code
from coodie.server.backend import Backend
from coodie.server.frames import HEADER, Opcode
from coodie.server.limits import Limits
from coodie.testing import ServerInfo, embedded_server
from coodie.wire import deserialize
from coodie.wire.primitives import Reader, write_long_string, write_short, write_string

# -- a stand-in engine implementing a handful of statements of the engine contract -----------


@attrs.frozen
class Col:
    keyspace: str
    table: str
    name: str
    type: CqlType


@attrs.frozen
class Raw:
    data: bytes


UNSET = object()


@attrs.frozen
class Change:
    change: str
    target: str
    keyspace: str
    name: str | None = None
    arg_types: tuple[str, ...] = ()


@attrs.frozen
class Result:
    kind: str
    columns: tuple[Col, ...] = ()
    raw_rows: list[tuple[Any, ...]] = attrs.field(factory=list)
    paging_state: bytes | None = None
    keyspace: str | None = None
    schema_change: Change | None = None
    warnings: tuple[str, ...] = ()


@attrs.frozen
class Prepared:
    id: bytes
    cql: str
    bind_columns: tuple[Col, ...]
    result_columns: tuple[Col, ...] | None
    pk_indexes: tuple[int, ...]


K = Col("ks", "t", "k", NATIVE["int"])
V = Col("ks", "t", "v", NATIVE["text"])
STATEMENTS = {
    "SELECT k, v FROM ks.t": ((), (K, V)),
    "SELECT k, v FROM ks.t WHERE k = ?": ((K,), (K, V)),
    "INSERT INTO ks.t (k, v) VALUES (?, ?)": ((K, V), None),
}


class FakeSession:
    def __init__(self, engine: FakeEngine, keyspace: str | None) -> None:
        self.engine = engine
        self.keyspace = keyspace

    def prepare(self, cql: str) -> Prepared:
        if cql not in STATEMENTS:
            raise error_for_code(0x2000, f"line 1:0 no viable alternative at input '{cql}'")
        binds, results = STATEMENTS[cql]
        prepared = Prepared(uuid.uuid5(uuid.NAMESPACE_OID, cql).bytes, cql, binds, results, (0,))
        self.engine.prepared[prepared.id] = prepared
        return prepared

    def _values(self, columns: Sequence[Col], params: Any) -> list[Any]:
        return [
            p if p is None or p is UNSET else deserialize(c.type, p.data)
            for c, p in zip(columns, params or (), strict=True)
        ]

    def execute(
        self,
        statement: Any,
        params: Any = None,
        *,
        page_size: int | None = None,
        paging_state: bytes | None = None,
        timestamp: int | None = None,
    ) -> Result:
        if isinstance(statement, str):
            if statement.startswith("USE "):
                self.keyspace = statement[4:]
                return Result("set_keyspace", keyspace=self.keyspace)
            if statement == "CREATE KEYSPACE ks2":
                return Result("schema_change", schema_change=Change("CREATED", "KEYSPACE", "ks2"))
            if statement == "CREATE TABLE ks.t":
                message = 'Cannot add already existing table "t" to keyspace "ks"'
                raise error_for_code(0x2400, message, {"keyspace": "ks", "table": "t"})
            if statement == "WARN":
                return Result("void", warnings=("careful", "very careful"))
            if statement == "CRASH":
                raise RuntimeError("boom")
            statement = self.prepare(statement)
        values = self._values(statement.bind_columns, params)
        if statement.cql.startswith("INSERT"):
            self.engine.rows[values[0]] = values[1]
            return Result("void")
        rows = sorted(self.engine.rows.items())
        if values:
            rows = [r for r in rows if r[0] == values[0]]
        start = int(paging_state or b"0")
        end = len(rows) if not page_size or page_size <= 0 else start + page_size
        more = str(end).encode() if end < len(rows) else None
        return Result("rows", statement.result_columns, rows[start:end], more)

    def execute_batch(
        self, statements: Sequence[tuple[Any, Any]], batch_type: str = "LOGGED",
        timestamp: int | None = None,
    ) -> Result:  # fmt: skip
        for statement, params in statements:
            self.execute(statement, params)
        return Result("void")


class FakeEngine:
    def __init__(self) -> None:
        self.rows: dict[int, str] = {}
        self.prepared: dict[bytes, Prepared] = {}

    def session(self, keyspace: str | None = None) -> FakeSession:
        return FakeSession(self, keyspace)

    def get_prepared(self, statement_id: bytes) -> Prepared | None:
        return self.prepared.get(statement_id)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(params=[0, 2], ids=["inline", "threads"])
def fake_server(fake_engine: FakeEngine, request: pytest.FixtureRequest) -> Iterator[ServerInfo]:
    backend = Backend(fake_engine, Raw, UNSET)
    options: dict[str, Any] = {
        "limits": Limits(max_in_flight=8, max_in_flight_bytes=200, max_frame_size=4096)
    }
    options["workers"] = request.param
    with embedded_server(backend=backend, **options) as server:
        yield server


# -- a minimal blocking protocol client ----------------------------------------------------


@attrs.frozen
class Frame:
    version: int
    flags: int
    stream: int
    opcode: Opcode
    body: bytes

    def reader(self) -> Reader:
        return Reader(self.body)

    def error(self) -> tuple[int, str]:
        assert self.opcode == Opcode.ERROR, self
        reader = self.reader()
        return reader.int32(), reader.string()


class Client:
    def __init__(self, host: str, port: int, version: int = 4) -> None:
        self.sock = socket.create_connection((host, port), timeout=5)
        self.version = version

    def close(self) -> None:
        self.sock.close()

    def send(self, opcode: int, body: bytes = b"", stream: int = 0, flags: int = 0) -> None:
        self.sock.sendall(HEADER.pack(self.version, flags, stream, opcode, len(body)) + body)

    def recv(self) -> Frame:
        header = self._exact(9)
        version, flags, stream, opcode, length = HEADER.unpack(header)
        return Frame(version & 0x7F, flags, stream, Opcode(opcode), self._exact(length))

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def request(self, opcode: int, body: bytes = b"", stream: int = 0) -> Frame:
        self.send(opcode, body, stream)
        return self.recv()

    def startup(self) -> Frame:
        body = bytearray()
        write_short(body, 1)
        write_string(body, "CQL_VERSION")
        write_string(body, "3.0.0")
        return self.request(Opcode.STARTUP, bytes(body))


def query_body(cql: str, values: Sequence[bytes | None] = (), page_size: int | None = None,
               paging_state: bytes | None = None, consistency: int = 1) -> bytes:  # fmt: skip
    body = bytearray()
    write_long_string(body, cql)
    body += struct.pack(">H", consistency)
    flags = (0x01 if values else 0) | (0x04 if page_size else 0) | (0x08 if paging_state else 0)
    body.append(flags)
    if values:
        write_short(body, len(values))
        for value in values:
            body += (
                struct.pack(">i", -1) if value is None else struct.pack(">i", len(value)) + value
            )
    if page_size:
        body += struct.pack(">i", page_size)
    if paging_state:
        body += struct.pack(">i", len(paging_state)) + paging_state
    return bytes(body)


@pytest.fixture
def client(fake_server: ServerInfo) -> Iterator[Callable[..., Client]]:
    clients: list[Client] = []

    def connect(version: int = 4) -> Client:
        c = Client(fake_server.host, fake_server.port, version)
        clients.append(c)
        return c

    yield connect
    for c in clients:
        c.close()
