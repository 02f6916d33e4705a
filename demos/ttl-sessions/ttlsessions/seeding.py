"""Open sessions with a spread of lifetimes (some expire within a minute)."""

from __future__ import annotations

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from ttlsessions import DEMO_DIR, KEYSPACE
from ttlsessions.models import MODELS
from ttlsessions.store import open_session

LIFETIMES = [None, 30, 60, 120, 600, 3600, 86400]


def seed(count: int = 25, *, quiet: bool = False) -> int:
    """Open ``count`` sessions; returns ``count``."""
    fake = Fake(11)
    with progress("Sessions", total=count, quiet=quiet) as advance:
        for _ in range(count):
            open_session(fake.username(), ttl_seconds=fake.random.choice(LIFETIMES))
            advance()
    return count


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{seed()} sessions opened ({config.describe()})")
    disconnect()
