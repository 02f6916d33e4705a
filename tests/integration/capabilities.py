"""Skip a test clearly when the target server lacks a search feature it needs."""

from __future__ import annotations

import pytest

from coodie.executor.connections import get_connection
from coodie.executor.runner import run
from coodie.executor.server import ServerInfo, server_info_operation


def server() -> ServerInfo:
    """The default connection's server (read once per connection)."""
    return run(server_info_operation(get_connection()))


def require_sai() -> None:
    """Skip unless the server has storage-attached indexes (Cassandra 5.0)."""
    info = server()
    if info.product == "scylladb" or not info.at_least(5, 0):
        pytest.skip(f"needs storage-attached indexes (Cassandra 5.0); the server is {info}")


def require_vectors() -> None:
    """Skip unless the server has vector search (Cassandra 5.0, ScyllaDB 2025.4)."""
    info = server()
    needed = (2025, 4) if info.product == "scylladb" else (5, 0)
    if not info.at_least(*needed):
        pytest.skip(f"needs vector search (Cassandra 5.0 or ScyllaDB 2025.4); the server is {info}")
