"""Publish a mix of articles, videos and podcasts."""

from __future__ import annotations

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from cms import DEMO_DIR, KEYSPACE
from cms.models import MODELS, Article, Podcast, Video


def seed(count: int = 30, *, quiet: bool = False) -> dict[str, int]:
    """Publish ``count`` items; returns how many of each kind."""
    fake = Fake(13)
    made = {"article": 0, "video": 0, "podcast": 0}
    with progress("Content", total=count, quiet=quiet) as advance:
        for _ in range(count):
            common = {
                "id": fake.uuid(),
                "title": fake.title(3),
                "author": fake.name(),
                "published_at": fake.past(120),
                "tags": set(fake.words(2)),
            }
            kind = fake.random.choice(list(made))
            if kind == "article":
                Article(
                    **common, body=fake.sentence(30), reading_minutes=fake.random.randint(2, 15)
                ).save()
            elif kind == "video":
                Video(
                    **common,
                    url="https://video.example/v/1",
                    duration_seconds=fake.random.randint(30, 1800),
                ).save()
            else:
                guests = [fake.name() for _ in range(fake.random.randint(0, 2))]
                Podcast(**common, episode=fake.random.randint(1, 120), guests=guests).save()
            made[kind] += 1
            advance()
    return made


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"published {seed()} ({config.describe()})")
    disconnect()
