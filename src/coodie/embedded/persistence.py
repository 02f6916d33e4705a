"""Durability for ``Engine(path=...)``: a write-ahead log of evaluated mutations.

- A write is applied in memory under the engine lock while a
  :class:`~coodie.embedded.journal.Journal` records what it changed; the *result*
  (cells, write timestamps, absolute expiry times, generated values) is appended to
  ``commitlog.log`` as one checksummed, numbered record. If the append fails the
  write is undone before anyone can see it and the client gets
  :class:`~coodie.exceptions.StorageFailure`.
- Nobody is answered — the writer, nor a reader who could see the write — before
  the record is fsync'ed. Concurrent writers share one fsync (group commit), and
  the engine lock is not held across it.
- Schema changes are logged as their statement with the clock they ran at.
- ``checkpoint()`` writes ``snapshot.dat`` (which records the last sequence number
  it contains), then starts an empty log; replay applies only later records.
- One process per directory: ``lock`` is held (``flock``) while the engine is open.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.embedded.journal import apply_records
from coodie.embedded.packing import PackingError, unpack
from coodie.embedded.records import MAGIC_LOG, frame, read_records
from coodie.embedded.snapshot import SNAPSHOT, fsync_dir, read_snapshot, write_snapshot
from coodie.exceptions import DataDirectoryError, StorageFailure

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

LOG = "commitlog.log"
LOCK = "lock"
LEGACY = ("commitlog.bin", "snapshot.bin")
CHECKPOINT_BYTES = 16 * 1024 * 1024
MIN_FREE_BYTES = 1024 * 1024
FaultHook = Callable[[str], None]
"""Called with the name of each I/O step before it runs; raising simulates a failure."""

logger = logging.getLogger("coodie.embedded")


def _no_fault(step: str) -> None:
    return None


class CommitLog:
    """The log, snapshot and lock of one data directory."""

    def __init__(self, path: str, fault_hook: FaultHook | None = None) -> None:
        from coodie.embedded.dirlock import DirectoryLock

        self.dir = path
        self.hook = fault_hook or _no_fault
        self.path = os.path.join(path, LOG)
        self.snapshot_path = os.path.join(path, SNAPSHOT)
        self._dirlock = DirectoryLock(path, self.hook)
        self._fd = -1
        self._size = 0
        self._cond = threading.Condition()
        self.next_seq = 1
        self.written = 0
        self.synced = 0
        self._syncing = False
        self.failed: BaseException | None = None

    # ------------------------------------------------------------------ opening
    def open(self, eng: Engine) -> None:
        """Load the snapshot, replay the later log records, then open the log for appends."""
        for name in LEGACY:
            if os.path.exists(os.path.join(self.dir, name)):
                raise DataDirectoryError(
                    f"{self.dir} holds data in the pickle format of earlier coodie versions "
                    f"({name}), which is not opened because unpickling a file can run code. "
                    f"Convert it once with `coodie convert-legacy-data --path {self.dir}` "
                    "(it reads only the engine's data classes and keeps the old files)."
                )
        snap_seq = read_snapshot(eng, self.dir) if os.path.exists(self.snapshot_path) else 0
        last = snap_seq
        if os.path.exists(self.path):
            last = max(last, self._replay(eng, snap_seq))
        else:
            self._create_log()
        self.next_seq = last + 1
        self.written = self.synced = last
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        self._size = os.fstat(self._fd).st_size

    def _replay(self, eng: Engine, snap_seq: int) -> int:
        with open(self.path, "rb") as fh:
            data = fh.read()
        if len(data) < len(MAGIC_LOG) and MAGIC_LOG.startswith(data):
            self._create_log()  # created, then cut short before its header was complete
            return snap_seq
        scan = read_records(LOG, data, MAGIC_LOG, None)
        later = [r for r in scan.records if r.seq > snap_seq]
        if later and later[0].seq != snap_seq + 1:
            from coodie.embedded.records import _damaged

            raise _damaged(
                LOG,
                later[0].offset,
                f"the log continues at sequence {later[0].seq} but the snapshot ends at {snap_seq}",
            )
        for rec in later:
            try:
                self._apply(eng, unpack(rec.payload))
            except Exception as exc:
                raise DataDirectoryError(
                    f"{LOG}: record {rec.seq} at offset {rec.offset} could not be replayed: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
        if scan.torn_at is not None:
            self._drop_torn_tail(data, scan.torn_at)
        return scan.records[-1].seq if scan.records else snap_seq

    def _drop_torn_tail(self, data: bytes, offset: int) -> None:
        keep = f"{self.path}.torn-{offset}"
        with open(keep, "wb") as fh:
            fh.write(data[offset:])
            os.fsync(fh.fileno())
        logger.warning(
            "%s: the last record (%d bytes at offset %d) was cut short by a crash and was "
            "never acknowledged; it is dropped (a copy is kept in %s)",
            self.path,
            len(data) - offset,
            offset,
            keep,
        )
        with open(self.path, "r+b") as fh:
            fh.truncate(offset)
            os.fsync(fh.fileno())

    def _create_log(self) -> None:
        tmp = self.path + ".tmp"
        with open(tmp, "wb") as fh:
            fh.write(MAGIC_LOG)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        fsync_dir(self.dir)

    def _apply(self, eng: Engine, record: Any) -> None:
        kind = record[0]
        if kind == "w":
            _, last_ts, parts = record
            apply_records(eng, parts)
            eng._last_ts = max(eng._last_ts, last_ts)
            return
        if kind != "s":
            raise PackingError(f"unknown record kind {kind!r}")
        _, keyspace, cql, values, clock_us, ts_before, parts, ts_after = record
        eng._last_ts = ts_before
        eng.pinned_clock_us = clock_us
        try:
            eng.session(keyspace).execute(cql, values or None)
        finally:
            eng.pinned_clock_us = None
        apply_records(eng, parts)
        eng._last_ts = max(eng._last_ts, ts_after)

    # ------------------------------------------------------------------ writing
    def append(self, payload: bytes) -> int:
        """Write one record (engine lock held); undo the write if this raises."""
        self._raise_if_failed()
        seq = self.next_seq
        data = frame(seq, payload)
        try:
            self.hook("append")
            view = memoryview(data)
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        except OSError as exc:
            try:
                os.ftruncate(self._fd, self._size)
            except OSError as again:
                self.failed = again
            raise StorageFailure(
                f"the write was not applied: {self.path}: {exc.strerror or exc}", code=0x0000
            ) from exc
        self._size += len(data)
        self.next_seq = seq + 1
        self.written = seq
        return seq

    def sync(self, seq: int) -> None:
        """Return once record ``seq`` is on disk; one fsync serves every waiting writer."""
        if seq <= 0:
            return
        with self._cond:
            while True:
                self._raise_if_failed()
                if self.synced >= seq:
                    return
                if not self._syncing:
                    break
                self._cond.wait()
            self._syncing = True
            target = self.written
        try:
            self.hook("fsync")
            os.fsync(self._fd)
        except OSError as exc:
            with self._cond:
                self.failed = exc
                self._syncing = False
                self._cond.notify_all()
            self._raise_if_failed()
        with self._cond:
            self.synced = max(self.synced, target)
            self._syncing = False
            self._cond.notify_all()

    def _raise_if_failed(self) -> None:
        if self.failed is not None:
            reason = getattr(self.failed, "strerror", None) or self.failed
            raise StorageFailure(
                f"{self.path} could not be synced to disk ({reason}); recent writes may not "
                "be durable, so the engine refuses further requests: restart it",
                code=0x0000,
            )

    # ------------------------------------------------------------------ checkpoints
    def should_checkpoint(self) -> bool:
        """Whether the log has grown enough to be folded into a snapshot."""
        return self._size > CHECKPOINT_BYTES

    def checkpoint(self, eng: Engine) -> None:
        """Snapshot everything logged so far, then start an empty log (engine lock held)."""
        self.sync(self.written)
        write_snapshot(eng, self.dir, self.written, self.hook)
        self.hook("log-rotate")
        self._create_log()
        old, self._fd = self._fd, os.open(self.path, os.O_WRONLY | os.O_APPEND)
        os.close(old)
        self._size = os.fstat(self._fd).st_size

    def close(self) -> None:
        """Wait for the last fsync, close the log and release the directory."""
        if self._fd >= 0:
            try:
                if self.failed is None:
                    self.sync(self.written)
            finally:
                os.close(self._fd)
                self._fd = -1
        self._dirlock.release()
