"""One ``content`` table; the ``kind`` column says which class each row is."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from cms import KEYSPACE
from coodie import Discriminator, Indexed, PrimaryKey
from coodie.sync import Document


class Content(Document):
    """The base: shared columns; ``kind`` is the discriminator (indexed for per-kind queries)."""

    id: Annotated[UUID, PrimaryKey()]
    kind: Annotated[str, Discriminator(), Indexed()] = ""
    title: Annotated[str, Field(min_length=1, max_length=140)]
    author: Annotated[str, Field(min_length=1)]
    published_at: datetime
    tags: set[str] = set()

    class Settings:
        keyspace = KEYSPACE
        name = "content"


class Article(Content):
    """Text."""

    body: str = ""
    reading_minutes: Annotated[int, Field(ge=1)] = 1

    class Settings:
        __discriminator_value__ = "article"


class Video(Content):
    """A video and its length."""

    url: Annotated[str, Field(pattern=r"^https?://")] = "https://example.com/video"
    duration_seconds: Annotated[int, Field(ge=1)] = 60

    class Settings:
        __discriminator_value__ = "video"


class Podcast(Content):
    """An episode and its guests."""

    audio_url: Annotated[str, Field(pattern=r"^https?://")] = "https://example.com/audio"
    episode: Annotated[int, Field(ge=1)] = 1
    guests: list[str] = []

    class Settings:
        __discriminator_value__ = "podcast"


KINDS: dict[str, type[Content]] = {"article": Article, "video": Video, "podcast": Podcast}
MODELS = (Content,)
