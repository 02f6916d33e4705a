"""Snapshots: the whole engine state in one file, written atomically.

The file is framed like the log (:mod:`coodie.embedded.records`): a header record
(the last log sequence number the snapshot contains, the schema version, the last
write timestamp, the user schema), then partitions in chunks, then an end record
counting them. It is written to ``snapshot.dat.tmp``, fsync'ed, renamed over
``snapshot.dat`` and the directory fsync'ed; ``hook(step)`` is called before each
step (fault injection in tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.embedded.journal import apply_records, partition_record
from coodie.embedded.packing import PackingError, pack, unpack
from coodie.embedded.records import MAGIC_SNAPSHOT, frame, read_records
from coodie.embedded.schema_store import decode_keyspaces, encode_keyspaces, is_user_keyspace
from coodie.embedded.storage import TableData
from coodie.exceptions import DataCorrupted

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

SNAPSHOT = "snapshot.dat"
CHUNK_BYTES = 1 << 20


def fsync_dir(path: str) -> None:
    """Make a rename or file creation in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_snapshot(eng: Engine, directory: str, last_seq: int, hook: Callable[[str], None]) -> int:
    """Write the engine's state atomically; returns the file size."""
    final = os.path.join(directory, SNAPSHOT)
    tmp = final + ".tmp"
    header = {
        "last_seq": last_seq,
        "schema_version": eng.schema_version,
        "last_ts": eng._last_ts,
        "keyspaces": encode_keyspaces(eng.keyspaces),
    }
    try:
        with open(tmp, "wb") as fh:
            hook("snapshot-write")
            fh.write(MAGIC_SNAPSHOT)
            fh.write(frame(1, pack(("header", header))))
            seq, count = 2, 0
            chunk: list[Any] = []
            size = 0
            for (ks, table), data in eng.data.items():
                if not is_user_keyspace(ks):
                    continue
                for part in data.partitions.values():
                    encoded = partition_record(ks, table, part)
                    chunk.append(encoded)
                    count += 1
                    size += 64 + 32 * len(part.rows)
                    if size >= CHUNK_BYTES:
                        fh.write(frame(seq, pack(("parts", chunk))))
                        seq, chunk, size = seq + 1, [], 0
            if chunk:
                fh.write(frame(seq, pack(("parts", chunk))))
                seq += 1
            fh.write(frame(seq, pack(("end", count))))
            fh.flush()
            hook("snapshot-fsync")
            os.fsync(fh.fileno())
            total = fh.tell()
        hook("snapshot-rename")
        os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    hook("snapshot-dir-fsync")
    fsync_dir(directory)
    return total


def read_snapshot(eng: Engine, directory: str) -> int:
    """Load ``snapshot.dat`` into ``eng``; returns the last sequence number it contains."""
    path = os.path.join(directory, SNAPSHOT)
    with open(path, "rb") as fh:
        data = fh.read()
    scan = read_records(SNAPSHOT, data, MAGIC_SNAPSHOT, 1)
    if scan.torn_at is not None or not scan.records:
        offset = len(data) if scan.torn_at is None else scan.torn_at
        raise DataCorrupted(
            f"{SNAPSHOT} is cut short at offset {offset}; it is written whole before it is "
            "renamed into place, so the file was damaged afterwards. Run `coodie repair-data "
            "--path <data directory>`.",
            SNAPSHOT,
            offset,
        )
    try:
        kind, header = unpack(scan.records[0].payload)
        assert kind == "header"
        for ks in decode_keyspaces(header["keyspaces"]):
            eng.keyspaces[ks.name] = ks
            for name in ks.tables:
                eng.data[(ks.name, name)] = TableData()
        eng.schema_version = header["schema_version"]
        eng._last_ts = header["last_ts"]
        count = 0
        for rec in scan.records[1:]:
            kind, body = unpack(rec.payload)
            if kind == "end":
                if body != count:
                    raise PackingError(f"{count} partitions read where {body} were written")
                return int(header["last_seq"])
            apply_records(eng, body)
            count += len(body)
    except (PackingError, AssertionError, KeyError, TypeError, ValueError) as exc:
        raise DataCorrupted(
            f"{SNAPSHOT} cannot be read ({exc}); run `coodie repair-data --path <data directory>`.",
            SNAPSHOT,
            0,
        ) from exc
    raise DataCorrupted(f"{SNAPSHOT} has no end record", SNAPSHOT, len(data))
