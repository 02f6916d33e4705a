"""Users, builds of runs, thousands of events ingested in batches, and notifications."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from argus import DEMO_DIR, KEYSPACE, tracker
from argus.models import MODELS, User

USERS = {"ada": "Ada Chen", "bea": "Bea Novak", "cyd": "Cyd Ito", "dov": "Dov Silva"}
TESTS = ["longevity-100gb", "upgrade-rolling", "gemini-3h", "repair-large", "scale-out"]
KINDS = ["info", "warning", "error", "critical"]


def seed(
    builds: int = 4, runs_per_build: int = 5, events_per_run: int = 60, *, quiet: bool = False
) -> int:
    """Write the users and ``builds * runs_per_build`` runs with their events; returns events."""
    fake = Fake(17)
    for username, name in USERS.items():
        User(username=username, full_name=name).save()
    start = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)
    events = 0
    with progress("Runs", total=builds * runs_per_build, quiet=quiet) as advance:
        for b in range(builds):
            build_id = f"build-{1040 + b}"
            for r in range(runs_per_build):
                at = start + timedelta(days=b, hours=r)
                run = tracker.start_run(
                    build_id, fake.random.choice(TESTS), fake.random.choice(list(USERS)), at
                )
                batch = [
                    (kind, f"{kind}: {fake.sentence(6)}", f"node-{fake.random.randint(1, 6)}")
                    for kind in fake.random.choices(KINDS, [70, 20, 8, 2], k=events_per_run)
                ]
                events += tracker.ingest(run.id, batch)
                failed = any(kind == "critical" for kind, _, _ in batch)
                tracker.finish_run(
                    run, "failed" if failed else "passed", at + timedelta(minutes=50)
                )
                advance()
    return events


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{seed()} events ingested ({config.describe()})")
    disconnect()
