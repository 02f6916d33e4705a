"""``coodie.cql.options``: consistency levels by name, and immutable per-request options."""

from __future__ import annotations

import enum

import attrs
import pytest

from coodie.cql.options import CONSISTENCY_LEVELS, ExecutionOptions, consistency_name
from coodie.exceptions import QueryError


class DriverLevel(enum.IntEnum):
    """Like a driver's own enum (scylla-driver's ``ConsistencyLevel``): read by its name."""

    LOCAL_QUORUM = 6
    EVERYONE = 99


def test_every_native_protocol_level_is_known() -> None:
    assert sorted(CONSISTENCY_LEVELS) == [
        "ALL", "ANY", "EACH_QUORUM", "LOCAL_ONE", "LOCAL_QUORUM", "LOCAL_SERIAL", "ONE",
        "QUORUM", "SERIAL", "THREE", "TWO",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("level", "name"),
    [("quorum", "QUORUM"), ("Local_One", "LOCAL_ONE"), (DriverLevel.LOCAL_QUORUM, "LOCAL_QUORUM")],
)
def test_levels_become_upper_case_names(level: object, name: str) -> None:
    assert consistency_name(level) == name


@pytest.mark.parametrize(
    ("level", "shown"),
    [
        ("most", "'most'"),
        ("", "''"),
        (6, "6"),
        (DriverLevel.EVERYONE, "<DriverLevel.EVERYONE: 99>"),
    ],
)
def test_unknown_levels_are_refused(level: object, shown: str) -> None:
    with pytest.raises(QueryError) as raised:
        consistency_name(level)
    assert str(raised.value) == f"unknown consistency level {shown}"


def test_options_default_to_the_drivers_and_are_frozen() -> None:
    options = ExecutionOptions()
    assert attrs.astuple(options) == (None, None, None, None, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        options.timeout = 1.0  # type: ignore[misc]
    assert attrs.evolve(options, fetch_size=10) == ExecutionOptions(fetch_size=10)
