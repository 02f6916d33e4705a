"""The progress of ``coodie migrate``'s data migrations: a ``rich`` bar or plain lines.

On a terminal (and without ``--no-color`` or ``--json``) each scan gets one bar for all
its ``--workers``: rows done over the estimated total, token ranges, rate and time left.
Otherwise a plain line at most once a second, and the final one; nothing in ``--json``::

    with ProgressDisplay(out) as progress:
        migrate(RunSettings(folder="migrations", keyspace="shop", progress=progress))
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from coodie.cli.output import Printer
from coodie.management.migrations.progress import ScanProgress, throttled_lines


class ProgressDisplay:
    """A :data:`~coodie.management.migrations.progress.ProgressSink` for the command line."""

    def __init__(self, out: Printer) -> None:
        self.out = out
        self.lines = throttled_lines(lambda line: out.line(f"  {line}"))
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> ProgressDisplay:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop drawing (the bars drawn stay on the terminal)."""
        if self.bar is not None:
            self.bar.stop()
            self.bar, self.tasks = None, {}

    def __call__(self, progress: ScanProgress) -> None:
        if self.out.json_mode:
            return
        if self.out.console is None:
            self.lines(progress)
            return
        bar = self._bar()
        fields = {"ranges": f"{progress.ranges_done}/{progress.ranges_total} ranges",
                  "rate": f"{progress.rate:,.0f} rows/s", "left": _left(progress),
                  "rows": _rows(progress)}  # fmt: skip
        task = self.tasks.get(progress.name)
        if task is None:
            task = self.tasks[progress.name] = bar.add_task(f"scan {progress.name}", **fields)
        bar.update(task, total=progress.estimated_rows, completed=progress.rows, **fields)

    def _bar(self) -> Any:
        if self.bar is None:
            from rich.progress import BarColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("  {task.description}"),
                BarColumn(),
                TextColumn("{task.fields[rows]}"),
                TextColumn("{task.fields[ranges]}"),
                TextColumn("{task.fields[rate]}"),
                TextColumn("{task.fields[left]}"),
                console=self.out.console,
            )
            self.bar.start()
        return self.bar


def _rows(progress: ScanProgress) -> str:
    if progress.estimated_rows is None:
        return f"{progress.rows:,} rows"
    return f"{progress.rows:,}/{'' if progress.final else '~'}{progress.estimated_rows:,} rows"


def _left(progress: ScanProgress) -> str:
    if progress.final:
        return f"done in {progress.elapsed:,.1f} s"
    left = progress.seconds_left
    return "" if left is None else f"about {left:,.0f} s left"
