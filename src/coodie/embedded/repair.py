"""``coodie repair-data --path DIR``: keep a copy, then drop the damaged records.

The engine refuses to start on a data file damaged before its end (nothing is ever
truncated silently). This command is the deliberate way on: it copies every file
to ``DIR/backup-N/``, keeps every record whose checksums hold (skipping damaged
bytes until the next intact record), renumbers the log after the snapshot and
writes the files back atomically. What was dropped is reported, with offsets.
"""

from __future__ import annotations

import os
import shutil
import zlib

from coodie.embedded.dirlock import LOCK, DirectoryLock
from coodie.embedded.packing import PackingError, unpack
from coodie.embedded.records import HEADER, MAGIC_LOG, MAGIC_SNAPSHOT, Record, frame
from coodie.embedded.snapshot import SNAPSHOT, fsync_dir

LOG = "commitlog.log"


def repair_data(path: str) -> list[str]:
    """Repair the data directory ``path`` (no engine may have it open); returns a report.

    >>> import tempfile
    >>> repair_data(tempfile.mkdtemp())[-1]
    'nothing to repair'
    """
    lock = DirectoryLock(path, lambda step: None)
    try:
        report: list[str] = []
        snap_path, log_path = os.path.join(path, SNAPSHOT), os.path.join(path, LOG)
        if not os.path.exists(snap_path) and not os.path.exists(log_path):
            return ["nothing to repair"]
        report.append(f"kept a copy of the files in {keep_copy(path)}")
        last_seq = 0
        if os.path.exists(snap_path):
            last_seq = _repair_snapshot(snap_path, report)
        if os.path.exists(log_path):
            _repair_log(log_path, last_seq, report)
        fsync_dir(path)
        return report
    finally:
        lock.release()


def keep_copy(directory: str) -> str:
    """Copy a data directory's files into a fresh ``backup-N`` folder inside it."""
    n = 1
    while os.path.exists(os.path.join(directory, f"backup-{n}")):
        n += 1
    dest = os.path.join(directory, f"backup-{n}")
    os.makedirs(dest)
    for name in sorted(os.listdir(directory)):
        src = os.path.join(directory, name)
        if os.path.isfile(src) and name != LOCK:
            shutil.copy2(src, dest)
    return dest


def salvage(data: bytes, magic: bytes) -> tuple[list[Record], list[tuple[int, int]]]:
    """Every intact record of a file, and the (start, end) byte spans skipped as damaged."""
    pos = len(magic) if data.startswith(magic) else 0
    good: list[Record] = []
    skipped: list[tuple[int, int]] = []
    bad_from: int | None = None
    while pos + HEADER.size <= len(data):
        length, seq, crc, head_crc = HEADER.unpack_from(data, pos)
        end = pos + HEADER.size + length
        if (
            zlib.crc32(data[pos : pos + 16]) == head_crc
            and end <= len(data)
            and zlib.crc32(data[pos + HEADER.size : end]) == crc
        ):
            if bad_from is not None:
                skipped.append((bad_from, pos))
                bad_from = None
            good.append(Record(pos, seq, data[pos + HEADER.size : end]))
            pos = end
            continue
        if bad_from is None:
            bad_from = pos
        pos += 1
    if bad_from is not None or pos < len(data):
        skipped.append((bad_from if bad_from is not None else pos, len(data)))
    return good, skipped


def _rewrite(path: str, magic: bytes, payloads: list[tuple[int, bytes]]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(magic)
        for seq, payload in payloads:
            fh.write(frame(seq, payload))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _describe(name: str, skipped: list[tuple[int, int]], report: list[str]) -> None:
    for start, end in skipped:
        report.append(f"{name}: dropped {end - start} damaged bytes at offsets {start}-{end}")


def _repair_snapshot(path: str, report: list[str]) -> int:
    with open(path, "rb") as fh:
        data = fh.read()
    good, skipped = salvage(data, MAGIC_SNAPSHOT)
    kinds = []
    for rec in good:
        try:
            kinds.append(unpack(rec.payload)[0])
        except PackingError:
            kinds.append("?")
    if not good or kinds[0] != "header":
        aside = path + ".unreadable"
        os.replace(path, aside)
        report.append(f"{SNAPSHOT}: its header is lost; moved aside to {aside}")
        return 0
    header = unpack(good[0].payload)[1]
    parts = [(r.payload, k) for r, k in zip(good, kinds, strict=True) if k == "parts"]
    count = sum(len(unpack(p)[1]) for p, _ in parts)
    from coodie.embedded.packing import pack

    payloads = [good[0].payload, *(p for p, _ in parts), pack(("end", count))]
    _rewrite(path, MAGIC_SNAPSHOT, list(enumerate(payloads, start=1)))
    _describe(SNAPSHOT, skipped, report)
    report.append(f"{SNAPSHOT}: {count} partitions kept")
    return int(header["last_seq"])


def _repair_log(path: str, last_seq: int, report: list[str]) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    good, skipped = salvage(data, MAGIC_LOG)
    later = [r for r in good if r.seq > last_seq]
    _rewrite(path, MAGIC_LOG, [(last_seq + i, r.payload) for i, r in enumerate(later, start=1)])
    _describe(LOG, skipped, report)
    report.append(f"{LOG}: {len(later)} records kept")
