"""``serve_forever`` (what ``coodie serve`` runs) in a child process, with a data directory."""

from __future__ import annotations

import re
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .test_auth import make_certificate

cluster_mod = pytest.importorskip("cassandra.cluster")

# SIGINT restored first: a run started in the background (``cmd &``) inherits it ignored
CODE = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from coodie.server import serve_forever; raise SystemExit(serve_forever({}))"
)


@contextmanager
def serving(path: Path, **options: str) -> Iterator[int]:
    arguments = ", ".join(f"{k}={v!r}" for k, v in {"path": str(path), **options}.items())
    process = subprocess.Popen(
        [sys.executable, "-c", CODE.format(f"port=0, {arguments}")],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"on 127\.0\.0\.1:(\d+)", line)
        assert match, line
        yield int(match.group(1))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_forever_persists_under_path(tmp_path: Path) -> None:
    with serving(tmp_path) as port:
        cluster = cluster_mod.Cluster(["127.0.0.1"], port=port)
        session = cluster.connect()
        replication = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        session.execute(f"CREATE KEYSPACE p WITH replication = {replication}")
        session.execute("CREATE TABLE p.t (k int PRIMARY KEY, v text)")
        session.execute("INSERT INTO p.t (k, v) VALUES (1, 'kept')")
        cluster.shutdown()
    with serving(tmp_path) as port:
        cluster = cluster_mod.Cluster(["127.0.0.1"], port=port)
        try:
            row = cluster.connect().execute("SELECT v FROM p.t WHERE k = 1").one()
            assert row.v == "kept"
        finally:
            cluster.shutdown()


def test_serve_forever_with_tls_files(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    with serving(tmp_path / "data", certfile=str(cert), keyfile=str(key)) as port:
        context = ssl.create_default_context(cafile=str(cert))
        cluster = cluster_mod.Cluster(["127.0.0.1"], port=port, ssl_context=context)
        try:
            assert cluster.connect().execute("SELECT key FROM system.local").one().key == "local"
        finally:
            cluster.shutdown()


def test_serve_forever_reports_a_bad_certificate(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pem")
    code = CODE.format(f"port=0, certfile={missing!r}")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "coodie serve:" in done.stderr
