"""The collection operators a form can apply, each one ``Article.update(col__op=value)``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from uuid import uuid4

from tagging.models import Article, ArticleByAuthors


def words(text: str) -> list[str]:
    """``"a, b,,c "`` -> ``["a", "b", "c"]`` (order kept)."""
    return [w.strip() for w in text.split(",") if w.strip()]


def pairs(text: str) -> dict[str, str]:
    """``"colour=red, size=L"`` -> ``{"colour": "red", "size": "L"}``; raises ``ValueError``."""
    out: dict[str, str] = {}
    for item in words(text):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected key=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def _set_item(text: str) -> tuple[int, str]:
    index, sep, value = text.partition("=")
    if not sep or not index.strip().isdigit():
        raise ValueError(f"expected index=value, got {text!r}")
    return int(index), value.strip()


OPERATIONS: dict[str, tuple[str, Callable[[str], Any], str]] = {
    "add_tags": ("tags__add", lambda v: set(words(v)), "set: add elements"),
    "remove_tags": ("tags__remove", lambda v: set(words(v)), "set: remove elements"),
    "append_history": ("history__append", words, "list: append"),
    "prepend_history": ("history__prepend", words, "list: prepend"),
    "set_history_item": ("history__setitem", _set_item, "list: replace the element at an index"),
    "remove_history": ("history__remove", words, "list: remove every occurrence"),
    "put_meta": ("meta__update", pairs, "map: put entries"),
    "remove_meta": ("meta__remove", lambda v: set(words(v)), "map: remove keys"),
}
"""form operation -> (update keyword, value parser, what it does)."""


def apply(article: Article, operation: str, raw: str) -> str:
    """Apply one operator; returns the CQL it sent. Raises ``KeyError`` / ``ValueError``."""
    keyword, parse, _ = OPERATIONS[operation]
    value = parse(raw)
    if not value and value != 0:
        raise ValueError("give a value")
    cql = article.update_statement(**{keyword: value}).cql
    article.update(**{keyword: value})
    return cql


def create(title: str, tags: set[str], authors: list[str], meta: dict[str, str]) -> Article:
    """Save an article and its row in the table keyed by the frozen author list."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    article = Article(
        id=uuid4(), title=title, tags=tags, authors=authors, meta=meta, history=[f"{stamp} created"]
    )
    article.save()
    ArticleByAuthors(authors=authors, article_id=article.id, title=title).save()
    return article
