"""The server's bounds, attacked over real sockets: frame sizes, buffered bytes, connections,
slow or silent clients and password guessing."""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterator

import pytest

from coodie.server.backend import Backend
from coodie.server.frames import Opcode
from coodie.server.limits import Limits
from coodie.testing import ServerInfo, embedded_server
from coodie.wire.primitives import write_bytes

from .conftest import UNSET, Client, FakeEngine, Raw, query_body

SELECT = query_body("SELECT k, v FROM ks.t")


def _server(**limits: object) -> Iterator[ServerInfo]:
    options = {"max_frame_size": 4096, "max_unauthenticated_frame_size": 512, **limits}
    backend = Backend(FakeEngine(), Raw, UNSET)
    with embedded_server(backend=backend, limits=Limits(**options)) as info:  # type: ignore[arg-type]
        yield info


@pytest.fixture
def server() -> Iterator[ServerInfo]:
    yield from _server(handshake_timeout=1.0, frame_timeout=0.5, max_connections=4)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` within ``seconds`` (reading whatever it sends)."""
    sock.settimeout(seconds)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            if not sock.recv(4096):
                return True
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return False


def _header(opcode: int, length: int, stream: int = 0, version: int = 4) -> bytes:
    return struct.pack(">BBhBi", version, 0, stream, opcode, length)


def test_a_response_frame_declaring_256_mib_is_refused_before_any_body_is_read(
    server: ServerInfo,
) -> None:
    c = Client(server.host, server.port)
    try:
        c.sock.sendall(_header(Opcode.RESULT, 256 << 20, stream=3, version=0x84))
        answer = c.recv()  # no body sent: the answer comes from the header alone
        assert answer.stream == 3
        assert answer.error()[0] == 0x2200
        assert "Request is too big" in answer.error()[1]
        with pytest.raises(ConnectionError):
            c.recv()  # before authentication, the connection is closed
    finally:
        c.close()


def test_an_oversized_request_gets_an_error_and_the_connection_stays_usable(
    server: ServerInfo,
) -> None:
    c = Client(server.host, server.port)
    try:
        assert c.startup().opcode == Opcode.READY
        body = query_body("SELECT k, v FROM ks.t", values=[b"x" * 6000])
        c.send(Opcode.QUERY, body, stream=7)
        answer = c.recv()
        assert answer.stream == 7
        assert answer.error() == (
            0x2200,
            f"Request is too big: length {len(body) + 9} exceeds maximum allowed length 4096.",
        )
        assert c.request(Opcode.QUERY, SELECT, stream=8).opcode == Opcode.RESULT
    finally:
        c.close()


def test_a_frame_too_big_for_an_unauthenticated_client_closes_it(server: ServerInfo) -> None:
    c = Client(server.host, server.port)
    try:
        c.send(Opcode.OPTIONS, b"\x00" * 1000)
        assert "exceeds maximum allowed length 512" in c.recv().error()[1]
        with pytest.raises(ConnectionError):
            c.recv()
    finally:
        c.close()


def test_silent_and_slow_clients_are_dropped_before_the_handshake_ends(
    server: ServerInfo,
) -> None:
    silent = socket.create_connection((server.host, server.port))
    dribbling = socket.create_connection((server.host, server.port))
    try:
        dribbling.sendall(_header(Opcode.OPTIONS, 0)[:4])  # half a header, then nothing
        started = time.monotonic()
        assert _closed_within(silent, 5)
        assert _closed_within(dribbling, 5)
        assert time.monotonic() - started < 4
    finally:
        silent.close()
        dribbling.close()


def test_a_half_sent_frame_times_out_but_an_idle_ready_connection_stays(
    server: ServerInfo,
) -> None:
    idle, stalled = Client(server.host, server.port), Client(server.host, server.port)
    try:
        assert idle.startup().opcode == Opcode.READY
        assert stalled.startup().opcode == Opcode.READY
        stalled.sock.sendall(_header(Opcode.QUERY, len(SELECT)) + SELECT[:5])
        assert _closed_within(stalled.sock, 4)
        time.sleep(1.2)  # past the handshake timeout: an authenticated connection may idle
        assert idle.request(Opcode.OPTIONS).opcode == Opcode.SUPPORTED
    finally:
        idle.close()
        stalled.close()


def test_idle_timeout_closes_silent_ready_connections() -> None:
    for info in _server(idle_timeout=0.3):
        c = Client(info.host, info.port)
        try:
            assert c.startup().opcode == Opcode.READY
            assert _closed_within(c.sock, 3)
        finally:
            c.close()


def test_connections_over_the_cap_are_closed_at_once(server: ServerInfo) -> None:
    clients = [Client(server.host, server.port) for _ in range(4)]
    try:
        for c in clients:
            assert c.startup().opcode == Opcode.READY
        extra = socket.create_connection((server.host, server.port))
        assert _closed_within(extra, 3)
        extra.close()
        clients.pop().close()
        deadline = time.monotonic() + 3
        while True:  # the server notices the closed connection shortly
            c = Client(server.host, server.port)
            try:
                ready = c.startup().opcode == Opcode.READY
            except ConnectionError:
                ready = False
            if ready or time.monotonic() > deadline:
                clients.append(c)
                break
            c.close()
            time.sleep(0.05)
        assert ready
    finally:
        for c in clients:
            c.close()


def test_bodies_of_all_connections_share_one_budget() -> None:
    """A client holding most of the budget with a half-sent body delays the others until its
    frame times out; then they are served."""
    for info in _server(max_buffered_bytes=4000, frame_timeout=0.6):
        hog, other = Client(info.host, info.port), Client(info.host, info.port)
        try:
            assert hog.startup().opcode == Opcode.READY
            assert other.startup().opcode == Opcode.READY
            hog.sock.sendall(_header(Opcode.QUERY, 3500) + b"\x00" * 100)
            time.sleep(0.1)
            insert = "INSERT INTO ks.t (k, v) VALUES (?, ?)"
            body = query_body(insert, values=[struct.pack(">i", 1), b"x" * 1000])
            started = time.monotonic()
            answer = other.request(Opcode.QUERY, body)
            waited = time.monotonic() - started
            assert answer.opcode == Opcode.RESULT, answer
            assert waited > 0.3  # it waited for the hog's budget...
            assert _closed_within(hog.sock, 2)  # ...which timed out and was dropped
        finally:
            hog.close()
            other.close()


def _token(user: str, password: str) -> bytes:
    body = bytearray()
    write_bytes(body, b"\x00" + user.encode() + b"\x00" + password.encode())
    return bytes(body)


def test_repeated_wrong_passwords_are_slowed_then_the_connection_closed() -> None:
    backend = Backend(FakeEngine(), Raw, UNSET)
    limits = Limits(auth_failure_delay=0.05, max_auth_failures=3)
    with embedded_server(backend=backend, auth="alice:secret", limits=limits) as info:
        c = Client(info.host, info.port)
        try:
            assert c.startup().opcode == Opcode.AUTHENTICATE
            started = time.monotonic()
            answers = []
            with pytest.raises(ConnectionError):
                for attempt in range(1000):
                    answers.append(c.request(Opcode.AUTH_RESPONSE, _token("alice", f"{attempt}")))
            assert len(answers) == 3
            assert all(a.error()[0] == 0x0100 for a in answers)
            assert time.monotonic() - started >= 0.05 + 0.1 + 0.2
        finally:
            c.close()
        good = Client(info.host, info.port)
        try:
            good.startup()
            assert good.request(Opcode.AUTH_RESPONSE, _token("alice", "secret")).opcode == (
                Opcode.AUTH_SUCCESS
            )
        finally:
            good.close()
