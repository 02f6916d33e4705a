"""``coodie serve``: credentials kept out of argv, exposure warnings, client certificates."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from coodie.server.backend import Backend
from coodie.server.command import exposure_warnings, load_credentials, server_ssl_context
from coodie.server.frames import Opcode
from coodie.testing import embedded_server

from .conftest import UNSET, Client, FakeEngine, Raw
from .test_auth import make_certificate

cluster_mod = pytest.importorskip("cassandra.cluster")
auth_mod = pytest.importorskip("cassandra.auth")
# SIGINT restored first: a run started in the background (``cmd &``) inherits it ignored
RESTORE_SIGINT = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
COODIE = [
    sys.executable,
    "-c",
    RESTORE_SIGINT + "from coodie.cli import main; raise SystemExit(main())",
]


def test_credentials_come_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = tmp_path / "login"
    login.write_text("alice:from:file\n")
    monkeypatch.setenv("COODIE_SERVE_AUTH", "bob:from-env")
    assert load_credentials(None, str(login)).password == "from:file"  # type: ignore[union-attr]
    assert load_credentials(None, None).username == "bob"  # type: ignore[union-attr]
    assert load_credentials("carol:argv", str(login)).username == "carol"  # type: ignore[union-attr]
    monkeypatch.delenv("COODIE_SERVE_AUTH")
    assert load_credentials(None, None) is None


@pytest.mark.parametrize("spec", ["alice:", "alice", ":secret", ""])
def test_an_empty_password_or_user_is_refused(spec: str, tmp_path: Path) -> None:
    login = tmp_path / "login"
    login.write_text(spec)
    with pytest.raises(ValueError, match="non-empty password"):
        load_credentials(None, str(login))


def test_exposure_warnings() -> None:
    assert exposure_warnings("127.0.0.1", auth=False, tls=False) == []
    assert exposure_warnings("localhost", auth=True, tls=False) == []
    [no_auth] = exposure_warnings("0.0.0.0", auth=False, tls=True)
    assert "WITHOUT authentication" in no_auth
    [clear_text] = exposure_warnings("0.0.0.0", auth=True, tls=False)
    assert "without TLS" in clear_text
    assert exposure_warnings("0.0.0.0", auth=True, tls=True) == []


def test_coodie_serve_takes_the_login_from_the_environment() -> None:
    environment = {**os.environ, "COODIE_SERVE_AUTH": "alice:s3cret"}
    process = subprocess.Popen(
        [*COODIE, "serve", "--port", "0"],
        stderr=subprocess.PIPE, text=True, env=environment,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"on 127\.0\.0\.1:(\d+)", line)
        assert found, line
        port = int(found.group(1))
        provider = auth_mod.PlainTextAuthProvider("alice", "s3cret")
        cluster = cluster_mod.Cluster(["127.0.0.1"], port=port, auth_provider=provider)
        try:
            assert cluster.connect().execute("SELECT key FROM system.local").one().key == "local"
        finally:
            cluster.shutdown()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_coodie_serve_refuses_an_empty_password(tmp_path: Path) -> None:
    login = tmp_path / "login"
    login.write_text("alice:\n")
    done = subprocess.run(
        [*COODIE, "serve", "--port", "0", "--auth-file", str(login)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "non-empty password" in done.stderr


def test_client_certificates_are_required_with_a_client_ca(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    context = server_ssl_context(str(cert), str(key), client_ca=str(cert))
    backend = Backend(FakeEngine(), Raw, UNSET)
    with embedded_server(backend=backend, ssl_context=context) as info:
        anonymous = ssl.create_default_context(cafile=str(cert))
        with socket.create_connection((info.host, info.port), timeout=5) as raw:
            answer = b""
            with contextlib.suppress(ssl.SSLError, ConnectionError):
                tls = anonymous.wrap_socket(raw, server_hostname="127.0.0.1")
                tls.sendall(bytes.fromhex("040000000500000000"))  # OPTIONS
                answer = tls.recv(9)  # TLS 1.3 reports the refused certificate here
            assert answer == b""  # refused or closed: never SUPPORTED
        identified = ssl.create_default_context(cafile=str(cert))
        identified.load_cert_chain(str(cert), str(key))
        c = Client.__new__(Client)
        raw = socket.create_connection((info.host, info.port), timeout=5)
        c.sock = identified.wrap_socket(raw, server_hostname="127.0.0.1")
        c.version = 4
        try:
            assert c.startup().opcode == Opcode.READY
        finally:
            c.close()
