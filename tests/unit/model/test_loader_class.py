"""Loaded instances are built as the model's loader class, then become the model's.

The loader class (``coodie.model.instances.loader_class``) has the model's layout and
plain attribute stores; none of it may show once an instance is returned.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest

from coodie.fields import ClusteringKey, PrimaryKey
from coodie.model.instances import loader_class
from coodie.sync import Document

UTC = dt.timezone.utc


class Reading(Document):
    sensor: Annotated[str, PrimaryKey()]
    ts: Annotated[dt.datetime, ClusteringKey()]
    value: float = 0.0
    note: str | None = None

    class Settings:
        keyspace = "loader"


ROW = ("s1", dt.datetime(2026, 1, 1, tzinfo=UTC), 2.5, None)
COLUMNS = ("sensor", "ts", "value", "note")


def test_a_loaded_instance_is_exactly_the_model_and_equals_a_validated_one() -> None:
    doc = Reading._hydrator(COLUMNS)(ROW)
    built = Reading(sensor="s1", ts=dt.datetime(2026, 1, 1, tzinfo=UTC), value=2.5)
    assert type(doc) is Reading
    assert doc == built
    assert doc.__dict__ == built.__dict__
    assert doc.model_dump() == built.model_dump()
    assert doc.__pydantic_extra__ is None and doc.__pydantic_private__ is None


def test_a_loaded_instance_assigns_through_the_model_and_tracks_the_change() -> None:
    doc = Reading._hydrator(COLUMNS)(ROW)
    doc.value = 7  # pydantic's __setattr__, then coodie's change tracking
    assert doc.value == 7
    assert doc._changed_columns() == ("value",)


def test_the_loader_class_is_no_subclass_of_the_model_nor_of_document() -> None:
    loader = loader_class(Reading)
    assert loader is loader_class(Reading)  # one per model
    assert loader not in Reading.__subclasses__()
    assert loader not in Document.__subclasses__()
    assert not issubclass(loader, Reading)
    assert loader.__setattr__ is object.__setattr__


class Cached(Document):
    """A base that adds a slot of its own: the loader reproduces it."""

    __slots__ = ("_cache",)

    class Settings:
        __abstract__ = True


class CachedReading(Cached):
    sensor: Annotated[str, PrimaryKey()]
    value: float

    class Settings:
        keyspace = "loader"


def test_a_base_with_slots_of_its_own_is_reproduced_by_a_sibling() -> None:
    loader = loader_class(CachedReading)
    assert loader.__base__ is Document
    assert loader not in Cached.__subclasses__()
    doc = CachedReading._hydrator(("sensor", "value"))(("s", 1.0))
    assert type(doc) is CachedReading
    object.__setattr__(doc, "_cache", "kept")
    assert doc._cache == "kept"
    assert doc == CachedReading(sensor="s", value=1.0)


class Unreadable(Document):
    """Slots declared by an iterator: spent once the class is made, so a sibling cannot
    know them; the loader then derives from the model itself."""

    __slots__ = iter(("_cache",))

    class Settings:
        __abstract__ = True


class UnreadableReading(Unreadable):
    sensor: Annotated[str, PrimaryKey()]
    value: float

    class Settings:
        keyspace = "loader"


def test_a_layout_no_sibling_reproduces_makes_a_loader_deriving_from_the_model() -> None:
    assert loader_class(UnreadableReading).__base__ is UnreadableReading
    doc = UnreadableReading._hydrator(("sensor", "value"))(("s", 1.0))
    assert type(doc) is UnreadableReading
    assert doc == UnreadableReading(sensor="s", value=1.0)


class Shadowing:
    """A mixin whose data descriptor has a field's name."""

    @property
    def label(self) -> Any:
        return self.__dict__["label"]


with pytest.warns(UserWarning, match="shadows an attribute"):

    class Labelled(Unreadable, Shadowing):  # its loader derives from it: the property shows
        id: Annotated[int, PrimaryKey()]
        label: str  # type: ignore[assignment]

        class Settings:
            keyspace = "loader"


def test_a_field_named_like_a_data_descriptor_goes_into_the_instance_dict() -> None:
    assert issubclass(loader_class(Labelled), Shadowing)
    doc = Labelled._hydrator(("id", "label"))((1, "x"))
    assert type(doc) is Labelled
    assert doc.__dict__ == {"id": 1, "label": "x"}
    assert doc.label == "x"


made_by_new: list[type] = []


class Counting(Unreadable):
    """A base with its own ``__new__`` (a loader deriving from its model inherits it)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        made_by_new.append(cls)
        return super().__new__(cls)

    class Settings:
        __abstract__ = True


class CountedReading(Counting):
    sensor: Annotated[str, PrimaryKey()]

    class Settings:
        keyspace = "loader"


def test_a_model_s_own___new___is_not_called_to_load_a_row() -> None:
    made_by_new.clear()
    doc = CountedReading._hydrator(("sensor",))(("s",))
    assert type(doc) is CountedReading and made_by_new == []
    CountedReading(sensor="s")
    assert made_by_new == [CountedReading]
