"""The blog's tables (``coodie.sync``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from blog import KEYSPACE
from coodie import ClusteringKey, Counter, Indexed, PrimaryKey, TimeUUID
from coodie.sync import CounterDocument, Document


class Post(Document):
    """A post; ``tags`` is a ``set<text>`` with an index on its values (``CONTAINS``)."""

    id: Annotated[UUID, PrimaryKey()]
    title: Annotated[str, Field(min_length=1, max_length=140)]
    body: str = ""
    author: Annotated[str, Field(min_length=1)]
    tags: Annotated[set[str], Indexed()] = set()
    created_at: datetime

    class Settings:
        keyspace = KEYSPACE


class Comment(Document):
    """Comments of one post, newest first.

    ``created_at`` is a CQL timestamp (milliseconds): two comments in one millisecond are
    ordered by ``id``, a time-based UUID (100 ns steps) clustered ``DESC`` as well.
    """

    post_id: Annotated[UUID, PrimaryKey()]
    created_at: Annotated[datetime, ClusteringKey(order="DESC")]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    author: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1, max_length=2000)]

    class Settings:
        keyspace = KEYSPACE


class PostViews(CounterDocument):
    """How many times each post was read (a counter table)."""

    post_id: Annotated[UUID, PrimaryKey()]
    views: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = KEYSPACE


MODELS = (Post, Comment, PostViews)
