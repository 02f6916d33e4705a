"""``coodie.query.batch.BatchCore``: what a batch accepts, checked before anything is sent.

Sending is the facades' (``tests/unit/sync/test_batch.py``, ``tests/unit/aio/test_batch.py``).
"""

from __future__ import annotations

import datetime

import pytest

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.exceptions import QueryError
from coodie.query.batch import BatchCore

WRITE = CompiledStatement("DELETE FROM ks.t WHERE id = ?", (1,), kind=StatementKind.DELETE)
LWT = CompiledStatement("DELETE FROM ks.t WHERE id = ? IF EXISTS", (2,), is_lwt=True)


@pytest.mark.parametrize(
    ("kwargs", "batch_type"),
    [
        ({}, BatchType.LOGGED),
        ({"logged": False}, BatchType.UNLOGGED),
        ({"batch_type": "counter"}, BatchType.COUNTER),
        ({"batch_type": BatchType.UNLOGGED, "logged": True}, BatchType.UNLOGGED),
    ],
)
def test_the_batch_type(kwargs: dict[str, object], batch_type: BatchType) -> None:
    assert BatchCore(**kwargs).batch_type is batch_type  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_type": "sometimes"}, "batch_type must be LOGGED, UNLOGGED or COUNTER"),
        ({"timestamp": datetime.datetime(2020, 1, 1)}, "timestamp datetime must be timezone-aware"),
        ({"timestamp": True}, "timestamp must be int microseconds or an aware datetime"),
        ({"batch_type": "COUNTER", "timestamp": 5}, "a COUNTER batch cannot have a custom"),
        ({"consistency": "most"}, "unknown consistency level 'most'"),
    ],
)
def test_wrong_arguments_are_refused_when_built(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        BatchCore(**kwargs)  # type: ignore[arg-type]


def test_writes_are_collected_on_one_connection() -> None:
    batch = BatchCore()
    assert batch.connection is None  # the default connection
    batch.add(WRITE, connection="a")
    batch.add(WRITE)  # a write that names no connection goes where the batch goes
    assert batch.connection == "a"
    with pytest.raises(QueryError, match="a batch runs on one connection: 'a' and 'b' mixed"):
        batch.add(WRITE, connection="b")
    assert batch.statements == (WRITE, WRITE)
    pinned = BatchCore(connection="a")
    with pytest.raises(QueryError, match="'a' and 'b' mixed"):
        pinned.add(WRITE, connection="b")
    on_default = BatchCore()
    on_default.add(WRITE)
    with pytest.raises(QueryError, match="the default connection and 'a' mixed"):
        on_default.add(WRITE, connection="a")


def test_a_conditional_write_cannot_take_the_batch_timestamp() -> None:
    with pytest.raises(QueryError, match=r"a batch with a condition \(LWT\) cannot have a custom"):
        BatchCore(timestamp=10).add(LWT)


def test_compile_gathers_the_writes() -> None:
    batch = BatchCore(timestamp=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
    batch.add(WRITE)
    compiled = batch.compile()
    assert (compiled.batch_type, compiled.statements) == (BatchType.LOGGED, (WRITE,))
    assert (compiled.timestamp, compiled.is_lwt) == (1577836800000000, False)
    conditional = BatchCore(logged=False)
    conditional.add(WRITE)
    conditional.add(LWT)
    assert conditional.compile().is_lwt
    assert repr(conditional) == "<BatchCore UNLOGGED 2 writes>"


def test_a_callback_must_be_callable() -> None:
    with pytest.raises(QueryError, match="batch callback must be callable, not 'print'"):
        BatchCore().add_callback("print")  # type: ignore[arg-type]
