"""Differential replay of the Cassandra 4.0 corpus: the engine called directly vs over the wire.

Each case runs twice on fresh engines: once through ``Session.execute`` and once through
the native protocol server with a raw v4 client (values bound with ``coodie.wire``). Both
must agree on result kind, column names and types, paging, warnings, errors (code, message,
AlreadyExists keyspace/table) and every cell, in server order. This checks the protocol
front and the value codec, whatever the engine gets right or wrong.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import json
import struct
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest

from coodie.cql.types import NATIVE, CqlType
from coodie.cql.values import CqlDuration
from coodie.embedded import UNSET, Engine, RawValue
from coodie.embedded import codec as engine_codec
from coodie.exceptions import DriverError
from coodie.server.frames import Opcode
from coodie.testing import embedded_server
from coodie.wire import decode_type_option, encode_type_option, serialize
from coodie.wire.primitives import Reader, write_long_string, write_short, write_short_bytes

from .conftest import Client

CASES_DIR = Path(__file__).parents[2] / "conformance" / "cases"
CASES = [
    json.loads(line)
    for path in sorted(CASES_DIR.glob("*.jsonl"))
    for line in path.read_text().splitlines()
    if line.strip()
]
PAGE = 5000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
RAW = object()  # marks a raw-bytes param in wire form


@attrs.define
class Outcome:
    kind: str
    types: list[tuple[str, bytes]] = attrs.field(factory=list)
    cells: list[list[bytes | None]] = attrs.field(factory=list)
    pages: list[int] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)
    extra: Any = None


def param(v: Any, wire: bool) -> Any:
    """Corpus JSON → engine value form, or (``wire``) the ordered form ``serialize`` takes."""
    if isinstance(v, list):
        return [param(x, wire) for x in v]
    if not isinstance(v, dict):
        return v
    ((tag, x),) = v.items()
    simple = {
        "float": float, "decimal": decimal.Decimal, "blob_hex": bytes.fromhex,
        "inet": ipaddress.ip_address, "uuid": uuid.UUID, "time_ns": int,
        "timestamp_ms": lambda ms: EPOCH + dt.timedelta(milliseconds=ms),
        "date_days": lambda d: dt.date(1970, 1, 1) + dt.timedelta(days=d),
        "duration": lambda p: CqlDuration(*p),
    }  # fmt: skip
    if tag in simple:
        return simple[tag](x)
    if tag == "unset":
        return UNSET
    if tag in ("raw_hex", "empty"):
        raw = bytes.fromhex(x) if tag == "raw_hex" else b""
        return (RAW, raw) if wire else RawValue(raw)
    if tag in ("list", "set"):
        return [param(e, wire) for e in x]
    if tag == "tuple":
        return tuple(param(e, wire) for e in x)
    if tag == "udt":
        return {k: param(e, wire) for k, e in x.items()}
    if wire:
        return [(param(k, wire), param(e, wire)) for k, e in x]
    return {_hashable(param(k, wire)): param(e, wire) for k, e in x}


def _hashable(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_hashable(e) for e in v)
    if isinstance(v, dict):
        return tuple(_hashable(e) for e in v.values())
    return v


# -- the engine, called directly -----------------------------------------------------


def run_direct(case: dict[str, Any]) -> Outcome:
    session = Engine().session()
    for ks in case["keyspaces"]:
        session.execute(f"CREATE KEYSPACE {ks} WITH replication = {REPLICATION}")
    for step in case["setup"]:
        if isinstance(step, str):
            session.execute(step)
        else:
            prepared = session.prepare(step["cql"])
            for values in step.get("params_each", [step.get("params")]):
                session.execute(prepared, param(values, wire=False))
    page = PAGE if case["fetch_size"] is None else case["fetch_size"]
    statement: Any = case["cql"]
    params = None
    phase = "prepare"
    try:
        if case["params"] is not None:
            statement = session.prepare(statement)
            params = param(case["params"], wire=False)
        phase = "execute"
        result = session.execute(statement, params, page_size=page)
    except DriverError as exc:
        where = phase if case["params"] is not None else None
        return Outcome("error", extra=(exc.code, str(exc), dict(exc.info), where))
    out = Outcome(result.kind, warnings=list(result.warnings))
    if result.kind == "schema_change":
        sc = result.schema_change
        out.extra = (sc.change, sc.target, sc.keyspace, sc.name or "")
    while result.kind == "rows":
        out.types = [(c.name, encode_type_option(c.type)) for c in result.columns]
        out.cells += [
            [None if v is None else engine_codec.serialize(c.type, v)
             for c, v in zip(result.columns, row, strict=True)]
            for row in result.raw_rows
        ]  # fmt: skip
        out.pages.append(len(result.raw_rows))
        if result.paging_state is None:
            break
        result = session.execute(statement, params, page_size=page,
                                 paging_state=result.paging_state)  # fmt: skip
    return out


REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"


# -- the same through the server --------------------------------------------------------


class WireSession:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.stream = 0
        self.warnings: list[str] = []

    def _call(self, opcode: Opcode, body: bytes) -> Reader:
        self.stream = (self.stream + 1) % 30000
        frame = self.client.request(opcode, body, self.stream)
        assert frame.stream == self.stream
        reader = frame.reader()
        self.warnings = reader.string_list() if frame.flags & 0x08 else []
        if frame.opcode == Opcode.ERROR:
            code, message = reader.int32(), reader.string()
            info = {"keyspace": reader.string(), "table": reader.string()} if code == 0x2400 else {}
            raise WireError(code, message, info)
        return reader

    def prepare(self, cql: str) -> tuple[bytes, list[CqlType]]:
        body = bytearray()
        write_long_string(body, cql)
        reader = self._call(Opcode.PREPARE, bytes(body))
        assert reader.int32() == 4
        statement_id = reader.short_bytes()
        _, types, _ = _metadata(reader, prepared=True)
        return statement_id, types

    def execute(self, cql: str, prepared: tuple[bytes, list[CqlType]] | None, values: Any,
                page: int, paging_state: bytes | None = None) -> Reader:  # fmt: skip
        body = bytearray()
        if prepared is None:
            write_long_string(body, cql)
        else:
            write_short_bytes(body, prepared[0])
        body += struct.pack(">H", 10)
        flags = (0x01 if values is not None else 0) | (0x04 if page > 0 else 0)
        body.append(flags | (0x08 if paging_state else 0))
        if values is not None:
            assert prepared is not None
            write_short(body, len(values))
            extra = [_guess(v) for v in values[len(prepared[1]) :]]  # bind_unchecked cases
            types = [*prepared[1], *extra][: len(values)]
            for value, cql_type in zip(values, types, strict=True):
                body += _bound(value, cql_type)
        if page > 0:
            body += struct.pack(">i", page)
        if paging_state:
            body += struct.pack(">i", len(paging_state)) + paging_state
        return self._call(Opcode.QUERY if prepared is None else Opcode.EXECUTE, bytes(body))


@attrs.define
class WireError(Exception):
    code: int
    message: str
    info: dict[str, str]


def _guess(value: Any) -> CqlType:
    return NATIVE["text"] if isinstance(value, str) else NATIVE["int"]


def _bound(value: Any, cql_type: CqlType) -> bytes:
    if value is UNSET:
        return struct.pack(">i", -2)
    if isinstance(value, tuple) and len(value) == 2 and value[0] is RAW:
        data = value[1]
    elif cql_type == NATIVE["timeuuid"]:
        data = serialize(NATIVE["uuid"], value)  # unchecked: the server must refuse non-v1
    else:
        data = serialize(cql_type, value)
    return struct.pack(">i", -1) if data is None else struct.pack(">i", len(data)) + data


def _metadata(
    reader: Reader, prepared: bool = False
) -> tuple[list[str], list[CqlType], bytes | None]:
    flags, count = reader.int32(), reader.int32()
    if prepared:
        for _ in range(reader.int32()):
            reader.short()
    paging_state = reader.blob() if flags & 2 else None
    names, types = [], []
    if not flags & 4:
        if flags & 1:
            reader.string(), reader.string()
        for _ in range(count):
            if not flags & 1:
                reader.string(), reader.string()
            names.append(reader.string())
            types.append(decode_type_option(reader))
    return names, types, paging_state


def run_wire(case: dict[str, Any]) -> Outcome:
    with embedded_server() as server:
        client = Client(server.host, server.port)
        try:
            client.startup()
            return _run_wire(WireSession(client), case)
        finally:
            client.close()


def _run_wire(session: WireSession, case: dict[str, Any]) -> Outcome:
    for ks in case["keyspaces"]:
        session.execute(f"CREATE KEYSPACE {ks} WITH replication = {REPLICATION}", None, None, 0)
    for step in case["setup"]:
        if isinstance(step, str):
            session.execute(step, None, None, 0)
        else:
            prepared = session.prepare(step["cql"])
            for values in step.get("params_each", [step.get("params")]):
                session.execute(step["cql"], prepared, param(values, wire=True), 0)
    page = PAGE if case["fetch_size"] is None else case["fetch_size"]
    prepared_statement = None
    values = None
    phase = "prepare"
    try:
        if case["params"] is not None:
            prepared_statement = session.prepare(case["cql"])
            values = param(case["params"], wire=True)
        phase = "execute"
        reader = session.execute(case["cql"], prepared_statement, values, page)
    except WireError as exc:
        where = phase if case["params"] is not None else None
        return Outcome("error", extra=(exc.code, exc.message, exc.info, where))
    out = Outcome("", warnings=session.warnings)
    kind = reader.int32()
    out.kind = {1: "void", 2: "rows", 3: "set_keyspace", 5: "schema_change"}[kind]
    if kind == 5:
        change, target, keyspace = reader.string(), reader.string(), reader.string()
        out.extra = (change, target, keyspace, reader.string() if target != "KEYSPACE" else "")
    while kind == 2:
        names, types, paging_state = _metadata(reader)
        out.types = [(n, encode_type_option(t)) for n, t in zip(names, types, strict=True)]
        rows = [[reader.blob() for _ in names] for _ in range(reader.int32())]
        out.cells += rows
        out.pages.append(len(rows))
        if paging_state is None:
            break
        reader = session.execute(case["cql"], prepared_statement, values, page, paging_state)
        kind = reader.int32()
    return out


def _nondeterministic(case: dict[str, Any]) -> bool:
    text = json.dumps(case)
    return any(s in text for s in ("any_", "sleep_ms", "now()", "uuid()", "currentT"))


@pytest.mark.skipif(not CASES, reason="the conformance corpus is not in tests/conformance/cases")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_wire_matches_engine(case: dict[str, Any]) -> None:
    if any(isinstance(s, dict) and "sleep_ms" in s for s in case["setup"]):
        pytest.skip("waits for TTL expiry; covered by the engine's own conformance run")
    direct, wire = run_direct(case), run_wire(case)
    if _nondeterministic(case):
        direct.cells = [[c is None for c in row] for row in direct.cells]  # type: ignore[misc]
        wire.cells = [[c is None for c in row] for row in wire.cells]  # type: ignore[misc]
    assert wire == direct
