"""A recording driver registered as the default connection for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coodie.drivers.recording import RecordingDriver
from coodie.executor import connections as connection


@pytest.fixture
def driver() -> Iterator[RecordingDriver]:
    saved = dict(connection._connections), connection._default_name
    connection._connections.clear()
    recording = RecordingDriver()
    connection.register_driver("default", recording, default=True)
    yield recording
    connection._connections.clear()
    connection._connections.update(saved[0])
    connection._default_name = saved[1]
