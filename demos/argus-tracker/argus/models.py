"""The tracker's tables: each one shaped by the query that reads it.

* ``TestRun``: runs of a build, newest first — ``PRIMARY KEY (build_id, start_time, id)``.
* ``RunById``: the lookup from a run id to its build (a run id alone is not a partition key).
* ``Event``: a run's events of one kind — compound partition ``((run_id, kind), id)``, TimeUUID
  clustering newest first.
* ``Notification``: a user's inbox — ``PRIMARY KEY (receiver, id)`` with a TimeUUID, newest first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from argus import KEYSPACE
from coodie import ClusteringKey, Indexed, PrimaryKey, TimeUUID
from coodie.sync import Document

RunStatus = Literal["created", "running", "passed", "failed", "aborted"]
EventKind = Literal["info", "warning", "error", "critical"]


class User(Document):
    """A person who owns runs and receives notifications."""

    username: Annotated[str, PrimaryKey()]
    full_name: str
    team: Annotated[str, Indexed()] = "qa"

    class Settings:
        keyspace = KEYSPACE
        name = "users"


class TestRun(Document):
    """One run of a test in a build."""

    __test__ = False  # not a pytest test class

    build_id: Annotated[str, PrimaryKey()]
    start_time: Annotated[datetime, ClusteringKey(order="DESC")]
    id: Annotated[UUID, TimeUUID(), ClusteringKey()]
    test_name: str
    owner: str
    status: RunStatus = "created"
    end_time: datetime | None = None

    class Settings:
        keyspace = KEYSPACE


class RunById(Document):
    """Where a run lives: its build and start time."""

    id: Annotated[UUID, TimeUUID(), PrimaryKey()]
    build_id: str
    start_time: datetime

    class Settings:
        keyspace = KEYSPACE


class Event(Document):
    """An event of a run; one partition per (run, kind) keeps error lists small and fast."""

    run_id: Annotated[UUID, TimeUUID(), PrimaryKey(partition_key_index=0)]
    kind: Annotated[str, PrimaryKey(partition_key_index=1)]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    message: str
    node: str = ""

    class Settings:
        keyspace = KEYSPACE


class Notification(Document):
    """A message in a user's inbox, newest first."""

    receiver: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    sender: str
    run_id: Annotated[UUID, TimeUUID()]
    content: str
    read: bool = False

    class Settings:
        keyspace = KEYSPACE


MODELS = (User, TestRun, RunById, Event, Notification)
