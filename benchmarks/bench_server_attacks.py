"""Memory of ``coodie serve`` under hostile clients: a 256 MiB frame declaration, a 64 MiB
oversized request streamed after STARTUP, and 2,000 slowloris sockets.

Run: ``.venv/bin/python -m pytest benchmarks/bench_server_attacks.py -s`` (prints the
server's resident set size before and during each attack).
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

SERVE = (
    "from coodie.server import CqlServer, Limits; import asyncio\n"
    "async def main():\n"
    "    server = CqlServer(port=0, limits=Limits(handshake_timeout=2.0))\n"
    "    await server.start()\n"
    "    print('port', server.port, flush=True)\n"
    "    await server.serve_forever()\n"
    "asyncio.run(main())\n"
)
STARTUP = b"\x00\x01\x00\x0bCQL_VERSION\x00\x053.0.0"


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], int]]:
    process = subprocess.Popen([sys.executable, "-c", SERVE], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        found = re.match(r"port (\d+)", process.stdout.readline())
        assert found, "the server did not start"
        yield process, int(found.group(1))
    finally:
        process.kill()
        process.wait(10)


def rss_mib(pid: int) -> float:
    """Resident set size of process ``pid`` in MiB (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _frame(opcode: int, length: int, version: int = 4) -> bytes:
    return struct.pack(">BBhBi", version, 0, 1, opcode, length)


def _drain(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    data = b""
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_rss_under_a_256_mib_declaration(server: tuple[subprocess.Popen[str], int]) -> None:
    process, port = server
    before = rss_mib(process.pid)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_frame(0x08, 256 << 20, version=0x84))  # a "response" frame
        with contextlib.suppress(OSError):
            for _ in range(64):
                sock.sendall(b"\x00" * (1 << 20))
        answer = _drain(sock)
    assert b"Request is too big" in answer
    during = rss_mib(process.pid)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_frame(0x01, len(STARTUP)) + STARTUP)
        sock.recv(9)
        sock.sendall(_frame(0x07, 64 << 20))
        for _ in range(64):
            sock.sendall(b"\x00" * (1 << 20))
        sock.settimeout(10)
        assert b"Request is too big" in sock.recv(4096)
    after = rss_mib(process.pid)
    print(f"\nRSS MiB: idle {before:.1f}, 256 MiB declaration {during:.1f}, "
          f"64 MiB oversized request skipped {after:.1f}")  # fmt: skip
    assert after - before < 32


def test_rss_under_2000_slowloris_sockets(server: tuple[subprocess.Popen[str], int]) -> None:
    process, port = server
    before = rss_mib(process.pid)
    sockets = []
    try:
        for _ in range(2000):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(_frame(0x05, 0)[:4])  # half a header, then silence
            sockets.append(sock)
        time.sleep(0.5)
        during = rss_mib(process.pid)
        time.sleep(3)  # past the 2 s handshake timeout
        for sock in sockets:
            sock.setblocking(False)
        open_ = 0
        for sock in sockets:
            try:
                open_ += sock.recv(1) != b""
            except BlockingIOError:
                open_ += 1
            except OSError:
                pass
        with socket.create_connection(("127.0.0.1", port), timeout=5) as fresh:
            fresh.sendall(_frame(0x01, len(STARTUP)) + STARTUP)
            assert fresh.recv(9)[4] == 0x02  # READY: the server still serves
    finally:
        for sock in sockets:
            sock.close()
    print(f"\nRSS MiB: idle {before:.1f}, 2,000 slowloris sockets {during:.1f}; "
          f"still open after the handshake timeout: {open_}")  # fmt: skip
    assert open_ == 0
    assert during - before < 64
