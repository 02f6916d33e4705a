"""Write inspection: each ``*_statement`` method returns exactly what the write sends,
and sends nothing itself."""

from __future__ import annotations

from uuid import UUID

import pytest

from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import QueryError

from ..recording_models import Hits, Item

PID = UUID(int=7)
COLUMNS = ("id", "name", "price", "tags", "note")


def _loaded(driver: RecordingDriver) -> Item:
    driver.respond(ResultPage(COLUMNS, [(PID, "pen", 1.0, ["a"], None)]))
    item = Item.get(id=PID)
    driver.reset()
    return item


def _sent(driver: RecordingDriver) -> tuple[str, tuple[object, ...]]:
    (call,) = driver.calls
    driver.reset()
    return call.cql, call.statement.params


def test_each_statement_is_what_the_write_then_sends(driver: RecordingDriver) -> None:
    item = Item(id=PID, name="pen", tags=["a"])
    changes = {"note": None, "tags__append": ["b"]}
    inspected = [
        (item.save_statement(ttl=60), lambda: item.save(ttl=60)),
        (item.insert_statement(), item.insert),
        (item.update_statement(**changes), lambda: item.update(**changes)),
        (item.delete_statement("note"), lambda: item.delete_columns("note")),
        (item.delete_statement(if_exists=True), lambda: item.delete(if_exists=True)),
    ]  # fmt: skip
    for statement, write in inspected:
        assert driver.calls == []  # inspecting sent nothing
        assert statement is not None
        driver.respond(ResultPage(("[applied]",), [(True,)]))
        write()
        assert _sent(driver) == (statement.cql, statement.params)


def test_inspection_leaves_the_document_as_it_was(driver: RecordingDriver) -> None:
    item = _loaded(driver)
    statement = item.update_statement(name="new", tags__append=["b"])
    assert statement.cql == "UPDATE shop.item SET name = ?, tags = tags + ? WHERE id = ?"
    assert (item.name, item.tags) == ("pen", ["a"])
    assert item.save_statement() is None  # a loaded document without changes writes nothing
    item.price = 2.0
    changed = item.save_statement()
    assert changed is not None and changed.params == (PID, 2.0)
    assert driver.calls == []


def test_counter_and_refused_writes(driver: RecordingDriver) -> None:
    hits = Hits(page="/")
    statement = hits.increment_statement(views=2)
    assert "views = views + ?" in statement.cql and 2 in statement.params
    assert hits.views == 0
    with pytest.raises(QueryError):
        hits.save_statement()
    with pytest.raises(QueryError):
        Item(id=PID, name="pen").update_statement()
    assert driver.calls == []
