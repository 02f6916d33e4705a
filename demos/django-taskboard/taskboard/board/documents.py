"""The Cassandra side (coodie): tasks per board, an event log per task, counters per column.

Django's own models (users, sessions) stay in SQLite through the ORM; these are not Django
models, so they live in ``documents.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from coodie import ClusteringKey, Counter, PrimaryKey, TimeUUID
from coodie.sync import CounterDocument, Document
from taskboard import KEYSPACE

Status = Literal["todo", "doing", "done"]
STATUSES: tuple[Status, ...] = ("todo", "doing", "done")


class Task(Document):
    """A card on a board: one partition per board."""

    board: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    title: Annotated[str, Field(min_length=1, max_length=120)]
    status: Status = "todo"
    assignee: str = ""
    created_by: str
    created_at: datetime

    class Settings:
        keyspace = KEYSPACE


class TaskEvent(Document):
    """Everything that happened to a task, newest first (high write volume)."""

    task_id: Annotated[UUID, PrimaryKey()]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    kind: str
    actor: str
    detail: str = ""

    class Settings:
        keyspace = KEYSPACE


class TaskCounter(CounterDocument):
    """How many tasks each column holds (and how many moves the board saw)."""

    board: Annotated[str, PrimaryKey()]
    status: Annotated[str, ClusteringKey()]
    tasks: Annotated[int, Counter()] = 0
    moves: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = KEYSPACE


DOCUMENTS = (Task, TaskEvent, TaskCounter)
