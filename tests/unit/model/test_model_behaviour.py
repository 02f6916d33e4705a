"""Per-model exceptions, polymorphic loading, hydration and change tracking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Optional
from uuid import UUID, uuid4

import pytest
from pydantic import ConfigDict

from coodie import exceptions
from coodie.exceptions import InvalidValueError, ModelDefinitionError
from coodie.fields import ClusteringKey, Counter, Discriminator, PrimaryKey
from coodie.model.document import is_new_and_unrouted
from coodie.model.polymorphism import discriminator_filter, polymorphic_values, shared_table_schema
from coodie.model.usertype import UserType

from .base import CounterDoc, Doc

UTC = dt.timezone.utc


class Tag(UserType):
    """Frozen so instances are hashable and can live in a set."""

    model_config = ConfigDict(frozen=True)

    label: str
    weight: int = 1


class Product(Doc):
    id: Annotated[UUID, PrimaryKey()]
    name: str
    price: float = 0.0
    tags: list[str] = []
    labels: set[Tag] = set()
    opens: Optional[dt.time] = None  # noqa: UP045
    cost: Optional[Decimal] = None  # noqa: UP045


class Other(Doc):
    id: Annotated[UUID, PrimaryKey()]


COLUMNS = ("id", "name", "price", "tags", "labels", "opens", "cost")


def row(**values: object) -> tuple[object, ...]:
    base: dict[str, object] = {
        "id": UUID(int=1),
        "name": "lamp",
        "price": 9.5,
        "tags": ["a"],
        "labels": None,
        "opens": 3_600_000_000_000,
        "cost": None,
    }
    base.update(values)
    return tuple(base[c] for c in COLUMNS)


# --- exceptions ---------------------------------------------------------------


def test_each_model_has_its_own_exceptions() -> None:
    assert Product.DoesNotExist is not Other.DoesNotExist
    assert issubclass(Product.DoesNotExist, exceptions.DoesNotExist)
    assert issubclass(Product.MultipleObjectsReturned, exceptions.MultipleObjectsReturned)
    assert issubclass(Product.DoesNotExist, Doc.DoesNotExist)
    assert not issubclass(Product.DoesNotExist, Other.DoesNotExist)
    assert Product.DoesNotExist.__qualname__ == "Product.DoesNotExist"


def test_parent_model_exception_catches_child_but_not_unrelated() -> None:
    class Child(Product):
        extra: str = ""

    with pytest.raises(Product.DoesNotExist):
        raise Child.DoesNotExist("none")
    with pytest.raises(Other.DoesNotExist):
        try:
            raise Other.DoesNotExist("none")
        except Product.DoesNotExist:  # must not catch it
            pytest.fail("an unrelated model's exception was caught")


# --- hydration ----------------------------------------------------------------


def test_hydrate_converts_only_where_needed() -> None:
    doc = Product._hydrator(COLUMNS)(row(labels={Tag(label="x")}))
    assert isinstance(doc, Product)
    assert doc.id == UUID(int=1)
    assert doc.opens == dt.time(1)
    assert doc.labels == {Tag(label="x")}
    assert doc.cost is None
    assert doc.model_fields_set == set(COLUMNS)
    assert doc == Product(
        id=UUID(int=1), name="lamp", price=9.5, tags=["a"], labels={Tag(label="x")},
        opens=dt.time(1),
    )  # fmt: skip


def test_hydrate_builds_user_types_from_dicts_and_empties_null_collections() -> None:
    doc = Product._hydrator(COLUMNS)(row(labels=None, tags=None))
    assert doc.tags == []
    assert doc.labels == set()
    driver_set = [{"label": "x", "weight": 2}]  # a set of dicts cannot exist; any iterable works
    doc2 = Product._hydrator(("id", "name", "labels"))((UUID(int=2), "n", driver_set))
    assert doc2.labels == {Tag(label="x", weight=2)}


def test_hydrate_absent_columns_get_defaults_and_unknown_are_ignored() -> None:
    doc = Product._hydrator(("name", "id", "ghost"))(("n", UUID(int=3), "boo"))
    assert (doc.name, doc.price, doc.tags, doc.opens) == ("n", 0.0, [], None)
    assert doc.model_fields_set == {"id", "name"}
    assert not hasattr(doc, "ghost")
    other = Product._hydrator(("name", "id", "ghost"))(("m", UUID(int=4), None))
    other.tags.append("x")
    assert doc.tags == []  # defaults are not shared


def test_hydrator_is_cached_per_column_tuple() -> None:
    assert Product._hydrator(COLUMNS) is Product._hydrator(COLUMNS)
    assert Product._hydrator(COLUMNS) is not Product._hydrator(COLUMNS[:3])


def test_fully_loaded_documents_share_a_fields_set_that_behaves_like_their_own() -> None:
    import copy
    import pickle

    load = Product._hydrator(COLUMNS)
    a, b = load(row()), load(row(id=UUID(int=2)))
    assert a.model_fields_set == set(Product.model_fields) == b.model_fields_set
    a.name = "renamed"  # pydantic records the assignment in the fields set
    assert a.name == "renamed" and a.model_fields_set == set(Product.model_fields)
    assert a._changed_columns() == ("name",) and b._changed_columns() == ()
    with pytest.raises(TypeError, match="shared"):
        a.model_fields_set.discard("name")
    copied = a.model_copy(update={"price": 1.0})
    assert copied.price == 1.0 and type(copied.model_fields_set) is set
    for clone in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert clone == a
        clone.model_fields_set.discard("cost")  # each copy owns a plain set
    partial = Product._hydrator(("id", "name"))((UUID(int=3), "n"))
    assert partial.model_fields_set == {"id", "name"}
    partial.price = 2.0
    assert partial.model_fields_set == {"id", "name", "price"}


def test_loaded_state_names_the_columns_in_the_order_they_were_read() -> None:
    full = row()
    assert Product._hydrator(COLUMNS)(full)._loaded() == (COLUMNS, full)
    reordered = ("name", *COLUMNS[:1], *COLUMNS[2:])
    loaded = Product._hydrator(reordered)(("lamp", *full[:1], *full[2:]))._loaded()
    assert loaded == (reordered, ("lamp", *full[:1], *full[2:]))
    partial = Product._hydrator(("id", "name"))((UUID(int=3), "n"))
    assert partial._loaded() == (("id", "name"), (UUID(int=3), "n"))
    doc = Product._hydrator(COLUMNS)(full)
    doc.name = "renamed"
    assert doc._changed_columns() == ("name",)
    doc._mark_persisted()
    assert doc._changed_columns() == ()


def test_hydrated_document_does_not_share_row_containers() -> None:
    tags = ["a"]
    doc = Product._hydrator(COLUMNS)(row(tags=tags))
    doc.tags.append("b")
    assert tags == ["a"]


# --- change tracking ----------------------------------------------------------


def test_new_document_write_values_skip_nulls() -> None:
    pid = uuid4()
    doc = Product(id=pid, name="x", opens=dt.time(0, 0, 1))
    assert not doc._is_persisted()
    assert doc._write_values() == {
        "id": pid,
        "name": "x",
        "price": 0.0,
        "tags": [],
        "labels": [],  # a set of UDTs crosses the driver boundary as a list
        "opens": 10**9,
    }
    assert doc._primary_key_values() == {"id": pid}
    assert set(doc._changed_columns()) == {"id", "name", "price", "tags", "labels", "opens"}


def test_loaded_document_tracks_changes() -> None:
    doc = Product._hydrator(COLUMNS)(row())
    assert doc._is_persisted()
    assert doc._changed_columns() == ()
    doc.price = 10.0
    doc.tags.append("b")
    doc.opens = None
    assert doc._changed_columns() == ("price", "tags", "opens")
    assert doc._write_values(only_changed=True) == {
        "id": UUID(int=1),
        "price": 10.0,
        "tags": ["a", "b"],
        "opens": None,
    }
    full = doc._write_values()
    assert full["opens"] is None  # was set, now cleared: written as null
    assert "cost" not in full  # null before and after: no tombstone
    doc._mark_persisted()
    assert doc._changed_columns() == ()


def test_null_and_empty_collections_are_the_same_for_tracking() -> None:
    doc = Product._hydrator(COLUMNS)(row(tags=None))
    assert doc.tags == []
    assert doc._changed_columns() == ()


def test_set_of_user_types_compares_without_order() -> None:
    stored = [{"label": "a", "weight": 1}, {"label": "b", "weight": 1}]
    doc = Product._hydrator(("id", "name", "labels"))((UUID(int=6), "n", stored))
    assert doc._changed_columns() == ()
    doc.labels = {Tag(label="b"), Tag(label="c")}
    assert doc._changed_columns() == ("labels",)


def test_partially_loaded_document_tracks_assigned_fields() -> None:
    doc = Product._hydrator(("id", "name"))((UUID(int=5), "n"))
    assert doc._changed_columns() == ()
    doc.price = 3.0
    assert doc._changed_columns() == ("price",)


def test_mark_persisted_on_new_document() -> None:
    doc = Product(id=uuid4(), name="x")
    doc._mark_persisted()
    assert doc._is_persisted()
    assert doc._changed_columns() == ()
    doc.name = "y"
    assert doc._changed_columns() == ("name",)


def test_invalid_values_name_model_and_field() -> None:
    doc = Product.model_construct(id=uuid4(), name=5)
    with pytest.raises(InvalidValueError) as info:
        doc._write_values()
    assert (info.value.model, info.value.field) == ("Product", "name")
    assert "CQL type text" in str(info.value)
    missing_key = Product.model_construct(id=None, name="x")
    with pytest.raises(InvalidValueError, match=r"Product\.id: a primary key column cannot"):
        missing_key._primary_key_values()


def test_counter_deltas() -> None:
    class Views(CounterDoc):
        page: Annotated[str, PrimaryKey()]
        hits: Annotated[int, Counter()] = 0
        likes: Annotated[int, Counter()] = 0

    new = Views(page="p", hits=2)
    assert new._counter_deltas() == {"hits": 2}
    loaded = Views._hydrator(("page", "hits", "likes"))(("p", 10, None))
    loaded.hits += 5
    loaded.likes -= 1
    assert loaded._counter_deltas() == {"hits": 5, "likes": -1}


# --- polymorphism -------------------------------------------------------------


class Pet(Doc):
    owner: Annotated[str, PrimaryKey()]
    id: Annotated[int, ClusteringKey()]
    kind: Annotated[str, Discriminator()] = ""
    name: str = ""


class Cat(Pet):
    lives: int = 9

    class Settings:
        __discriminator_value__ = "cat"


class Dog(Pet):
    good: bool = True

    class Settings:
        __discriminator_value__ = "dog"


class Puppy(Dog):
    age: int = 0

    class Settings:
        __discriminator_value__ = "puppy"


def test_subclasses_share_the_base_table() -> None:
    assert Cat.__schema__.name == Dog.__schema__.name == Pet.__schema__.name == "pet"
    assert list(Cat.__schema__.columns) == ["owner", "id", "kind", "name", "lives"]
    union = shared_table_schema(Pet)
    assert list(union.columns) == ["owner", "id", "kind", "name", "lives", "good", "age"]
    assert Pet.__schema__.columns["kind"].is_discriminator


def test_discriminator_value_is_set_automatically() -> None:
    assert Cat(owner="o", id=1).kind == "cat"
    dog = Dog(owner="o", id=2)
    assert dog._write_values()["kind"] == "dog"
    dog.kind = "tampered"
    assert dog._write_values()["kind"] == "dog"


def test_polymorphic_loading_picks_the_subclass() -> None:
    columns = ("owner", "id", "kind", "name", "lives", "good", "age")
    to_pet = Pet._hydrator(columns)
    cat = to_pet(("o", 1, "cat", "tom", 7, None, None))
    puppy = to_pet(("o", 2, "puppy", "rex", None, True, 1))
    unknown = to_pet(("o", 3, "fish", "nemo", None, None, None))
    assert type(cat) is Cat and cat.lives == 7
    assert type(puppy) is Puppy and puppy.age == 1 and puppy.good
    assert type(unknown) is Pet and unknown.kind == "fish"
    assert type(Dog._hydrator(columns)(("o", 1, "cat", "tom", 7, None, None))) is Dog
    assert type(Dog._hydrator(columns)(("o", 2, "puppy", "r", None, True, 1))) is Puppy


def test_a_page_is_hydrated_as_its_rows_are_one_by_one() -> None:
    rows = [row(), row(id=UUID(int=2), tags=None, opens=None)]
    page = Product._rows_hydrator(COLUMNS)(rows)
    assert page == [Product._hydrator(COLUMNS)(r) for r in rows]
    assert [type(d) for d in page] == [Product, Product]
    assert [d._loaded() for d in page] == [Product._hydrator(COLUMNS)(r)._loaded() for r in rows]
    assert Product._rows_hydrator(COLUMNS) is Product._rows_hydrator(COLUMNS)


def test_a_polymorphic_page_picks_each_row_s_class() -> None:
    columns = ("owner", "id", "kind", "name", "lives", "good", "age")
    pets = Pet._rows_hydrator(columns)(
        [("o", 1, "cat", "tom", 7, None, None), ("o", 2, "puppy", "rex", None, True, 1)]
    )
    assert [type(p) for p in pets] == [Cat, Puppy]


def test_polymorphic_values_for_query_filters() -> None:
    assert polymorphic_values(Pet) == ("cat", "dog", "puppy")
    assert polymorphic_values(Dog) == ("dog", "puppy")
    assert polymorphic_values(Product) == ()
    assert discriminator_filter(Dog) == ("kind", ("dog", "puppy"))
    assert discriminator_filter(Pet) is None
    assert discriminator_filter(Product) is None


def test_polymorphic_subclass_errors() -> None:
    with pytest.raises(ModelDefinitionError, match=r"needs Settings\.__discriminator_value__"):

        class Bird(Pet):
            wings: int = 2

    with pytest.raises(ModelDefinitionError, match="already used by Cat"):

        class Lion(Pet):
            class Settings:
                __discriminator_value__ = "cat"

    with pytest.raises(ModelDefinitionError, match=r"Horse\.lives: is text but Cat\.lives"):

        class Horse(Pet):
            lives: str = ""

            class Settings:
                __discriminator_value__ = "horse"

    with pytest.raises(ModelDefinitionError, match="must keep the primary key of Pet"):

        class Snake(Pet):
            length: Annotated[int, ClusteringKey()] = 0

            class Settings:
                __discriminator_value__ = "snake"


def test_hydrating_a_model_that_allows_extra_fields() -> None:
    from pydantic import ConfigDict

    class Loose(Doc):
        model_config = ConfigDict(extra="allow")

        id: Annotated[int, PrimaryKey()]

    doc = Loose._hydrator(("id",))((1,))
    assert doc.model_dump() == {"id": 1}
    assert doc.model_extra == {}


class Reading(Doc):
    value: float
    sensor: Annotated[str, PrimaryKey()]
    at: Annotated[dt.datetime, ClusteringKey()]


def test_new_document_write_values_put_key_columns_first() -> None:
    at = dt.datetime(2024, 1, 1, tzinfo=UTC)
    values, row = Reading(value=1, sensor="s", at=at)._write_row()
    assert list(values) == ["sensor", "at", "value"]  # key order, then declared order
    assert row == (1.0, "s", at)  # the whole row in declared (column) order


def test_new_document_null_key_is_refused_before_other_values_convert() -> None:
    doc = Reading.model_construct(value="not a number", sensor=None, at=None)
    with pytest.raises(InvalidValueError, match=r"Reading\.sensor: a primary key column cannot"):
        doc._write_values()


def test_constructed_without_init_documents_write_like_built_ones() -> None:
    at = dt.datetime(2024, 1, 1, tzinfo=UTC)
    built, bare = (
        Reading(value=2, sensor="s", at=at),
        Reading.model_construct(value=2.0, sensor="s", at=at),
    )
    assert not bare._is_persisted() and bare._loaded() is None
    assert bare._write_row() == built._write_row()
    bare._mark_persisted()
    assert bare._is_persisted() and bare._changed_columns() == ()


def test_is_new_and_unrouted_agrees_with_is_persisted_and_route_of() -> None:
    at = dt.datetime(2024, 1, 1, tzinfo=UTC)
    built = Reading(value=2, sensor="s", at=at)
    bare = Reading.model_construct(value=2.0, sensor="s", at=at)  # slots never set
    routed = Reading(value=2, sensor="s", at=at).using(keyspace="k2")
    assert is_new_and_unrouted(built) and is_new_and_unrouted(bare)
    assert not is_new_and_unrouted(routed)
    for doc in (built, bare):
        doc._mark_persisted()
        assert not is_new_and_unrouted(doc)
