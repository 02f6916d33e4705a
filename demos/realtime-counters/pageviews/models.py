"""Counter tables: totals per page, and views per page per hour (newest hour first)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from coodie import ClusteringKey, Counter, PrimaryKey
from coodie.aio import CounterDocument
from pageviews import KEYSPACE


class PageCounter(CounterDocument):
    """Views and likes of one page (``UPDATE ... SET views = views + ?``)."""

    page: Annotated[str, PrimaryKey()]
    views: Annotated[int, Counter()] = 0
    likes: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = KEYSPACE


class HourlyViews(CounterDocument):
    """Views of one page per hour: one partition per page, hours clustered DESC."""

    page: Annotated[str, PrimaryKey()]
    hour: Annotated[datetime, ClusteringKey(order="DESC")]
    views: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = KEYSPACE


MODELS = (PageCounter, HourlyViews)
