"""Durability for ``Engine(path=...)``: an fsync'ed append-only log replayed at open.

Each applied write, batch or schema change is appended as one length-prefixed
pickled record (statement text, keyspace, bound values, write timestamp) and
fsync'ed before the call returns. A torn final record (crash mid-write) is
ignored at replay.
"""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

_LOG = "commitlog.bin"
_SNAPSHOT = "snapshot.bin"
CHECKPOINT_BYTES = 16 * 1024 * 1024


class CommitLog:
    """The append-only log of one engine directory."""

    def __init__(self, path: str) -> None:
        os.makedirs(path, exist_ok=True)
        self.path = os.path.join(path, _LOG)
        self.snapshot_path = os.path.join(path, _SNAPSHOT)
        self._fh: Any = None
        self._replaying = False

    def _write(self, record: tuple[Any, ...]) -> None:
        if self._replaying:
            return
        if self._fh is None:
            self._fh = open(self.path, "ab")  # noqa: SIM115
        data = pickle.dumps(record, protocol=4)
        self._fh.write(struct.pack(">I", len(data)) + data)
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def append(self, keyspace: str | None, cql: str, values: Sequence[Any], ts: int) -> None:
        """Record one applied statement."""
        self._write(("stmt", keyspace, cql, list(values), ts))

    def append_batch(
        self, keyspace: str | None, statements: Sequence[tuple[Any, Any]], batch_type: str, ts: int
    ) -> None:
        """Record one applied protocol batch."""
        items = [(getattr(s, "cql", s), p) for s, p in statements]
        self._write(("batch", keyspace, items, batch_type, ts))

    def checkpoint(self, eng: Engine) -> None:
        """Atomically write the engine's state, then start an empty log."""
        state = (eng.keyspaces, eng.data, eng.schema_version, eng._last_ts)
        tmp = self.snapshot_path + ".tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.snapshot_path)
        self.close()
        with open(self.path, "wb") as fh:
            os.fsync(fh.fileno())

    def should_checkpoint(self) -> bool:
        """Whether the log has grown enough to be folded into a snapshot."""
        return os.path.exists(self.path) and os.path.getsize(self.path) > CHECKPOINT_BYTES

    def replay(self, eng: Engine) -> None:
        """Load the snapshot, then re-apply every complete log record."""
        if os.path.exists(self.snapshot_path):
            with open(self.snapshot_path, "rb") as fh:
                eng.keyspaces, eng.data, eng.schema_version, eng._last_ts = pickle.load(fh)
            from coodie.embedded.system import install_system_keyspaces

            install_system_keyspaces(eng)  # current definitions, whatever the snapshot's age
        if not os.path.exists(self.path):
            return
        self._replaying = True
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
            pos = 0
            good = 0
            while pos + 4 <= len(data):
                (n,) = struct.unpack_from(">I", data, pos)
                if pos + 4 + n > len(data):
                    break
                record = pickle.loads(data[pos + 4 : pos + 4 + n])
                pos += 4 + n
                good = pos
                self._apply(eng, record)
            if good < len(data):
                with open(self.path, "r+b") as fh:
                    fh.truncate(good)
        finally:
            self._replaying = False

    def _apply(self, eng: Engine, record: tuple[Any, ...]) -> None:
        s = eng.session(record[1])
        try:
            if record[0] == "stmt":
                _, _, cql, values, ts = record
                s.execute(cql, values or None, timestamp=ts or None)
            else:
                _, _, items, batch_type, ts = record
                s.execute_batch(items, batch_type, timestamp=ts)
        except Exception:  # a record that failed originally cannot be in the log
            pass

    def close(self) -> None:
        """Close the file handle."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
