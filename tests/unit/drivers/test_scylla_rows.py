"""scylla-driver adapter: a page's rows are converted once, by whoever reads them first.

A model read hydrates the driver's rows with the conversion written into its hydrator;
any other reader gets the converted rows. Both give the same values, types included.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID, uuid4

import pytest

pytest.importorskip("cassandra")

from cassandra import cqltypes as ct

from coodie.drivers import scylla_values
from coodie.drivers.base import ConvertedRows, ResultPage
from coodie.drivers.scylla_values import row_converter
from coodie.executor.queries import model_rows
from coodie.fields import ClusteringKey, Discriminator, Double, Indexed, PrimaryKey
from coodie.sync import Document

COLUMNS = ("sensor", "ts", "value")
TYPES = [ct.UTF8Type, ct.DateType, ct.DoubleType]


class Reading(Document):
    sensor: Annotated[str, PrimaryKey()]
    ts: Annotated[dt.datetime, ClusteringKey(order="DESC")]
    value: Annotated[float, Double()] = 0.0

    class Settings:
        keyspace = "ks"


class Animal(Document):
    id: Annotated[UUID, PrimaryKey()]
    kind: Annotated[str, Discriminator(), Indexed()] = ""
    born: dt.datetime | None = None

    class Settings:
        keyspace = "ks"


class Spider(Animal):
    legs: int = 8

    class Settings:
        __discriminator_value__ = "spider"


def driver_rows(n: int) -> list[tuple[Any, ...]]:
    """Rows as the driver returns them: naive UTC datetimes, a null, an out-of-range int."""
    rows: list[tuple[Any, ...]] = [
        ("s", dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i, microseconds=7), i / 2)
        for i in range(n)
    ]
    return [*rows, ("s", None, None), ("s", 2**62, 1.0)]


def test_a_model_read_converts_while_hydrating_with_the_same_result() -> None:
    conversion = row_converter(TYPES)
    assert conversion is not None
    raw = driver_rows(3)
    rows = ConvertedRows(raw, conversion)
    docs = model_rows(Reading)(ResultPage(COLUMNS, rows))
    assert rows.pending  # the page's rows were never converted on their own
    expected = [Reading._hydrator(COLUMNS)(conversion.convert(r)) for r in raw]
    assert docs == expected
    for doc, want, row in zip(docs, expected, raw, strict=True):
        assert type(doc.ts) is type(want.ts)
        assert doc._loaded() == want._loaded() == (COLUMNS, conversion.convert(row))
    assert docs[0].ts == dt.datetime(2024, 1, 1, 0, 0, 0, 7, tzinfo=dt.timezone.utc)
    assert docs[0].ts.tzinfo is dt.timezone.utc
    assert (docs[-2].ts, docs[-1].ts) == (None, 2**62)


def test_a_fused_hydrator_keeps_change_tracking() -> None:
    conversion = row_converter(TYPES)
    assert conversion is not None
    doc = Reading._hydrator(COLUMNS, conversion)(driver_rows(1)[0])
    assert doc._changed_columns() == ()
    doc.value = 9.0
    assert doc._changed_columns() == ("value",)
    assert Reading._hydrator(COLUMNS, conversion) is Reading._hydrator(COLUMNS, conversion)
    assert Reading._hydrator(COLUMNS, conversion) is not Reading._hydrator(COLUMNS)


def test_rows_another_reader_uses_are_converted_once() -> None:
    conversion = row_converter(TYPES)
    assert conversion is not None
    rows = ConvertedRows(driver_rows(2), conversion)
    assert len(rows) == 4 and rows.pending
    assert rows[0][1].tzinfo is dt.timezone.utc
    assert rows[0] is next(iter(rows)) and not rows.pending
    page = ResultPage(COLUMNS, rows)
    assert model_rows(Reading)(page) == [Reading._hydrator(COLUMNS)(r) for r in rows]


def test_a_polymorphic_read_picks_the_class_from_the_converted_row() -> None:
    conversion = row_converter([ct.UUIDType, ct.UTF8Type, ct.DateType, ct.Int32Type])
    assert conversion is not None
    columns = ("id", "kind", "born", "legs")
    pid = uuid4()
    raw = [(pid, "spider", dt.datetime(2020, 5, 6), 6), (uuid4(), "", None, None)]
    spider, animal = model_rows(Animal)(ResultPage(columns, ConvertedRows(raw, conversion)))
    assert type(spider) is Spider and (spider.id, spider.legs) == (pid, 6)
    assert spider.born == dt.datetime(2020, 5, 6, tzinfo=dt.timezone.utc)
    assert type(animal) is Animal and animal.born is None


# -- conversions found again for new classes of the same types ------------------------------


def _list_of_text() -> Any:
    """``list<text>`` as the driver reads it from each response's metadata: a new class."""
    return ct.ListType.apply_parameters([ct.UTF8Type])


def _counting_structure(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the conversions looked up by type structure (the slow way)."""
    calls: list[int] = []
    structural = scylla_values._by_structure

    def counted(classes: tuple[Any, ...]) -> Any:
        calls.append(1)
        return structural(classes)

    monkeypatch.setattr(scylla_values, "_by_structure", counted)
    return calls


def test_a_collection_read_again_finds_its_conversion_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = _list_of_text(), _list_of_text()
    assert first is not second  # what the driver does for every response
    calls = _counting_structure(monkeypatch)
    scylla_values._BY_NAMES.clear()
    one = row_converter([ct.UTF8Type, ct.DateType, first])
    two = row_converter([ct.UTF8Type, ct.DateType, second])
    assert one is two is not None and len(calls) == 1
    assert two.convert(("a", None, ["x"])) == ("a", None, ["x"])


def test_a_response_s_own_collection_classes_are_not_kept() -> None:
    """Every response brings new classes for ``list<text>``: remembering them would keep
    each response's classes alive until the cache is cleared."""
    scylla_values._BY_CLASSES.clear()
    for _ in range(3):
        row_converter([ct.UTF8Type, _list_of_text()])
    assert scylla_values._BY_CLASSES == {}


def test_a_row_of_native_types_is_found_by_its_classes() -> None:
    scylla_values._BY_CLASSES.clear()
    convert = row_converter([ct.UTF8Type, ct.DateType])
    assert {(ct.UTF8Type, ct.DateType): convert} == scylla_values._BY_CLASSES


def test_a_vector_read_again_reuses_its_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    name = (
        "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, 3)"
    )
    first, second = ct.lookup_casstype(name), ct.lookup_casstype(name)
    assert first is not second
    compiled: list[int] = []
    compile_row = scylla_values._compile_row
    monkeypatch.setattr(
        scylla_values, "_compile_row", lambda convs: compiled.append(1) or compile_row(convs)
    )
    scylla_values._ROW_CONVERTERS.clear()
    one = row_converter([ct.Int32Type, ct.DateType, first])
    assert row_converter([ct.Int32Type, ct.DateType, second]) is one
    assert len(compiled) == 1
    other = ct.lookup_casstype(name.replace("3)", "4)"))
    assert scylla_values._type_key(other) != scylla_values._type_key(first)


def test_udts_of_one_name_but_other_fields_keep_their_own_conversions() -> None:
    ours = ct.UserType.make_udt_class("ks1", "addr", ("street",), (ct.UTF8Type,))
    theirs = ct.UserType.make_udt_class("ks2", "addr", ("zip", "city"), (ct.Int32Type, ct.UTF8Type))
    mine, other = row_converter([ours]), row_converter([theirs])
    assert mine is not None and other is not None
    assert mine.convert((("Main",),)) == ({"street": "Main"},)
    assert other.convert(((75001, "Paris"),)) == ({"zip": 75001, "city": "Paris"},)
    nested = [ct.ListType.apply_parameters([u]) for u in (ours, theirs)]
    assert row_converter(nested[:1]).convert(([("Main",)],)) == ([{"street": "Main"}],)
    assert row_converter(nested[1:]).convert(([(1, "Lyon")],)) == ([{"zip": 1, "city": "Lyon"}],)
