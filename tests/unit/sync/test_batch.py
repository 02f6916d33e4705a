"""``coodie.sync.BatchQuery``: collected writes, one request on exit, callbacks after success."""

from __future__ import annotations

import datetime

import pytest

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledBatch, CompiledStatement, StatementKind
from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import InvalidRequest, QueryError
from coodie.executor.results import LWTResult
from coodie.sync import BatchQuery

W1 = CompiledStatement("INSERT INTO ks.t (id) VALUES (?)", (1,), kind=StatementKind.INSERT)
W2 = CompiledStatement("INSERT INTO ks.t (id) VALUES (?)", (2,), kind=StatementKind.INSERT)
LWT = CompiledStatement("UPDATE ks.t SET v = ? WHERE id = ? IF v = ?", (1, 2, 3), is_lwt=True)


def test_writes_are_sent_once_on_exit(driver: RecordingDriver) -> None:
    calls: list[str] = []
    with BatchQuery(timestamp=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)) as b:
        b.add(W1)
        b.add(W2)
        b.add_callback(calls.append, "done")
        assert driver.calls == []
    assert len(driver.calls) == 1
    sent = driver.calls[0].statement
    assert isinstance(sent, CompiledBatch)
    assert sent.batch_type is BatchType.LOGGED
    assert sent.statements == (W1, W2)
    assert sent.timestamp == 1577836800000000
    assert calls == ["done"]


def test_empty_batch_sends_nothing(driver: RecordingDriver) -> None:
    with BatchQuery():
        pass
    assert driver.calls == []


def test_exception_in_block_skips_send_unless_asked(driver: RecordingDriver) -> None:
    calls: list[int] = []
    with pytest.raises(RuntimeError), BatchQuery() as b:
        b.add(W1)
        b.add_callback(calls.append, 1)
        raise RuntimeError("boom")
    assert driver.calls == [] and calls == []
    with pytest.raises(RuntimeError), BatchQuery(execute_on_exception=True) as b:
        b.add(W1)
        raise RuntimeError("boom")
    assert len(driver.calls) == 1


def test_callbacks_never_run_when_the_batch_fails(driver: RecordingDriver) -> None:
    calls: list[int] = []
    driver.respond(InvalidRequest("bad"))
    with pytest.raises(InvalidRequest), BatchQuery(logged=False) as b:
        b.add(W1)
        b.add_callback(calls.append, 1)
    assert calls == []
    assert driver.calls[0].statement.batch_type is BatchType.UNLOGGED  # type: ignore[union-attr]


def test_lwt_batch_returns_its_result(driver: RecordingDriver) -> None:
    driver.respond(ResultPage(("[applied]", "id", "v"), [(False, 2, 9)]))
    b = BatchQuery()
    b.add(LWT)
    assert b.execute() == LWTResult(False, {"id": 2, "v": 9})
    with pytest.raises(QueryError, match="already sent"):
        b.execute()


def test_batch_options_are_sent(driver: RecordingDriver) -> None:
    with BatchQuery("counter", consistency="quorum", timeout=2.5) as b:
        b.add(W1)
    call = driver.calls[0]
    assert (call.options.consistency, call.options.timeout) == ("QUORUM", 2.5)
    assert call.statement.batch_type is BatchType.COUNTER  # type: ignore[union-attr]


def test_write_callbacks_run_in_order_and_only_when_the_batch_applied(
    driver: RecordingDriver,
) -> None:
    calls: list[str] = []
    with BatchQuery() as b:
        b.add_model_write(W1, _Model, on_applied=lambda: calls.append("w1"))
        b.add_callback(calls.append, "user")
        b.add_model_write(W2, _Model, on_applied=lambda: calls.append("w2"))
    assert calls == ["w1", "user", "w2"]
    calls.clear()
    driver.respond(ResultPage(("[applied]", "id", "v"), [(False, 2, 9)]))
    with BatchQuery() as b:
        b.add_model_write(LWT, _Model, on_applied=lambda: calls.append("lwt"))
        b.add_callback(calls.append, "user")
    assert b.result == LWTResult(False, {"id": 2, "v": 9})
    assert calls == ["user"]  # the condition failed: none of the writes applied


class _Schema:
    is_counter = False


class _Model:
    __schema__ = _Schema()
