"""An article with one column of each collection kind, and a table keyed by a frozen list."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from coodie import ClusteringKey, Frozen, Indexed, PrimaryKey
from coodie.sync import Document
from tagging import KEYSPACE


class Article(Document):
    """``tags`` set<text> (indexed), ``history`` list<text>, ``meta`` map<text, text>,
    ``authors`` frozen<list<text>> (written whole)."""

    id: Annotated[UUID, PrimaryKey()]
    title: Annotated[str, Field(min_length=1, max_length=140)]
    tags: Annotated[set[str], Indexed()] = set()
    history: list[str] = []
    meta: dict[str, str] = {}
    authors: Annotated[list[str], Frozen()] = []

    class Settings:
        keyspace = KEYSPACE


class ArticleByAuthors(Document):
    """Articles by their exact author list: a frozen collection as the partition key."""

    authors: Annotated[list[str], Frozen(), PrimaryKey()]
    article_id: Annotated[UUID, ClusteringKey()]
    title: str = ""

    class Settings:
        keyspace = KEYSPACE


MODELS = (Article, ArticleByAuthors)
