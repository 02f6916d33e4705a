"""Users by username, and email claims by email: two tables, each unique by its key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from coodie import PrimaryKey
from coodie.aio import Document
from registry import KEYSPACE

Username = Annotated[str, Field(min_length=3, max_length=30, pattern=r"^[a-z0-9_.]+$")]


class User(Document):
    """A user; ``version`` is compared by every profile change (optimistic locking)."""

    username: Annotated[Username, PrimaryKey()]
    email: str
    display_name: Annotated[str, Field(max_length=60)] = ""
    bio: Annotated[str, Field(max_length=500)] = ""
    version: int = 1
    created_at: datetime

    class Settings:
        keyspace = KEYSPACE


class EmailClaim(Document):
    """Who owns an email address: claimed with ``INSERT ... IF NOT EXISTS``."""

    email: Annotated[str, PrimaryKey()]
    username: str

    class Settings:
        keyspace = KEYSPACE


MODELS = (User, EmailClaim)
__all__ = ["MODELS", "EmailClaim", "User", "Username"]
