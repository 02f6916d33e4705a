"""Malformed input never crashes the server: fuzzed bodies, random bytes, oversized frames."""

from __future__ import annotations

import contextlib
import socket
import struct
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coodie.server import requests as rq
from coodie.server.frames import FrameError, Opcode, decode_header
from coodie.testing import ServerInfo

from .conftest import Client, query_body

Connect = Callable[..., Client]
FIXTURE_CHECK = HealthCheck.function_scoped_fixture
DECODERS = [
    rq.decode_startup, rq.decode_query, rq.decode_prepare, rq.decode_execute,
    rq.decode_batch, rq.decode_auth_response, rq.decode_register,
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DECODERS), st.binary(max_size=64), st.sampled_from([3, 4]))
def test_body_decoders_only_raise_request_errors(
    decode: Callable[[bytes, int], object], body: bytes, version: int
) -> None:
    with contextlib.suppress(rq.RequestError):
        decode(body, version)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=9, max_size=9))
def test_header_decoder_only_raises_frame_errors(header: bytes) -> None:
    with contextlib.suppress(FrameError):
        decode_header(header, max_body=1024)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(list(Opcode)), st.binary(max_size=48))
def test_random_bodies_get_answers_and_server_survives(
    fake_server: ServerInfo, opcode: Opcode, body: bytes
) -> None:
    c = Client(fake_server.host, fake_server.port)
    try:
        c.startup()
        c.send(opcode, body, stream=5)
        answer = c.recv()
        assert answer.stream == 5
        check = c.request(Opcode.OPTIONS, stream=6)
        assert (check.opcode, check.stream) == (Opcode.SUPPORTED, 6)
    finally:
        c.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=200))
def test_random_byte_streams_do_not_take_the_server_down(
    fake_server: ServerInfo, garbage: bytes
) -> None:
    with socket.create_connection((fake_server.host, fake_server.port), timeout=5) as sock:
        sock.sendall(garbage)
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(5)
        while sock.recv(4096):
            pass
    c = Client(fake_server.host, fake_server.port)
    try:
        assert c.startup().opcode == Opcode.READY
    finally:
        c.close()


def test_oversized_frame_before_startup_is_refused_and_connection_closed(
    client: Connect,
) -> None:
    c = client()
    c.sock.sendall(struct.pack(">BBhBi", 4, 0, 9, Opcode.QUERY, 1 << 20))
    answer = c.recv()
    assert answer.stream == 9
    assert answer.error() == (
        0x2200, f"Request is too big: length {(1 << 20) + 9} exceeds maximum allowed length 4096."
    )  # fmt: skip
    with pytest.raises(ConnectionError):
        c.recv()


def test_compressed_frame_without_negotiation(client: Connect) -> None:
    c = client()
    c.startup()
    c.send(Opcode.QUERY, query_body("SELECT k, v FROM ks.t"), stream=2, flags=0x01)
    assert c.recv().error() == (0x000A, "Compression was not negotiated")


def test_version_change_mid_connection(client: Connect) -> None:
    c = client()
    c.startup()
    c.version = 3
    code, message = c.request(Opcode.OPTIONS).error()
    assert code == 0x000A
    assert "previous messages on this connection had version v4" in message


def test_in_flight_caps_apply_backpressure_without_losing_requests(client: Connect) -> None:
    """8 requests or 200 body bytes in flight at most; the rest waits in the socket."""
    c = client()
    c.startup()
    for stream in range(100):
        c.send(Opcode.QUERY, query_body("SELECT k, v FROM ks.t"), stream=stream)
    assert sorted(c.recv().stream for _ in range(100)) == list(range(100))


def test_v5_segments_with_a_bad_crc_close_only_that_connection(client: Connect) -> None:
    from coodie.server.segments import check_payload, decode_segment_header, encode_segments

    c = client(version=5)
    assert c.startup().opcode == Opcode.READY
    frame = struct.pack(">BBhBi", 5, 0, 1, Opcode.OPTIONS, 0)
    c.sock.sendall(encode_segments(frame))
    length, _, self_contained = decode_segment_header(c._exact(6))
    payload = c._exact(length + 4)
    envelope = check_payload(payload[:length], payload[length:])
    assert self_contained
    assert (envelope[0], envelope[4]) == (0x85, Opcode.SUPPORTED)
    damaged = bytearray(encode_segments(frame))
    damaged[8] ^= 0xFF
    c.sock.sendall(bytes(damaged))
    length, _, _ = decode_segment_header(c._exact(6))
    error = c._exact(length + 4)[:length]
    assert error[4] == Opcode.ERROR
    assert b"CRC mismatch on a v5 segment payload" in error
    with pytest.raises(ConnectionError):
        c.recv()
    other = client(version=5)
    assert other.startup().opcode == Opcode.READY
