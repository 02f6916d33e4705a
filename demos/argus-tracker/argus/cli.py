"""``python -m argus``: look at builds, runs, events and inboxes (``rich`` tables).

::

    python -m argus builds                    # builds and their run counts
    python -m argus runs build-1042           # a build's runs, newest first
    python -m argus events <run id> --kind error --kind critical
    python -m argus inbox ada --unread
    python -m argus simulate build-2000       # start a run, ingest events, finish it

Exit status 0, 1 when the build, run or user is unknown, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from collections.abc import Sequence

from demo_support import connect, disconnect
from rich.console import Console
from rich.table import Table

from argus import DEMO_DIR, KEYSPACE, tracker
from argus.models import MODELS, TestRun, User

STATUS_STYLE = {"passed": "green", "failed": "red", "running": "cyan", "aborted": "yellow"}
KINDS = ["info", "warning", "error", "critical"]


def parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m argus", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("builds", help="builds and their run counts")
    runs = sub.add_parser("runs", help="a build's runs")
    runs.add_argument("build_id")
    events = sub.add_parser("events", help="a run's newest events")
    events.add_argument("run_id", type=uuid.UUID)
    events.add_argument("--kind", action="append", choices=KINDS)
    inbox = sub.add_parser("inbox", help="a user's notifications")
    inbox.add_argument("username")
    inbox.add_argument("--unread", action="store_true")
    sim = sub.add_parser("simulate", help="run a test: start, ingest events, finish")
    sim.add_argument("build_id")
    sim.add_argument("--events", type=int, default=200)
    sim.add_argument("--owner", default="ada")
    return p


def show_builds(console: Console) -> int:
    builds: dict[str, int] = {}
    for (build_id,) in TestRun.find().values_list("build_id"):
        builds[build_id] = builds.get(build_id, 0) + 1
    table = Table(title="Builds")
    table.add_column("build", style="magenta")
    table.add_column("runs", justify="right")
    for build_id, count in sorted(builds.items()):
        table.add_row(build_id, str(count))
    console.print(table)
    return 0


def show_runs(console: Console, build_id: str) -> int:
    runs = tracker.runs_of(build_id)
    if not runs:
        console.print(f"[red]no run in build {build_id}[/]")
        return 1
    table = Table(title=f"{build_id}: newest first")
    for column in ("started", "test", "owner", "status"):
        table.add_column(column)
    table.add_column("run id", min_width=36, no_wrap=True)  # whole, to copy into `events`
    for run in runs:
        style = STATUS_STYLE.get(run.status, "white")
        started = f"{run.start_time:%Y-%m-%d %H:%M}"
        table.add_row(started, run.test_name, run.owner, f"[{style}]{run.status}[/]", str(run.id))
    console.print(table)
    return 0


def show_events(console: Console, run_id: uuid.UUID, kinds: Sequence[str]) -> int:
    run = tracker.find_run(run_id)
    if run is None:
        console.print(f"[red]no run {run_id}[/]")
        return 1
    console.print(f"[bold]{run.test_name}[/] in {run.build_id}: {run.status}")
    table = Table(title=f"newest {', '.join(kinds)} events")
    for column in ("kind", "node", "message"):
        table.add_column(column)
    for event in tracker.events_of(run_id, kinds, limit=10):
        table.add_row(event.kind, event.node, event.message)
    console.print(table)
    return 0


def show_inbox(console: Console, username: str, unread: bool) -> int:
    if User.find_one(username=username) is None:
        console.print(f"[red]no user {username}[/]")
        return 1
    notes = tracker.inbox(username, unread_only=unread)
    table = Table(title=f"{username}'s inbox ({len(notes)})")
    table.add_column("from")
    table.add_column("message")
    for note in notes:
        table.add_row(note.sender, note.content if note.read else f"[bold]{note.content}[/]")
    console.print(table)
    return 0


def simulate(console: Console, build_id: str, n: int, owner: str) -> int:
    if User.find_one(username=owner) is None:
        console.print(f"[red]no user {owner}[/]")
        return 1
    rng = random.Random()
    run = tracker.start_run(build_id, rng.choice(["longevity", "upgrade", "gemini"]), owner)
    weights = [70, 20, 8, 2]
    events = [
        (kind, f"{kind} #{i}", f"node-{rng.randint(1, 6)}")
        for i, kind in enumerate(rng.choices(KINDS, weights, k=n))
    ]
    stored = tracker.ingest(run.id, events)
    failed = any(kind == "critical" for kind, _, _ in events)
    tracker.finish_run(run, "failed" if failed else "passed")
    console.print(f"run [bold]{run.id}[/]: {stored} events, {'failed' if failed else 'passed'}")
    return 0


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run one command; returns the exit status."""
    args = parser().parse_args(argv)
    console = console or Console()
    connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    try:
        if args.command == "builds":
            return show_builds(console)
        if args.command == "runs":
            return show_runs(console, args.build_id)
        if args.command == "events":
            return show_events(console, args.run_id, args.kind or KINDS)
        if args.command == "inbox":
            return show_inbox(console, args.username, args.unread)
        return simulate(console, args.build_id, args.events, args.owner)
    finally:
        disconnect()


if __name__ == "__main__":
    sys.exit(main())
