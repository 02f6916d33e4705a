"""``coodie.cql.values``: ``CqlDuration`` (one sign, exact conversions, a Pydantic field type)
and ``as_utc``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import pydantic
import pytest

from coodie.cql.values import CqlDuration, as_utc
from coodie.fields import PrimaryKey

from ..model.base import Doc


@pytest.mark.parametrize(
    "parts", [(1, -1, 0), (0, 1, -1), (-1, 0, 5)], ids=["months-days", "days-nanos", "months-nanos"]
)
def test_a_duration_has_one_sign(parts: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="must share one sign"):
        CqlDuration(*parts)


def test_zero_parts_take_any_sign() -> None:
    assert CqlDuration(-1, 0, -3) == CqlDuration(months=-1, nanoseconds=-3)
    assert CqlDuration() == CqlDuration(0, 0, 0)


@pytest.mark.parametrize(
    ("delta", "duration"),
    [
        (dt.timedelta(days=2, seconds=3, microseconds=4), CqlDuration(0, 2, 3_000_004_000)),
        (dt.timedelta(hours=-1), CqlDuration(0, 0, -3_600_000_000_000)),
        (dt.timedelta(days=-1, seconds=-1), CqlDuration(0, -1, -1_000_000_000)),
        (dt.timedelta(0), CqlDuration(0, 0, 0)),
    ],
)
def test_timedelta_round_trip(delta: dt.timedelta, duration: CqlDuration) -> None:
    assert CqlDuration.from_timedelta(delta) == duration
    assert duration.to_timedelta() == delta


def test_durations_a_timedelta_cannot_hold() -> None:
    assert CqlDuration(months=1).to_timedelta() is None
    assert CqlDuration(nanoseconds=1_500).to_timedelta() is None  # not whole microseconds
    assert CqlDuration(nanoseconds=2_000).to_timedelta() == dt.timedelta(microseconds=2)


def test_as_utc_marks_a_naive_datetime_as_utc() -> None:
    aware = as_utc(dt.datetime(2024, 2, 29, 23, 59, 59, 999_999))
    assert aware == dt.datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=dt.timezone.utc)
    assert aware.tzinfo is dt.timezone.utc


def test_cql_duration_field_validates_and_serializes() -> None:
    class Timer(Doc):
        id: Annotated[int, PrimaryKey()]
        every: CqlDuration | None = None

    t = Timer(id=1, every=CqlDuration(months=1, nanoseconds=5))
    assert Timer.__schema__.columns["every"].cql_type.cql() == "duration"
    assert Timer.model_validate_json(t.model_dump_json()) == t
    assert t.model_dump()["every"] == CqlDuration(1, 0, 5)
    assert Timer(id=1, every=dt.timedelta(days=1)).every == CqlDuration(0, 1, 0)
    assert Timer.model_validate({"id": 1, "every": {"days": 2}}).every == CqlDuration(0, 2, 0)
    with pytest.raises(pydantic.ValidationError, match="sign"):
        Timer(id=1, every={"months": 1, "days": -1})  # type: ignore[arg-type]
