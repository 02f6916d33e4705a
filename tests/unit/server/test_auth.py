"""PasswordAuthenticator logins and TLS, over the raw protocol client."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from coodie.server.backend import Backend
from coodie.server.frames import Opcode
from coodie.testing import ServerInfo, embedded_server
from coodie.wire.primitives import write_bytes

from .conftest import UNSET, Client, FakeEngine, Raw, query_body


@pytest.fixture
def auth_server() -> Iterator[ServerInfo]:
    with embedded_server(backend=Backend(FakeEngine(), Raw, UNSET), auth="alice:s3:cret") as info:
        yield info


def _token(user: str, password: str) -> bytes:
    body = bytearray()
    write_bytes(body, b"\x00" + user.encode() + b"\x00" + password.encode())
    return bytes(body)


def test_password_login(auth_server: ServerInfo) -> None:
    c = Client(auth_server.host, auth_server.port)
    try:
        challenge = c.startup()
        assert challenge.opcode == Opcode.AUTHENTICATE
        assert challenge.reader().string() == "org.apache.cassandra.auth.PasswordAuthenticator"
        early = c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t"))
        assert early.error() == (0x000A, "Unexpected message QUERY, expecting SASL_RESPONSE")
        success = c.request(Opcode.AUTH_RESPONSE, _token("alice", "s3:cret"))
        assert (success.opcode, success.body) == (Opcode.AUTH_SUCCESS, b"\xff\xff\xff\xff")
        assert c.request(Opcode.QUERY, query_body("SELECT k, v FROM ks.t")).opcode == Opcode.RESULT
    finally:
        c.close()


def test_wrong_password(auth_server: ServerInfo) -> None:
    c = Client(auth_server.host, auth_server.port)
    try:
        c.startup()
        refused = c.request(Opcode.AUTH_RESPONSE, _token("alice", "wrong"))
        assert refused.error() == (
            0x0100, "Provided username alice and/or password are incorrect"
        )  # fmt: skip
    finally:
        c.close()


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path)


def test_tls(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    backend = Backend(FakeEngine(), Raw, UNSET)
    with embedded_server(backend=backend, ssl_context=server_context) as info:
        c = Client.__new__(Client)
        raw = socket.create_connection((info.host, info.port), timeout=5)
        c.sock = client_context.wrap_socket(raw, server_hostname="127.0.0.1")
        c.version = 4
        try:
            assert c.startup().opcode == Opcode.READY
            assert c.request(Opcode.QUERY, query_body("WARN")).opcode == Opcode.RESULT
        finally:
            c.close()
        with socket.create_connection((info.host, info.port), timeout=5) as plain:
            plain.sendall(bytes.fromhex("040000000500000000"))
            plain.settimeout(5)
            assert not plain.recv(4096).startswith(b"\x84")
