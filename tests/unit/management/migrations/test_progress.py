"""One progress total for a scan's workers: counts, estimate, rate, the final snapshot."""

from __future__ import annotations

import threading

from coodie.management.migrations.progress import ScanProgress, Tracker, throttled_lines


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_estimate_comes_from_the_finished_ranges_and_the_final_snapshot_is_sent_once() -> None:
    seen: list[ScanProgress] = []
    clock = Clock()
    tracker = Tracker("items", ranges_total=8, ranges_to_do=4, sink=seen.append, clock=clock)
    clock.now += 2
    tracker.page(300)  # a page inside a range: no range finished, no estimate yet
    assert seen[-1].estimated_rows is None and seen[-1].ranges_done == 4
    assert seen[-1].seconds_left is None and seen[-1].fraction == 0.5
    tracker.page(100, range_rows=400)  # the range finished with 400 rows
    assert (seen[-1].rows, seen[-1].ranges_done, seen[-1].estimated_rows) == (400, 5, 1600)
    assert seen[-1].rate == 200.0 and seen[-1].seconds_left == 6.0
    tracker.finish()  # three ranges left: not the end
    assert not any(s.final for s in seen)
    for _ in range(3):
        tracker.page(500, range_rows=500)
    tracker.finish()
    tracker.finish()
    finals = [s for s in seen if s.final]
    assert len(finals) == 1
    assert (finals[0].rows, finals[0].estimated_rows, finals[0].ranges_done) == (1900, 1900, 8)
    assert finals[0].fraction == 1.0
    assert finals[0].describe() == "scan items: 1,900 rows, 8/8 ranges, 950 rows/s, done in 2.0 s"


def test_workers_in_threads_add_to_one_total_seen_in_order() -> None:
    seen: list[ScanProgress] = []
    tracker = Tracker("items", ranges_total=40, ranges_to_do=40, sink=seen.append)

    def worker() -> None:
        for _ in range(10):
            tracker.page(7)
            tracker.page(3, range_rows=10)
        tracker.finish()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [s.rows for s in seen] == sorted(s.rows for s in seen)
    assert [s.final for s in seen].count(True) == 1 and seen[-1].final
    assert (seen[-1].rows, seen[-1].ranges_done, seen[-1].ranges_total) == (400, 40, 40)


def test_plain_lines_are_throttled_but_the_final_one_is_always_written() -> None:
    lines: list[str] = []
    sink = throttled_lines(lines.append, interval=3600)
    running = ScanProgress("items", 10, 1, 4, 40, 5.0, 2.0)
    sink(running)
    sink(running)  # within the interval: dropped
    sink(ScanProgress("items", 40, 4, 4, 40, 5.0, 8.0, final=True))
    assert lines == [
        "scan items: 10/~40 rows, 1/4 ranges, 5 rows/s, about 6 s left",
        "scan items: 40 rows, 4/4 ranges, 5 rows/s, done in 8.0 s",
    ]
