"""``coodie migrate``'s progress: a rich bar on a terminal, plain lines otherwise, none in JSON."""

from __future__ import annotations

import io

from rich.console import Console

from coodie.cli.output import Printer
from coodie.cli.progress import ProgressDisplay
from coodie.management.migrations.progress import ScanProgress

RUNNING = ScanProgress("items", 1000, 2, 4, 2000, 500.0, 2.0)
FINAL = ScanProgress("items", 2100, 4, 4, 2100, 525.0, 4.0, final=True)


def test_a_terminal_gets_one_bar_per_scan_with_rows_ranges_rate_and_time_left() -> None:
    stream = io.StringIO()
    out = Printer(stream, color=False)
    out.console = Console(file=stream, force_terminal=True, width=150, color_system=None)
    with ProgressDisplay(out) as progress:
        progress(RUNNING)
        assert list(progress.tasks) == ["items"]
        task = progress.bar.tasks[0]
        assert (task.completed, task.total) == (1000, 2000)
        progress(FINAL)
        assert len(progress.bar.tasks) == 1 and progress.bar.tasks[0].completed == 2100
    text = stream.getvalue()
    assert "scan items" in text and "2,100/2,100 rows" in text and "4/4 ranges" in text
    assert "525 rows/s" in text and "done in 4.0 s" in text
    assert progress.bar is None  # stopped on exit


def test_plain_lines_without_a_terminal_and_nothing_in_json_mode() -> None:
    stream = io.StringIO()
    with ProgressDisplay(Printer.for_stream(stream)) as progress:
        progress(RUNNING)
        progress(FINAL)
    assert stream.getvalue().splitlines() == [
        "  scan items: 1,000/~2,000 rows, 2/4 ranges, 500 rows/s, about 2 s left",
        "  scan items: 2,100 rows, 4/4 ranges, 525 rows/s, done in 4.0 s",
    ]
    quiet = io.StringIO()
    with ProgressDisplay(Printer.for_stream(quiet, json_mode=True)) as progress:
        progress(FINAL)
    assert quiet.getvalue() == ""
