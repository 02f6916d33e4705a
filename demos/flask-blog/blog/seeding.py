"""Fill the blog with generated posts, comments and views."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid1

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from blog import DEMO_DIR, KEYSPACE
from blog.models import MODELS, Comment, Post, PostViews

TAGS = ["python", "cassandra", "scylla", "pydantic", "asyncio", "data", "howto", "news"]


def seed(posts: int = 40, *, quiet: bool = False) -> int:
    """Write ``posts`` posts with comments and view counts; return how many posts."""
    fake = Fake(7)
    with progress("Posts, comments, views", total=posts, quiet=quiet) as advance:
        for _ in range(posts):
            post = Post(
                id=fake.uuid(),
                title=fake.title(4),
                body="\n\n".join(fake.sentence(14) for _ in range(3)),
                author=fake.name(),
                tags=set(fake.random.sample(TAGS, fake.random.randint(1, 3))),
                created_at=fake.past(90),
            )
            post.save()
            for n in range(fake.random.randint(0, 4)):
                Comment(
                    post_id=post.id,
                    created_at=post.created_at + timedelta(hours=n + 1),
                    id=uuid1(),
                    author=fake.name(),
                    text=fake.sentence(),
                ).save()
            PostViews(post_id=post.id).increment(views=fake.random.randint(1, 500))
            advance()
    return posts


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{seed()} posts written ({config.describe()})")
    disconnect()
