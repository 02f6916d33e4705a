"""One progress total for a data migration, summed over its ``--workers``.

Every worker of a scan shares one :class:`Tracker`: after each page it adds the rows
read and, when a token range is finished, the rows that range held. The tracker hands a
:class:`ScanProgress` snapshot to a sink after every page (the CLI draws a ``rich``
progress bar on a terminal, plain lines otherwise) and a final one when the last range
is done. The total is estimated from the finished ranges: the ring is cut into ranges
of equal width, so rows per finished range times the ranges to do is the estimate::

    tracker = Tracker("items", ranges_total=64, ranges_to_do=64, sink=print_snapshot)
    tracker.page(rows=500, range_rows=500)          # a range finished with 500 rows
    tracker.snapshot().estimated_rows               # 32000
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import attrs


@attrs.frozen(slots=True)
class ScanProgress:
    """Where a data migration's scan is, over all its workers.

    ``rows`` were read by this run; ``estimated_rows`` is how many it will read in all
    (``None`` until a range is finished); ``rate`` is rows per second.

    >>> p = ScanProgress("items", 1000, 2, 4, 2000, 500.0, 2.0)
    >>> p.fraction, p.seconds_left
    (0.5, 2.0)
    """

    name: str
    rows: int
    ranges_done: int
    ranges_total: int
    estimated_rows: int | None
    rate: float
    elapsed: float
    final: bool = False

    @property
    def fraction(self) -> float:
        """The share done: rows over the estimate (ranges done before any estimate)."""
        if self.final:
            return 1.0
        if self.estimated_rows:
            return min(1.0, self.rows / self.estimated_rows)
        return self.ranges_done / self.ranges_total if self.ranges_total else 1.0

    @property
    def seconds_left(self) -> float | None:
        """The time left at the current rate (``None`` while unknown)."""
        if self.final:
            return 0.0
        if self.estimated_rows is None or self.rate <= 0:
            return None
        return max(0.0, self.estimated_rows - self.rows) / self.rate

    def describe(self) -> str:
        """One plain line.

        >>> ScanProgress("items", 1000, 2, 4, 2000, 500.0, 2.0).describe()
        'scan items: 1,000/~2,000 rows, 2/4 ranges, 500 rows/s, about 2 s left'
        """
        total = f"/~{self.estimated_rows:,}" if self.estimated_rows and not self.final else ""
        line = (
            f"scan {self.name}: {self.rows:,}{total} rows, "
            f"{self.ranges_done}/{self.ranges_total} ranges, {self.rate:,.0f} rows/s"
        )
        if self.final:
            return f"{line}, done in {self.elapsed:,.1f} s"
        left = self.seconds_left
        return line if left is None else f"{line}, about {left:,.0f} s left"


ProgressSink = Callable[[ScanProgress], None]
"""Receives the snapshots of a scan, in order (called under the tracker's lock from any
worker thread; the last one ``final``)."""


class Tracker:
    """The counters every worker of one scan adds to (thread-safe).

    ``ranges_total`` counts the scan's ranges, those a checkpoint already marks done
    included; ``ranges_to_do`` are the ranges this run reads.
    """

    def __init__(
        self,
        name: str,
        *,
        ranges_total: int,
        ranges_to_do: int,
        sink: ProgressSink,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.ranges_total = ranges_total
        self.ranges_to_do = ranges_to_do
        self.sink = sink
        self.clock = clock
        self.started = clock()
        self.rows = 0
        self.ranges_finished = 0
        self.rows_in_finished = 0
        self.finished = False
        self._lock = threading.Lock()

    def page(self, rows: int, range_rows: int | None = None) -> None:
        """Add a page of ``rows``; ``range_rows`` when it finished its range (its row count)."""
        with self._lock:
            self.rows += rows
            if range_rows is not None:
                self.ranges_finished += 1
                self.rows_in_finished += range_rows
            self.sink(self._snapshot())

    def finish(self) -> None:
        """Send the final snapshot once, when every range is done (a worker ran out)."""
        with self._lock:
            if self.finished or self.ranges_finished < self.ranges_to_do:
                return
            self.finished = True
            self.sink(self._snapshot())

    def snapshot(self) -> ScanProgress:
        """The progress now."""
        with self._lock:
            return self._snapshot()

    def _snapshot(self) -> ScanProgress:
        elapsed = max(self.clock() - self.started, 1e-9)
        estimate = None
        if self.ranges_finished:
            per_range = self.rows_in_finished / self.ranges_finished
            estimate = max(self.rows, round(per_range * self.ranges_to_do))
        done_before = self.ranges_total - self.ranges_to_do
        return ScanProgress(
            self.name,
            self.rows,
            done_before + self.ranges_finished,
            self.ranges_total,
            self.rows if self.finished else estimate,
            self.rows / elapsed,
            elapsed,
            self.finished,
        )


def throttled_lines(report: Callable[[str], None], interval: float = 1.0) -> ProgressSink:
    """A sink writing :meth:`ScanProgress.describe` lines, at most one per ``interval``
    seconds (and always the final one)::

        RunSettings(folder="migrations", keyspace="shop", progress=throttled_lines(print))
    """
    lock = threading.Lock()
    last = [float("-inf")]

    def sink(progress: ScanProgress) -> None:
        now = time.monotonic()
        with lock:
            if not progress.final and now - last[0] < interval:
                return
            last[0] = now
        report(progress.describe())

    return sink
