"""A ``rich`` progress bar for seed scripts and importers.

>>> with progress("Seeding", total=3, quiet=True) as advance:
...     for _ in range(3):
...         advance()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress(description: str, *, total: int, quiet: bool = False) -> Iterator[Callable[..., None]]:
    """Yield ``advance(n=1)``; draws a bar unless ``quiet`` (tests pass ``quiet=True``)."""
    bar = Progress(
        TextColumn("[bold magenta]{task.description}"),
        BarColumn(complete_style="green"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(quiet=quiet),
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance


def say(text: str, *, quiet: bool = False) -> None:
    """Print one coloured line with rich markup (``[green]done[/]``)."""
    Console(quiet=quiet).print(text)
