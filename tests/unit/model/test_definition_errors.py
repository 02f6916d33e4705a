"""Every invalid model definition raises ModelDefinitionError naming model and field."""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import pytest

from coodie.exceptions import ModelDefinitionError
from coodie.fields import (
    ClusteringKey,
    Counter,
    Discriminator,
    Frozen,
    Indexed,
    PrimaryKey,
    Static,
    Vector,
)
from coodie.model.usertype import UserType

from .base import CounterDoc, Doc, View


def no_primary_key() -> None:
    class NoKey(Doc):
        name: str


def duplicate_partition_index() -> None:
    class TwoZero(Doc):
        a: Annotated[str, PrimaryKey()]
        b: Annotated[str, PrimaryKey()]


def duplicate_clustering_index() -> None:
    class TwoClust(Doc):
        a: Annotated[str, PrimaryKey()]
        b: Annotated[int, ClusteringKey(clustering_key_index=0)]
        c: Annotated[int, ClusteringKey(clustering_key_index=0)]


def two_key_markers() -> None:
    class Both(Doc):
        a: Annotated[str, PrimaryKey(), ClusteringKey()]


def counter_in_plain_table() -> None:
    class Hits(Doc):
        id: Annotated[str, PrimaryKey()]
        hits: Annotated[int, Counter()] = 0


def non_counter_in_counter_table() -> None:
    class Mixed(CounterDoc):
        id: Annotated[str, PrimaryKey()]
        hits: Annotated[int, Counter()] = 0
        label: str = ""


def counter_in_primary_key() -> None:
    class CountKey(CounterDoc):
        id: Annotated[int, PrimaryKey(), Counter()]


def collection_in_primary_key() -> None:
    class ListKey(Doc):
        tags: Annotated[list[str], PrimaryKey()]


def map_in_clustering_key() -> None:
    class MapKey(Doc):
        id: Annotated[str, PrimaryKey()]
        attrs: Annotated[dict[str, int], ClusteringKey()]


def duration_in_primary_key() -> None:
    class DurKey(Doc):
        id: Annotated[dt.timedelta, PrimaryKey()]


def static_without_clustering() -> None:
    class Flat(Doc):
        id: Annotated[str, PrimaryKey()]
        owner: Annotated[str, Static()] = ""


def static_in_primary_key() -> None:
    class StaticKey(Doc):
        id: Annotated[str, PrimaryKey()]
        c: Annotated[int, ClusteringKey(), Static()]


def unmapped_type() -> None:
    class Weird(Doc):
        id: Annotated[str, PrimaryKey()]
        blob: complex = 0j


def vector_without_dimensions() -> None:
    class Emb(Doc):
        id: Annotated[str, PrimaryKey()]
        embedding: Annotated[list[float], Vector()] = []


def two_discriminators() -> None:
    class TwoKinds(Doc):
        id: Annotated[str, PrimaryKey()]
        kind: Annotated[str, Discriminator()] = ""
        other: Annotated[str, Discriminator()] = ""


def discriminator_value_without_column() -> None:
    class NoColumn(Doc):
        id: Annotated[str, PrimaryKey()]

        class Settings:
            __discriminator_value__ = "x"


def unknown_settings_attribute() -> None:
    class Typo(Doc):
        id: Annotated[str, PrimaryKey()]

        class Settings:
            keyspce = "oops"


def bad_default_ttl() -> None:
    class BadTtl(Doc):
        id: Annotated[str, PrimaryKey()]

        class Settings:
            __default_ttl__ = -1


def default_ttl_on_counter_table() -> None:
    class TtlHits(CounterDoc):
        id: Annotated[str, PrimaryKey()]
        n: Annotated[int, Counter()] = 0

        class Settings:
            __default_ttl__ = 60


def keys_index_on_list() -> None:
    class KeysOnList(Doc):
        id: Annotated[str, PrimaryKey()]
        tags: Annotated[list[str], Indexed(kind="keys")] = []


def full_index_on_non_frozen() -> None:
    class FullOnSet(Doc):
        id: Annotated[str, PrimaryKey()]
        tags: Annotated[set[str], Indexed(kind="full")] = set()


def index_on_only_partition_key() -> None:
    class IndexedKey(Doc):
        id: Annotated[str, PrimaryKey(), Indexed()]


def index_in_counter_table() -> None:
    class CountIdx(CounterDoc):
        id: Annotated[str, PrimaryKey()]
        n: Annotated[int, Counter(), Indexed()] = 0


def user_type_with_key_marker() -> None:
    class KeyInUdt(UserType):
        a: Annotated[int, PrimaryKey()]


def empty_user_type() -> None:
    class Empty(UserType):
        pass


def view_without_base() -> None:
    class Orphan(View):
        id: Annotated[str, PrimaryKey()]


def view_with_unknown_column() -> None:
    class Base1(Doc):
        id: Annotated[UUID, PrimaryKey()]
        brand: str = ""

    class ByColor(View):
        color: Annotated[str, PrimaryKey()]
        id: Annotated[UUID, ClusteringKey()]

        class Settings:
            __base_table__ = Base1


def view_missing_base_key() -> None:
    class Base2(Doc):
        id: Annotated[UUID, PrimaryKey()]
        brand: str = ""

    class ByBrandOnly(View):
        brand: Annotated[str, PrimaryKey()]

        class Settings:
            __base_table__ = Base2


def view_two_extra_keys() -> None:
    class Base3(Doc):
        id: Annotated[UUID, PrimaryKey()]
        brand: str = ""
        color: str = ""

    class ByTwo(View):
        brand: Annotated[str, PrimaryKey()]
        color: Annotated[str, ClusteringKey()]
        id: Annotated[UUID, ClusteringKey()]

        class Settings:
            __base_table__ = Base3


def view_with_index() -> None:
    class IdxView(View):
        brand: Annotated[str, PrimaryKey()]
        id: Annotated[UUID, ClusteringKey(), Indexed()]

        class Settings:
            __base_table__ = "shop.product"


CASES: list[tuple[Callable[[], None], str, str | None, str]] = [
    (no_primary_key, "NoKey", None, "has no primary key"),
    (duplicate_partition_index, "TwoZero", "b", "partition_key_index 0 is used by a"),
    (duplicate_clustering_index, "TwoClust", "c", "clustering_key_index 0 is used by b"),
    (two_key_markers, "Both", "a", "more than one key marker"),
    (counter_in_plain_table, "Hits", "hits", "subclass CounterDocument"),
    (non_counter_in_counter_table, "Mixed", "label", "only have counter columns"),
    (counter_in_primary_key, "CountKey", "id", "counter cannot be part of the primary key"),
    (collection_in_primary_key, "ListKey", "tags", "non-frozen collection"),
    (map_in_clustering_key, "MapKey", "attrs", "non-frozen collection"),
    (duration_in_primary_key, "DurKey", "id", "duration cannot be part of the primary key"),
    (static_without_clustering, "Flat", "owner", "need a table with clustering columns"),
    (static_in_primary_key, "StaticKey", "c", "a static column cannot be part of the primary key"),
    (unmapped_type, "Weird", "blob", "no CQL type for the Python type complex"),
    (vector_without_dimensions, "Emb", "embedding", "positive number of dimensions"),
    (two_discriminators, "TwoKinds", "other", "one Discriminator"),
    (discriminator_value_without_column, "NoColumn", None, "needs a Discriminator() column"),
    (unknown_settings_attribute, "Typo", None, "unknown Settings attribute(s) ['keyspce']"),
    (bad_default_ttl, "BadTtl", None, "__default_ttl__ must be >= 0"),
    (default_ttl_on_counter_table, "TtlHits", None, "a counter table cannot have a default TTL"),
    (keys_index_on_list, "KeysOnList", "tags", "needs a non-frozen map column"),
    (full_index_on_non_frozen, "FullOnSet", "tags", "needs a frozen collection column"),
    (index_on_only_partition_key, "IndexedKey", "id", "only partition key column"),
    (index_in_counter_table, "CountIdx", "n", "do not support secondary indexes"),
    (user_type_with_key_marker, "KeyInUdt", "a", "PrimaryKey() has no meaning in a user type"),
    (empty_user_type, "Empty", None, "needs at least one field"),
    (view_without_base, "Orphan", None, "needs Settings.__base_table__"),
    (view_with_unknown_column, "ByColor", "color", "is not a column of base1"),
    (view_missing_base_key, "ByBrandOnly", "id", "must include base2's key column"),
    (view_two_extra_keys, "ByTwo", "color", "at most one non-key base column"),
    (view_with_index, "IdxView", "id", "cannot have indexes"),
]


@pytest.mark.parametrize(
    ("define", "model", "field", "problem"), CASES, ids=[c[0].__name__ for c in CASES]
)
def test_definition_error(
    define: Callable[[], None], model: str, field: str | None, problem: str
) -> None:
    with pytest.raises(ModelDefinitionError) as info:
        define()
    error = info.value
    assert (error.model, error.field) == (model, field)
    assert problem in error.problem
    where = f"{model}.{field}" if field else model
    assert str(error).startswith(f"{where}: ")


def _define_module(name: str, source: str, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType(name)
    monkeypatch.setitem(sys.modules, name, module)
    exec(source, module.__dict__)
    return module


UDT_HEADER = (
    "from __future__ import annotations\n"
    "from typing import Optional\n"
    "from coodie.model.usertype import UserType\n"
)


def test_circular_user_types_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        UDT_HEADER + "class Egg(UserType):\n    hen: Optional[Hen] = None\n"
        "class Hen(UserType):\n    egg: Optional[Egg] = None\n"
    )
    with pytest.raises(ModelDefinitionError) as info:
        _define_module("coodie_test_cycle", source, monkeypatch)
    assert info.value.model == "Hen"
    assert "circular user types: Hen -> Egg -> Hen" in str(info.value)


def test_forward_reference_to_later_user_type_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        UDT_HEADER + "class Nest(UserType):\n    bird: Optional[Bird] = None\n"
        "class Bird(UserType):\n    name: str = ''\n"
    )
    module = _define_module("coodie_test_forward", source, monkeypatch)
    assert module.Nest.__cql_type__().cql() == "frozen<nest>"
    assert module.Nest.__type_schema__.dependencies == ("bird",)


def test_frozen_collection_key_is_allowed() -> None:
    class FrozenKey(Doc):
        tags: Annotated[list[str], Frozen(), PrimaryKey()]

    assert FrozenKey.__schema__.columns["tags"].cql_type.cql() == "frozen<list<text>>"


def test_what_python_puts_in_a_settings_body_is_not_a_setting() -> None:
    """Annotations, and what Python 3.13 adds to every class body (emulated here so the
    test means the same on every version), are not unknown settings."""

    class Annotated_(Doc):
        id: Annotated[str, PrimaryKey()]

        class Settings:
            keyspace: str = "shop"
            __firstlineno__ = 1
            __static_attributes__ = ()

    settings = Annotated_.__settings__
    assert (settings.keyspace, settings.name) == ("shop", "annotated_")
