"""argus-tracker: partition-scoped queries, batch ingestion, the CLI."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from argus import KEYSPACE, tracker
from argus.cli import main
from argus.models import MODELS, Event, RunById, TestRun
from argus.seeding import seed
from demo_support import DatabaseConfig, connect, disconnect
from rich.console import Console


def run_cli(*argv: str) -> tuple[int, str]:
    console = Console(record=True, width=220)
    code = main(list(argv), console=console)
    return code, console.export_text()


def test_timeuuid_orders_by_time() -> None:
    early = tracker.timeuuid(datetime(2026, 1, 1, tzinfo=timezone.utc))
    late = tracker.timeuuid(datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert early.version == late.version == 1
    assert early.time < late.time
    assert uuid.UUID(str(early)) == early


def test_runs_events_and_notifications(demo_database: DatabaseConfig) -> None:
    connect(KEYSPACE, MODELS, config=demo_database)
    events = seed(builds=2, runs_per_build=3, events_per_run=40, quiet=True)
    assert events == 240 == Event.find().count()
    runs = tracker.runs_of("build-1041")
    assert len(runs) == 3
    assert [r.start_time for r in runs] == sorted((r.start_time for r in runs), reverse=True)
    assert all(r.status in ("passed", "failed") for r in runs)
    assert RunById.find().count() == TestRun.find().count() == 6
    run = runs[0]
    assert tracker.find_run(run.id) == run
    assert tracker.find_run(tracker.timeuuid()) is None
    errors = tracker.events_of(run.id, ["error", "critical"], limit=100)
    assert {e.kind for e in errors} <= {"error", "critical"}
    stored = Event.find(run_id=run.id, kind="info").all()
    assert [e.id.time for e in stored] == sorted((e.id.time for e in stored), reverse=True)
    assert tracker.events_of(run.id, ["info"], limit=3) == stored[:3]
    failed = TestRun.find().filter(status="failed").allow_filtering().all()
    notes = sum(len(tracker.inbox(owner)) for owner in {r.owner for r in failed})
    assert notes == len(failed)
    disconnect()


def test_cli(demo_database_on_disk: DatabaseConfig) -> None:
    connect(KEYSPACE, MODELS, config=demo_database_on_disk)
    seed(builds=1, runs_per_build=2, events_per_run=10, quiet=True)
    disconnect()
    code, out = run_cli("builds")
    assert code == 0 and "build-1040" in out
    code, out = run_cli("runs", "build-1040")
    assert code == 0 and out.count("build-1040") == 1
    code, out = run_cli("simulate", "build-9000", "--events", "120", "--owner", "bea")
    assert code == 0 and "120 events" in out
    run_id = out.split("run ")[1].split(":")[0]
    code, out = run_cli("events", run_id, "--kind", "info")
    assert code == 0 and "info #" in out and "warning #" not in out
    code, out = run_cli("inbox", "bea")
    assert code == 0 and "bea's inbox" in out
    assert run_cli("runs", "build-0")[0] == 1
    assert run_cli("events", str(tracker.timeuuid()))[0] == 1
    assert run_cli("inbox", "nobody")[0] == 1
