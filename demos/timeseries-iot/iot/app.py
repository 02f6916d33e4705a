"""The FastAPI app: a dashboard of the latest readings, a page per sensor and day, a JSON API.

Run it with ``python -m iot`` (http://127.0.0.1:8003).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated

from demo_support import connect_async, disconnect_async
from demo_support.fastapi_app import Pages
from fastapi import FastAPI, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from coodie.exceptions import DriverError
from iot import DEMO_DIR, KEYSPACE, queries
from iot.models import MODELS, Reading, Sensor

pages = Pages(DEMO_DIR / "iot" / "templates")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Connect on startup, close on shutdown."""
    app.state.brand = "timeseries iot"
    app.state.database = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    yield
    await disconnect_async()


app = FastAPI(title="coodie IoT time series", lifespan=lifespan)


class ReadingIn(BaseModel):
    """A new reading (``ts`` defaults to now)."""

    value: float = Field(ge=-1000, le=1000)
    ts: datetime | None = None


class ReadingPage(BaseModel):
    """A page of readings, newest first, and the token of the next page."""

    items: list[Reading]
    next_page: str | None


async def get_sensor(sensor_id: str) -> Sensor:
    """The sensor or 404."""
    sensor = await Sensor.find_one(id=sensor_id)
    if sensor is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no sensor {sensor_id!r}")
    return sensor


async def readings_page(sensor_id: str, day: date, size: int, token: str | None) -> ReadingPage:
    """A page of one day; 400 for a token that is not one."""
    try:
        state = base64.b64decode(token, altchars=b"-_", validate=True) if token else None
        page = await queries.day_page(sensor_id, day, size, state)
    except (binascii.Error, ValueError, DriverError) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid page token") from exc
    state = page.paging_state
    next_page = base64.urlsafe_b64encode(state).decode() if state else None
    return ReadingPage(items=list(page), next_page=next_page)


@app.get("/api/sensors", response_model=list[Sensor])
async def api_sensors() -> list[Sensor]:
    """Every sensor."""
    return sorted(await Sensor.find().all(), key=lambda s: s.id)


@app.post(
    "/api/sensors/{sensor_id}/readings",
    response_model=Reading,
    status_code=status.HTTP_201_CREATED,
)
async def api_record(sensor_id: str, body: ReadingIn) -> Reading:
    """Record a reading (404 for an unknown sensor, 422 for a value out of range)."""
    await get_sensor(sensor_id)
    return await queries.record(sensor_id, body.value, body.ts)


@app.get("/api/sensors/{sensor_id}/readings", response_model=ReadingPage)
async def api_readings(
    sensor_id: str,
    day: date | None = None,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
    page: str | None = None,
) -> ReadingPage:
    """A day of readings, newest first, paged (``next_page`` -> ``page``)."""
    await get_sensor(sensor_id)
    return await readings_page(sensor_id, day or queries.utc_now().date(), size, page)


@app.get("/api/latest", response_model=dict[str, Reading])
async def api_latest(day: date | None = None) -> dict[str, Reading]:
    """The newest reading of every sensor on ``day`` (today by default)."""
    sensors = await Sensor.find().all()
    return await queries.latest(sensors, day or queries.utc_now().date())


@app.get("/", response_class=HTMLResponse)
async def dashboard(request: Request) -> HTMLResponse:
    """One card per sensor: latest value and today's sparkline."""
    today = queries.utc_now().date()
    sensors = sorted(await Sensor.find().all(), key=lambda s: s.id)
    latest = await queries.latest(sensors, today)
    lines = {s.id: queries.sparkline(await queries.recent_values(s.id, today)) for s in sensors}
    return pages.render(
        request, "dashboard.html", title="Sensors", sensors=sensors, latest=latest, lines=lines
    )


@app.get("/sensors/{sensor_id}", response_class=HTMLResponse)
async def sensor_page(
    request: Request, sensor_id: str, day: date | None = None, page: str | None = None
) -> HTMLResponse:
    """A sensor's day, 20 readings a page."""
    sensor = await get_sensor(sensor_id)
    day = day or queries.utc_now().date()
    readings = await readings_page(sensor_id, day, 20, page)
    return pages.render(
        request, "sensor.html", title=sensor.name, sensor=sensor, day=day, readings=readings
    )
