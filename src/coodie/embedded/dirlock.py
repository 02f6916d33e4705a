"""One process per data directory: an exclusive ``flock`` on ``DIR/lock``, checked at open.

Opening also proves the directory is usable: it must be writable and not full, or
:class:`~coodie.exceptions.DataDirectoryError` says which and what to do.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from typing import IO

from coodie.exceptions import DataDirectoryError, DataDirectoryLocked

LOCK = "lock"
MIN_FREE_BYTES = 1024 * 1024

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock
    fcntl = None  # type: ignore[assignment]


class DirectoryLock:
    """Held from open to close; a second opener is refused naming the holder's pid."""

    def __init__(self, path: str, hook: Callable[[str], None]) -> None:
        self.path = path
        self._fh: IO[str] | None = None
        try:
            hook("open")
            os.makedirs(path, exist_ok=True)
            fh = open(os.path.join(path, LOCK), "a+")  # noqa: SIM115 - held until release()
        except OSError as exc:
            raise _unusable(path, exc) from exc
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    fh.seek(0)
                    holder = fh.read().strip()
                    pid = int(holder) if holder.isdigit() else None
                    raise DataDirectoryLocked(
                        f"the data directory {path} is in use by another process"
                        + (f" (pid {pid})" if pid else "")
                        + ". One process owns a directory; to share it, run `coodie serve "
                        f"--path {path}` and connect every client to that server.",
                        pid,
                    ) from None
            _check_writable(path, fh, hook)
        except BaseException:
            fh.close()
            raise
        self._fh = fh

    def release(self) -> None:
        """Let another process open the directory."""
        if self._fh is not None:
            self._fh.close()  # closing the file releases the flock
            self._fh = None


def _check_writable(path: str, fh: IO[str], hook: Callable[[str], None]) -> None:
    try:
        hook("probe")
        st = os.statvfs(path)
        free = st.f_bavail * st.f_frsize
        if free < MIN_FREE_BYTES:
            raise OSError(errno.ENOSPC, f"only {free} bytes free")
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        os.fsync(fh.fileno())
    except OSError as exc:
        raise _unusable(path, exc) from exc


def _unusable(path: str, exc: OSError) -> DataDirectoryError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.EROFS:
        what = "is on a read-only file system"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what = "is not writable by this user"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "is full"
    else:
        what = "cannot be used"
    return DataDirectoryError(
        f"the data directory {path} {what} ({reason}); the engine needs to write its log "
        "there before it can accept writes. Free space, fix the permissions or choose "
        "another --path."
    )
