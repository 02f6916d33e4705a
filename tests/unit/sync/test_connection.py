"""``coodie.sync.connection``: ``init_coodie``, ``execute_raw``, ``close`` and ``shutdown``."""

from __future__ import annotations

import pytest

from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import ConfigurationError
from coodie.executor import connections as connection
from coodie.sync import close, execute_raw, init_coodie, shutdown


def test_init_coodie_lazy_recording_and_close(driver: RecordingDriver) -> None:
    conn = init_coodie(driver_type="recording", name="rec", lazy=True, consistency="ONE")
    assert not conn.connected
    assert connection.get_driver("rec").name == "recording"
    assert conn.connected
    close("rec")
    assert "rec" not in connection.connection_names()


def test_init_coodie_connects_at_once_unless_lazy(driver: RecordingDriver) -> None:
    assert init_coodie(driver_type="recording", name="eager").connected
    assert connection.connection_names() == ["default", "eager"]
    assert connection.get_driver() is driver  # a named connection is not the default


def test_unknown_driver_type(driver: RecordingDriver) -> None:
    with pytest.raises(ConfigurationError, match="unknown driver_type 'mongo'"):
        init_coodie(driver_type="mongo")


def test_execute_raw_reads_every_page_as_dicts(driver: RecordingDriver) -> None:
    driver.respond(
        ResultPage(("k", "v"), [(1, "a")], b"more"),
        ResultPage(("k", "v"), [(2, "b")]),
    )
    rows = execute_raw("SELECT k, v FROM ks.t WHERE k IN ?", [[1, 2]], consistency="one")
    assert rows == [{"k": 1, "v": "a"}, {"k": 2, "v": "b"}]
    first, second = driver.calls
    assert first.cql == "SELECT k, v FROM ks.t WHERE k IN ?"
    assert first.statement.params == ([1, 2],)
    assert first.options.consistency == "ONE"
    assert second.options.paging_state == b"more"


def test_execute_raw_on_a_named_connection(driver: RecordingDriver) -> None:
    other = RecordingDriver()
    connection.register_driver("other", other)
    assert execute_raw("TRUNCATE ks.t", connection="other", timeout=2.0) == []
    assert driver.calls == []
    assert other.statements == ["TRUNCATE ks.t"] and other.calls[0].options.timeout == 2.0


def test_shutdown_closes_every_connection(driver: RecordingDriver) -> None:
    other = RecordingDriver()
    connection.register_driver("other", other)
    shutdown()
    assert driver.closed and other.closed
    assert connection.connection_names() == []
