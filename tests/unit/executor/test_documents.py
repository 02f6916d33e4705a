"""Document writes and reads through the shared plans, checked on the recording driver."""

from __future__ import annotations

import datetime
import re
from typing import Annotated
from uuid import UUID, uuid4

import pytest

from coodie.compiler.compiled import CompiledBatch
from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import ConfigurationError, InvalidValueError, QueryError
from coodie.executor import connections as connection
from coodie.executor.results import LWTResult
from coodie.fields import PrimaryKey
from coodie.sync import BatchQuery, Document

from ..recording_models import Hits, Item, Reading

PID = UUID(int=1)
COLUMNS = ("id", "name", "price", "tags", "note")


def loaded(driver: RecordingDriver, **values: object) -> Item:
    row = {"id": PID, "name": "pen", "price": 1.0, "tags": ["a"], "note": None, **values}
    driver.respond(ResultPage(COLUMNS, [tuple(row[c] for c in COLUMNS)]))
    item = Item.get(id=PID)
    driver.reset()
    return item


def test_new_document_binds_no_nulls(driver: RecordingDriver) -> None:
    Item(id=PID, name="pen").save()
    call = driver.calls[0]
    assert call.cql == "INSERT INTO shop.item (id, name, price) VALUES (?, ?, ?)"
    assert call.statement.params == (PID, "pen", 0.0)


def test_new_documents_of_each_shape_insert_their_own_columns(driver: RecordingDriver) -> None:
    with BatchQuery() as b:
        Item(id=PID, name="pen", tags=["a"], note="n").save(batch=b)
        Item(id=PID, name="ink", tags=[]).save(batch=b)  # an empty list: not written
        Item(id=PID, name="pad", tags=["b"]).save(batch=b)
    Item(id=PID, name="cap", note="m").save()
    batch = driver.calls[0].statement
    assert isinstance(batch, CompiledBatch)
    sent = [*batch.statements, driver.calls[1].statement]
    assert [(s.cql.split(") VALUES")[0], s.params) for s in sent] == [
        ("INSERT INTO shop.item (id, name, price, tags, note", (PID, "pen", 0.0, ["a"], "n")),
        ("INSERT INTO shop.item (id, name, price", (PID, "ink", 0.0)),
        ("INSERT INTO shop.item (id, name, price, tags", (PID, "pad", 0.0, ["b"])),
        ("INSERT INTO shop.item (id, name, price, note", (PID, "cap", 0.0, "m")),
    ]


def test_a_new_document_that_cannot_be_written_names_its_field(driver: RecordingDriver) -> None:
    item = Item(id=PID, name="pen")
    item.tags.append(5)  # type: ignore[arg-type]  # a list changed in place is not validated
    with pytest.raises(InvalidValueError, match=r"^Item\.tags: expected a value for CQL type"):
        item.save()
    keyless = Item.model_construct(name=5)
    with pytest.raises(InvalidValueError, match=r"^Item\.id: a primary key column cannot be null"):
        keyless.save(batch=BatchQuery())
    assert driver.calls == [] and not item._is_persisted()


def test_loaded_document_writes_only_changes(driver: RecordingDriver) -> None:
    item = loaded(driver)
    item.save()
    assert driver.calls == []  # nothing changed: nothing sent
    item.price = 2.5
    item.save()
    assert driver.calls[0].cql == "INSERT INTO shop.item (id, price) VALUES (?, ?)"
    assert driver.calls[0].statement.params == (PID, 2.5)
    driver.reset()
    item.save()
    assert driver.calls == []


def test_update_none_deletes_the_cell_and_follows_locally(driver: RecordingDriver) -> None:
    item = loaded(driver, note="x")
    assert item.update(note=None, tags__append=["b"]) is item
    call = driver.calls[0]
    assert call.cql == "UPDATE shop.item SET note = ?, tags = tags + ? WHERE id = ?"
    assert call.statement.params == (None, ["b"], PID)
    assert (item.note, item.tags) == (None, ["a", "b"])


def test_failed_conditional_update_leaves_document_unchanged(driver: RecordingDriver) -> None:
    item = loaded(driver)
    driver.respond(ResultPage(("[applied]", "name"), [(False, "other")]))
    result = item.update(price=9.0, if_conditions={"name": "pen"})
    assert isinstance(result, LWTResult) and not result
    assert result.existing == {"name": "other"}
    assert item.price == 1.0
    assert driver.calls[0].cql.endswith("WHERE id = ? IF name = ?")
    driver.respond(ResultPage(("[applied]",), [(True,)]))
    assert item.update(price=9.0, if_exists=True)
    assert item.price == 9.0


def test_insert_if_not_exists_types_the_existing_row(driver: RecordingDriver) -> None:
    driver.respond(ResultPage(("[applied]", *COLUMNS), [(False, PID, "old", 3.0, [], None)]))
    result = Item(id=PID, name="new").insert()
    assert "IF NOT EXISTS" in driver.calls[0].cql
    assert not result.applied
    assert isinstance(result.existing, Item) and result.existing.name == "old"


def test_timestamp_and_ttl_are_bound(driver: RecordingDriver) -> None:
    at = datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc)
    Item(id=PID, name="pen").save(ttl=60, timestamp=at)
    call = driver.calls[0]
    assert "USING TTL ? AND TIMESTAMP ?" in call.cql
    assert call.statement.params[-2:] == (60, 1609459200000000)
    with pytest.raises(QueryError, match="timezone-aware"):
        Item(id=PID, name="pen").save(timestamp=datetime.datetime(2021, 1, 1))
    with pytest.raises(QueryError, match="ttl"):
        Item(id=PID, name="pen").save(ttl=-1)


def test_delete_and_delete_columns(driver: RecordingDriver) -> None:
    item = loaded(driver, note="x")
    item.delete_columns("note", "tags")
    assert driver.calls[0].cql == "DELETE note, tags FROM shop.item WHERE id = ?"
    assert (item.note, item.tags) == (None, [])
    driver.respond(ResultPage(("[applied]",), [(False,)]))
    assert item.delete(if_exists=True) == LWTResult(False)
    with pytest.raises(QueryError, match="primary key"):
        item.delete_columns("id")


def test_counters(driver: RecordingDriver) -> None:
    hits = Hits(page="home")
    with pytest.raises(QueryError, match="increment"):
        hits.save()
    with pytest.raises(QueryError, match="increment"):
        hits.insert()
    hits.increment(views=3)
    hits.decrement(views=1)
    assert driver.statements == [
        "UPDATE shop.hits SET views = views + ? WHERE page = ?",
        "UPDATE shop.hits SET views = views - ? WHERE page = ?",
    ]
    assert hits.views == 2
    with pytest.raises(QueryError, match="int"):
        hits.increment(views=1.5)  # type: ignore[arg-type]


def test_get_raises_model_specific_errors(driver: RecordingDriver) -> None:
    with pytest.raises(Item.DoesNotExist):
        Item.get(id=PID)
    two = [(PID, "a", 0.0, [], None), (PID, "b", 0.0, [], None)]
    driver.respond(ResultPage(COLUMNS, two))
    with pytest.raises(Item.MultipleObjectsReturned):
        Item.find(name="a").allow_filtering().get()
    assert Item.find_one(id=PID) is None


def test_get_by_key_reads_past_a_short_page(driver: RecordingDriver) -> None:
    row = (PID, "pen", 1.0, ["a"], None)
    driver.respond(ResultPage(COLUMNS, [], b"p1"), ResultPage(COLUMNS, [row], None))
    assert Item.get(id=PID).name == "pen"
    assert [c.options.paging_state for c in driver.calls] == [None, b"p1"]
    assert (
        driver.calls[0].cql
        == "SELECT id, name, price, tags, note FROM shop.item WHERE id = ? LIMIT ?"
    )
    driver.respond(ResultPage(COLUMNS, [row], b"p1"), ResultPage(COLUMNS, [row], None))
    with pytest.raises(
        Item.MultipleObjectsReturned,
        match=re.escape(f"Item: more than one row matches id = {PID!r}"),
    ):
        Item.get(id=PID)
    driver.respond(ResultPage(COLUMNS, [], b"p1"), ResultPage(COLUMNS, [], None))
    with pytest.raises(Item.DoesNotExist, match=re.escape(f"Item: no row matches id = {PID!r}")):
        Item.get(id=PID)


def test_settings_connection_routes_every_operation(driver: RecordingDriver) -> None:
    metrics = RecordingDriver()
    connection.register_driver("metrics", metrics)
    Reading(sensor="s", at=1, value=2.0).save()
    Reading.find(sensor="s").all()
    with BatchQuery() as b:
        Reading(sensor="s", at=2).save(batch=b)
    assert driver.calls == []
    assert len(metrics.calls) == 3 and isinstance(metrics.calls[2].statement, CompiledBatch)


def test_batched_writes_wait_for_the_batch(driver: RecordingDriver) -> None:
    item = Item(id=PID, name="pen")
    with BatchQuery() as b:
        item.save(batch=b)
        assert driver.calls == [] and not item._is_persisted()
        with pytest.raises(QueryError, match="batch"):
            Item(id=uuid4(), name="x").save(batch=b, consistency="ONE")
    assert item._is_persisted()


def test_a_batched_save_checks_what_an_unbatched_one_does(driver: RecordingDriver) -> None:
    b = BatchQuery()
    with pytest.raises(TypeError, match="unexpected keyword argument 'tll'"):
        Item(id=uuid4(), name="x").save(batch=b, tll=60)  # type: ignore[call-arg]
    with pytest.raises(QueryError, match="consistency and timeout of a batched write"):
        Item(id=uuid4(), name="x").save(batch=b, timeout=1.0)
    with pytest.raises(QueryError, match="cannot write a counter table"):
        Hits(page="p").save(batch=b)
    assert b._statements == []
    unchanged = loaded(driver)
    unchanged.save(batch=b)  # nothing changed: nothing joins the batch
    assert b._statements == []
    with pytest.raises(ConfigurationError, match="no connection named 'nope'"):
        Item(id=uuid4(), name="x").using(connection="nope").save(batch=BatchQuery())
    item = Item(id=PID, name="pen")
    item.save(batch=b, ttl=60)
    b.execute()
    assert driver.calls[0].statement.statements[0].cql == (  # type: ignore[union-attr]
        "INSERT INTO shop.item (id, name, price) VALUES (?, ?, ?) USING TTL ?"
    )
    assert item._is_persisted()


def test_a_write_batched_on_an_unknown_model_connection_is_refused(
    driver: RecordingDriver,
) -> None:
    class Elsewhere(Document):
        id: Annotated[UUID, PrimaryKey()]

        class Settings:
            keyspace = "shop"
            connection = "nope"

    b = BatchQuery()
    with pytest.raises(ConfigurationError, match="no connection named 'nope'"):
        Elsewhere(id=uuid4()).save(batch=b)
    with pytest.raises(ConfigurationError, match="no connection named 'nope'"):
        Elsewhere(id=uuid4()).delete(batch=b)
    with pytest.raises(ConfigurationError, match="no connection named 'nope'"):
        Elsewhere.find(id=uuid4()).batch(b).delete()
    assert b._statements == []  # the refused writes did not join the batch
    Item(id=PID, name="pen").save(batch=b)  # the batch still takes a default-connection write
    b.execute()
    assert [s.cql for s in driver.calls[0].statement.statements] == [  # type: ignore[union-attr]
        "INSERT INTO shop.item (id, name, price) VALUES (?, ?, ?)"
    ]


def test_conditional_write_in_a_batch_follows_the_batch_outcome(driver: RecordingDriver) -> None:
    item = loaded(driver)
    driver.respond(ResultPage(("[applied]", "id", "name"), [(False, PID, "other")]))
    with BatchQuery() as b:
        item.update(price=7.0, if_conditions={"name": "pen"}, batch=b)
    assert b.result is not None and not b.result.applied
    assert item.price == 1.0
    driver.respond(ResultPage(("[applied]",), [(True,)]))
    with BatchQuery() as b:
        item.update(price=7.0, if_exists=True, batch=b)
    assert item.price == 7.0


def test_a_document_read_on_another_connection_writes_and_refreshes_there(
    driver: RecordingDriver,
) -> None:
    other = RecordingDriver()
    connection.register_driver("other", other)
    row = (PID, "pen", 1.0, ["a"], None)
    other.respond(ResultPage(COLUMNS, [row]))
    item = Item.find(id=PID).using(connection="other", keyspace="tenant").get()
    item.price = 2.0
    item.save()
    other.respond(ResultPage(COLUMNS, [(PID, "ink", 2.0, ["a"], None)]))
    assert item.refresh() is item and item.name == "ink"
    assert driver.calls == []
    assert [c.cql.split(" WHERE")[0] for c in other.calls] == [
        "SELECT id, name, price, tags, note FROM tenant.item",
        "INSERT INTO tenant.item (id, price) VALUES (?, ?)",
        "SELECT id, name, price, tags, note FROM tenant.item",
    ]
    unrouted = Item.find(id=PID).using(keyspace="shop")  # the model's own keyspace
    other.reset()
    driver.respond(ResultPage(COLUMNS, [row]))
    plain = unrouted.get()
    plain.save(ttl=5)
    assert len(driver.calls) == 2 and other.calls == []
    assert driver.calls[1].cql.startswith("INSERT INTO shop.item")


def test_refresh_needs_the_primary_key(driver: RecordingDriver) -> None:
    item = Item.model_construct(name="pen")
    with pytest.raises(InvalidValueError, match=r"Item\.id: a primary key column cannot be null"):
        item.refresh()
    assert driver.calls == []
