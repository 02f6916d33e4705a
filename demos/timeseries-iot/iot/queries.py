"""Writing and reading readings: batches per partition, the latest per sensor, pages of a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone

from coodie.aio import BatchQuery, PagedResult
from iot.models import Reading, Sensor


def utc_now() -> datetime:
    """Now in UTC, to the millisecond (a CQL timestamp)."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


async def record(sensor_id: str, value: float, ts: datetime | None = None) -> Reading:
    """Store one reading in its day's partition."""
    ts = ts or utc_now()
    reading = Reading(sensor_id=sensor_id, day=ts.date(), ts=ts, value=value)
    await reading.save()
    return reading


async def record_many(readings: Sequence[Reading]) -> None:
    """One UNLOGGED batch for readings of one partition (they all go to the same replicas)."""
    async with BatchQuery(batch_type="UNLOGGED") as batch:
        for reading in readings:
            await reading.save(batch=batch)


async def latest(sensors: Sequence[Sensor], day: date) -> dict[str, Reading]:
    """The newest reading of each sensor on ``day``: ``PER PARTITION LIMIT 1``."""
    if not sensors:
        return {}
    query = Reading.find(sensor_id__in=[s.id for s in sensors], day=day).per_partition_limit(1)
    return {r.sensor_id: r async for r in query}


async def day_page(
    sensor_id: str, day: date, size: int, state: bytes | None
) -> PagedResult[Reading]:
    """One page of a sensor's day, newest first (the clustering order)."""
    return await Reading.find(sensor_id=sensor_id, day=day).fetch_size(size).page(state).paged_all()


async def recent_values(sensor_id: str, day: date, n: int = 48) -> list[float]:
    """The last ``n`` values of the day, oldest first (for a sparkline)."""
    rows = await Reading.find(sensor_id=sensor_id, day=day).limit(n).all()
    return [r.value for r in reversed(rows)]


def sparkline(values: Sequence[float], width: int = 240, height: int = 48) -> str:
    """An SVG polyline's ``points`` for the values."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{height - (v - low) / span * height:.1f}" for i, v in enumerate(values)
    )
