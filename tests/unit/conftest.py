"""A recording driver registered as the default connection for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coodie.drivers.recording import RecordingDriver
from coodie.executor import connections as connection
from coodie.testing import isolated_connections


@pytest.fixture
def driver() -> Iterator[RecordingDriver]:
    with isolated_connections():
        recording = RecordingDriver()
        connection.register_driver("default", recording, default=True)
        yield recording
