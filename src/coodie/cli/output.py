"""Output for people and for machines: ``rich`` on a terminal, plain lines otherwise, JSON.

out = Printer.for_stream(sys.stdout, json_mode=False)
out.line("applying 20260131_001_add_rating", style="bold")
out.table(["id", "state"], [["20260131_001_add_rating", "applied"]])
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from collections.abc import Sequence
from typing import Any, TextIO


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return repr(value)


def to_json(data: Any) -> str:
    """JSON text for ``--json`` (datetimes as ISO 8601, uuids as text).

    >>> to_json({"at": dt.datetime(2026, 1, 31)})
    '{"at": "2026-01-31T00:00:00"}'
    """
    return json.dumps(data, default=_default)


class Printer:
    """Writes lines and tables, with colour when a terminal and ``rich`` allow it."""

    def __init__(self, stream: TextIO, *, color: bool, json_mode: bool = False) -> None:
        self.stream = stream
        self.json_mode = json_mode
        self.no_color = not color
        self.console: Any = None
        if color and not json_mode:
            try:
                from rich.console import Console
            except ImportError:  # pragma: no cover - rich is optional (coodie[cli])
                pass
            else:
                self.console = Console(file=stream, highlight=False)

    @classmethod
    def for_stream(
        cls, stream: TextIO = sys.stdout, *, json_mode: bool = False, no_color: bool = False
    ) -> Printer:
        """Colour only when ``stream`` is a terminal and ``--no-color`` was not given."""
        printer = cls(stream, color=stream.isatty() and not no_color, json_mode=json_mode)
        printer.no_color = no_color
        return printer

    def errors(self) -> Printer:
        """A printer on standard error with the same ``--no-color`` choice (never JSON)."""
        return Printer.for_stream(sys.stderr, no_color=self.no_color)

    def line(self, text: str, style: str | None = None) -> None:
        """One line (not in ``--json`` mode, where only the final document is written)."""
        if self.json_mode:
            return
        if self.console is not None:
            from rich.text import Text

            self.console.print(Text(text, style=style or ""))
        else:
            print(text, file=self.stream, flush=True)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """A table: a rich table on a terminal, tab-aligned text otherwise."""
        cells = [["" if v is None else str(v) for v in row] for row in rows]
        if self.console is not None:
            from rich.table import Table

            table = Table(*headers)
            for row in cells:
                table.add_row(*row)
            self.console.print(table)
            return
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
        for row in [list(headers), *cells]:
            print(
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(),
                file=self.stream,
            )

    def document(self, data: Any) -> None:
        """The ``--json`` document."""
        print(to_json(data), file=self.stream, flush=True)
