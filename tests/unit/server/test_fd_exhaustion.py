"""Running out of file descriptors: the server backs off accepting, logs it once, recovers."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

SERVE = """
import asyncio, logging, resource
logging.basicConfig(level=logging.WARNING)
resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))
from coodie.server import CqlServer
async def main():
    server = CqlServer(port=0)
    await server.start()
    print("port", server.port, flush=True)
    await server.serve_forever()
asyncio.run(main())
"""
STARTUP = bytes.fromhex("0400000001000000160001000b43514c5f56455253494f4e0005332e302e30")


def test_running_out_of_descriptors_is_logged_once_and_survived() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sockets: list[socket.socket] = []
    try:
        assert process.stdout is not None
        found = re.match(r"port (\d+)", process.stdout.readline())
        assert found
        port = int(found.group(1))
        for _ in range(80):  # more than the server has descriptors for
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(2)
        for sock in sockets:
            sock.close()
        sockets.clear()
        deadline = time.monotonic() + 10
        ready = False
        while not ready and time.monotonic() < deadline:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as fresh:
                fresh.sendall(STARTUP)
                try:
                    ready = fresh.recv(9)[4] == 0x02  # READY
                except OSError:
                    time.sleep(0.2)
        assert ready
    finally:
        for sock in sockets:
            sock.close()
        process.kill()
        _, stderr = process.communicate(timeout=10)
    assert stderr.count("cannot accept connections") == 1, stderr[-2000:]
    assert "Traceback" not in stderr
