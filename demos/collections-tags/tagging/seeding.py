"""Create articles, then run every collection operator on them."""

from __future__ import annotations

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from tagging import DEMO_DIR, KEYSPACE
from tagging.models import MODELS
from tagging.operations import apply, create

TAGS = ["python", "cql", "howto", "news", "deep-dive", "release", "tips"]
TEAMS = [["Ada Chen"], ["Bea Novak", "Cyd Ito"], ["Dov Silva"], ["Bea Novak", "Cyd Ito", "Eli Eze"]]


def seed(count: int = 20, *, quiet: bool = False) -> int:
    """Create ``count`` articles and edit each with a few operators; returns ``count``."""
    fake = Fake(9)
    with progress("Articles", total=count, quiet=quiet) as advance:
        for _ in range(count):
            article = create(
                fake.title(3),
                set(fake.random.sample(TAGS, 2)),
                fake.random.choice(TEAMS),
                {"lang": fake.random.choice(["en", "fr", "pl"])},
            )
            apply(article, "add_tags", fake.random.choice(TAGS))
            apply(article, "append_history", "reviewed")
            apply(article, "put_meta", f"words={fake.random.randint(300, 3000)}")
            advance()
    return count


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{seed()} articles written ({config.describe()})")
    disconnect()
