"""Shared helpers for the persistence tests: an exact dump of stored cells."""

from __future__ import annotations

from typing import Any

from coodie.embedded import Engine
from coodie.embedded.journal import partition_record

KEYSPACE = (
    "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
)


def dump(engine: Engine) -> list[Any]:
    """Every user partition as plain data: cells with write timestamps, TTLs, expiry times."""
    out = []
    for (ks, table), data in sorted(engine.data.items()):
        if ks.startswith("system"):
            continue
        for part in sorted(data.partitions.values(), key=lambda p: p.pk_bytes):
            out.append(partition_record(ks, table, part))
    return out
