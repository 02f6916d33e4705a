"""Sensors, and readings partitioned by (sensor, day) and clustered newest first."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from coodie import ClusteringKey, Double, PrimaryKey
from coodie.aio import Document
from iot import KEYSPACE


class Sensor(Document):
    """A sensor and what it measures."""

    id: Annotated[str, PrimaryKey()]
    name: str
    location: str
    unit: str = "°C"

    class Settings:
        keyspace = KEYSPACE


class Reading(Document):
    """``PRIMARY KEY ((sensor_id, day), ts)`` with ``ts DESC``: one bounded partition per day."""

    sensor_id: Annotated[str, PrimaryKey(partition_key_index=0)]
    day: Annotated[date, PrimaryKey(partition_key_index=1)]
    ts: Annotated[datetime, ClusteringKey(order="DESC")]
    value: Annotated[float, Double(), Field(ge=-1000, le=1000)]

    class Settings:
        keyspace = KEYSPACE


MODELS = (Sensor, Reading)
