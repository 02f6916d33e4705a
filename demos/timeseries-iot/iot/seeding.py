"""Generate sensors and readings every 15 minutes for the last days, one batch per partition."""

from __future__ import annotations

import asyncio
import math
import random
from datetime import datetime, timedelta, timezone

from demo_support import connect_async, disconnect_async, progress

from iot import DEMO_DIR, KEYSPACE
from iot.models import MODELS, Reading, Sensor
from iot.queries import record_many

SENSORS = [
    Sensor(id="greenhouse-1", name="Greenhouse", location="north garden"),
    Sensor(id="cellar-1", name="Wine cellar", location="basement"),
    Sensor(id="attic-1", name="Attic", location="roof"),
    Sensor(id="humidity-1", name="Bathroom humidity", location="first floor", unit="%"),
    Sensor(id="outdoor-1", name="Outdoor", location="balcony"),
]


async def seed(days: int = 2, *, every_minutes: int = 15, quiet: bool = False) -> int:
    """Readings up to now for ``days`` days (today included); returns how many."""
    rng = random.Random(1)
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0)
    written = 0
    with progress("Sensor-days", total=len(SENSORS) * days, quiet=quiet) as advance:
        for n, sensor in enumerate(SENSORS):
            await sensor.save()
            base = 14 + 5 * n
            for d in range(days):
                day_start = start + timedelta(days=d)
                batch: list[Reading] = []
                ts = day_start
                while ts < day_start + timedelta(days=1) and ts <= now:
                    hour = ts.hour + ts.minute / 60
                    value = base + 4 * math.sin((hour - 9) / 24 * 2 * math.pi) + rng.gauss(0, 0.4)
                    batch.append(
                        Reading(sensor_id=sensor.id, day=ts.date(), ts=ts, value=round(value, 2))
                    )
                    ts += timedelta(minutes=every_minutes)
                if batch:
                    await record_many(batch)
                written += len(batch)
                advance()
    return written


async def main() -> None:
    """Connect, seed, close."""
    config = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{await seed()} readings written ({config.describe()})")
    await disconnect_async()


def run() -> None:
    """Entry point of ``seed.py``."""
    asyncio.run(main())
