"""A batch never moves a model's write to another connection than the model's own."""

from __future__ import annotations

from uuid import UUID

import pytest

from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import QueryError
from coodie.executor import connections as connection
from coodie.sync import BatchQuery

from ..recording_models import Item, Reading

PID = UUID(int=1)


@pytest.fixture
def metrics(driver: RecordingDriver) -> RecordingDriver:
    recording = RecordingDriver()
    connection.register_driver("metrics", recording)
    return recording


def test_a_default_model_after_a_named_one_is_refused(
    metrics: RecordingDriver, driver: RecordingDriver
) -> None:
    batch = BatchQuery()
    Reading(sensor="s", at=1).save(batch=batch)
    with pytest.raises(QueryError, match="'metrics' and the default connection mixed"):
        Item(id=PID, name="n").save(batch=batch)
    batch.execute()
    assert driver.calls == [] and len(metrics.calls) == 1


def test_a_named_model_after_a_default_one_is_refused(
    metrics: RecordingDriver, driver: RecordingDriver
) -> None:
    batch = BatchQuery()
    Item(id=PID, name="n").save(batch=batch)
    with pytest.raises(QueryError, match="the default connection and 'metrics' mixed"):
        Reading(sensor="s", at=1).save(batch=batch)
    batch.execute()
    assert metrics.calls == [] and len(driver.calls) == 1


def test_a_model_without_a_connection_follows_the_batch_connection(
    metrics: RecordingDriver, driver: RecordingDriver
) -> None:
    with BatchQuery(connection="metrics") as batch:
        Item(id=PID, name="n").save(batch=batch)
        Reading(sensor="s", at=1).save(batch=batch)
    assert driver.calls == [] and len(metrics.calls) == 1


def test_a_batch_connection_cannot_override_a_model_connection(
    metrics: RecordingDriver, driver: RecordingDriver
) -> None:
    batch = BatchQuery(connection="default")
    with pytest.raises(QueryError, match="'default' and 'metrics' mixed"):
        Reading(sensor="s", at=1).save(batch=batch)
    assert batch.statements == ()
