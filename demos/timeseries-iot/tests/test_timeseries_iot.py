"""timeseries-iot through FastAPI's TestClient: buckets, DESC order, per-partition limit, paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import partial

import pytest
from demo_support import DatabaseConfig
from fastapi.testclient import TestClient
from iot.app import app
from iot.models import Sensor
from iot.seeding import SENSORS, seed


@pytest.fixture
def client(demo_database: DatabaseConfig) -> Iterator[TestClient]:
    with TestClient(app) as client:
        client.portal.call(Sensor(id="probe", name="Probe", location="lab").save)
        yield client


def post(client: TestClient, value: float, ts: datetime) -> int:
    body = {"value": value, "ts": ts.isoformat()}
    return client.post("/api/sensors/probe/readings", json=body).status_code


def test_day_buckets_newest_first_and_paging(client: TestClient) -> None:
    start = datetime(2026, 3, 1, 22, 0, tzinfo=timezone.utc)
    for minute in range(0, 180, 10):  # 22:00 on March 1st to 00:50 on March 2nd
        assert post(client, minute / 10, start + timedelta(minutes=minute)) == 201
    first = client.get("/api/sensors/probe/readings?day=2026-03-01&size=5").json()
    times = [r["ts"] for r in first["items"]]
    assert times == sorted(times, reverse=True) and times[0].startswith("2026-03-01T23:50")
    seen = list(times)
    token = first["next_page"]
    while token:
        page = client.get(
            "/api/sensors/probe/readings", params={"day": "2026-03-01", "size": 5, "page": token}
        ).json()
        seen += [r["ts"] for r in page["items"]]
        token = page["next_page"]
    assert len(seen) == 12 and seen == sorted(seen, reverse=True)  # 22:00 .. 23:50 only
    next_day = client.get("/api/sensors/probe/readings?day=2026-03-02").json()["items"]
    assert [r["value"] for r in next_day] == [17.0, 16.0, 15.0, 14.0, 13.0, 12.0]


def test_latest_per_sensor(client: TestClient) -> None:
    written = client.portal.call(partial(seed, 1, every_minutes=120, quiet=True))
    assert written >= len(SENSORS)
    latest = client.get("/api/latest").json()
    assert set(latest) == {s.id for s in SENSORS}
    for sensor_id, reading in latest.items():
        newest = client.get(f"/api/sensors/{sensor_id}/readings?size=1").json()["items"][0]
        assert reading == newest
    # Seeded readings start at midnight UTC, so early in a UTC day a sensor may have fewer
    # than the two readings a sparkline needs: give the probe two readings today.
    minute = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    assert post(client, 20.0, minute) == post(client, 21.0, minute + timedelta(seconds=1)) == 201
    page = client.get("/")
    assert page.status_code == 200
    assert "Wine cellar" in page.text and "<polyline" in page.text


def test_sensor_page_and_errors(client: TestClient) -> None:
    noon = datetime(2026, 3, 3, 12, 0, tzinfo=timezone.utc)
    for n in range(25):
        post(client, 20 + n, noon + timedelta(seconds=n))
    page = client.get("/sensors/probe?day=2026-03-03")
    assert page.status_code == 200 and "Older" in page.text
    assert page.text.count("<tr><td>") == 20 and "<strong>44.00</strong>" in page.text
    assert client.get("/sensors/nope").status_code == 404
    assert client.post("/api/sensors/nope/readings", json={"value": 1}).status_code == 404
    assert client.post("/api/sensors/probe/readings", json={"value": 5000}).status_code == 422
    assert client.get("/api/sensors/probe/readings?day=yesterday").status_code == 422
    assert client.get("/api/sensors/probe/readings?page=!!").status_code == 400
