"""The session table: every row expires ``__default_ttl__`` seconds after its last write."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from coodie import PrimaryKey
from coodie.sync import Document
from ttlsessions import DEFAULT_TTL, KEYSPACE


class Session(Document):
    """A login session; ``WITH default_time_to_live = 1800`` unless saved with ``ttl=``."""

    token: Annotated[str, PrimaryKey()]
    username: Annotated[str, Field(min_length=1, max_length=40)]
    created_at: datetime
    user_agent: str = ""

    class Settings:
        keyspace = KEYSPACE
        __default_ttl__ = DEFAULT_TTL


MODELS = (Session,)
