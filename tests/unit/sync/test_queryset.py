"""``coodie.sync.QuerySet``: blocking terminals, each checked by what it sends and returns."""

from __future__ import annotations

from uuid import UUID

import pytest

from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import QueryError
from coodie.sync import QuerySet

from ..recording_models import Item

COLUMNS = ("id", "name", "price", "tags", "note")
SELECT = "SELECT id, name, price, tags, note FROM shop.item"


def rows(*names: str) -> ResultPage:
    return ResultPage(COLUMNS, [(UUID(int=i), n, 0.0, [], None) for i, n in enumerate(names)])


def test_iteration_streams_page_by_page(driver: RecordingDriver) -> None:
    driver.respond(
        ResultPage(COLUMNS, [(UUID(int=1), "a", 0.0, [], None)], b"next"),
        ResultPage(COLUMNS, [(UUID(int=2), "b", 0.0, [], None)]),
    )
    it = iter(Item.find().fetch_size(1))
    assert next(it).name == "a"
    assert len(driver.calls) == 1  # the second page is not read yet
    assert next(it).name == "b"
    assert driver.calls[1].options.paging_state == b"next"
    assert list(it) == []


def test_find_gives_a_sync_queryset_and_all_reads_every_page(driver: RecordingDriver) -> None:
    qs = Item.find(name="a").allow_filtering()
    assert type(qs) is QuerySet
    page = rows("a")
    driver.respond(ResultPage(page.columns, page.rows, b"p2"), rows("a"))
    assert [i.name for i in qs.all()] == ["a", "a"]
    assert driver.statements == [f"{SELECT} WHERE name = ? ALLOW FILTERING"] * 2
    assert driver.calls[1].options.paging_state == b"p2"


def test_indexing_and_slicing_read_only_the_rows_needed(driver: RecordingDriver) -> None:
    driver.respond(rows("a", "b", "c"), rows("a", "b", "c"), rows("a"))
    assert Item.find()[2].name == "c"
    assert [i.name for i in Item.find()[1:3]] == ["b", "c"]
    with pytest.raises(IndexError):
        Item.find()[1]
    assert [c.statement.params for c in driver.calls] == [(3,), (3,), (2,)]
    assert driver.statements == [f"{SELECT} LIMIT ?"] * 3
    with pytest.raises(QueryError, match="takes no step"):
        Item.find()[::2]


def test_len_first_and_count(driver: RecordingDriver) -> None:
    driver.respond(rows("a", "b"), rows("a"), ResultPage(("count",), [(7,)]))
    assert len(Item.find()) == 2
    first = Item.find().first()
    assert first is not None and first.name == "a"
    assert Item.find().count() == 7
    assert driver.statements == [
        SELECT,
        f"{SELECT} LIMIT ?",
        "SELECT count(*) AS count FROM shop.item",
    ]
    assert driver.calls[1].statement.params == (1,)
    assert Item.find().first() is None  # no rows: None, not an error
