"""TableSchema built once per model class: keys, order, static, indexes, options, UDTs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional
from uuid import UUID

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.fields import (
    BigInt,
    ClusteringKey,
    Counter,
    Frozen,
    Indexed,
    PrimaryKey,
    Static,
)
from coodie.model.schema import ColumnKind
from coodie.model.settings import snake_case
from coodie.model.usertype import UserType

from .base import CounterDoc, Doc


class Geo(UserType):
    lat: float
    lon: float


class Address(UserType):
    street: str
    geo: Optional[Geo] = None  # noqa: UP045


class Contact(UserType):
    addresses: list[Address] = []
    main: Optional[Geo] = None  # noqa: UP045


class Reading(Doc):
    value: float = 0.0
    second: Annotated[int, ClusteringKey(order="DESC")] = 0
    sensor: Annotated[str, PrimaryKey(partition_key_index=1)]
    owner: Annotated[str, Static()] = ""
    day: Annotated[dt.date, PrimaryKey(partition_key_index=0)]
    first: Annotated[int, ClusteringKey()] = 0
    note: Optional[str] = None  # noqa: UP045

    class Settings:
        keyspace = "iot"
        __default_ttl__ = 3600
        __options__ = {"gc_grace_seconds": 10, "compaction": {"class": "LeveledCompactionStrategy"}}


def test_columns_are_ordered_keys_first_then_declaration_order() -> None:
    schema = Reading.__schema__
    assert list(schema.columns) == ["day", "sensor", "second", "first", "value", "owner", "note"]
    assert schema.partition_key == ("day", "sensor")
    assert schema.clustering_key == ("second", "first")
    assert schema.primary_key == ("day", "sensor", "second", "first")


def test_column_kinds_positions_and_clustering_order() -> None:
    cols = Reading.__schema__.columns
    assert (cols["day"].kind, cols["day"].position) == (ColumnKind.PARTITION_KEY, 0)
    assert (cols["sensor"].kind, cols["sensor"].position) == (ColumnKind.PARTITION_KEY, 1)
    assert (cols["second"].kind, cols["second"].position) == (ColumnKind.CLUSTERING, 0)
    assert cols["second"].order is ClusteringOrder.DESC
    assert cols["first"].order is ClusteringOrder.ASC
    assert cols["owner"].kind is ColumnKind.STATIC
    assert cols["note"].kind is ColumnKind.REGULAR
    assert cols["note"].cql_type.cql() == "text"
    assert Reading.__schema__.static_columns == ("owner",)


def test_settings_name_keyspace_ttl_options() -> None:
    schema = Reading.__schema__
    assert (schema.keyspace, schema.name, schema.model_name) == ("iot", "reading", "Reading")
    assert schema.default_ttl == 3600
    assert dict(schema.options) == {
        "gc_grace_seconds": 10,
        "compaction": {"class": "LeveledCompactionStrategy"},
    }
    assert Reading.table_name() == "reading"


def test_explicit_clustering_key_index_orders_clustering_columns() -> None:
    class Log(Doc):
        b: Annotated[int, ClusteringKey(clustering_key_index=1)]
        a: Annotated[int, ClusteringKey(clustering_key_index=0)]
        id: Annotated[str, PrimaryKey()]

    assert Log.__schema__.clustering_key == ("a", "b")


def test_indexes_default_names_kinds_and_sai() -> None:
    class Item(Doc):
        id: Annotated[UUID, PrimaryKey()]
        brand: Annotated[str, Indexed()] = ""
        tags: Annotated[dict[str, str], Indexed(kind="keys", index_name="item_tag_keys")] = {}
        vec: Annotated[str, Indexed(sai=True, options={"case_sensitive": "false"})] = ""
        frozen_list: Annotated[list[int], Frozen(), Indexed(kind="full")] = []

    indexes = {i.column: i for i in Item.__schema__.indexes}
    assert indexes["brand"].name == "item_brand_idx"
    assert indexes["brand"].kind is IndexKind.VALUES
    assert indexes["brand"].custom_class is None
    assert (indexes["tags"].name, indexes["tags"].kind) == ("item_tag_keys", IndexKind.KEYS)
    assert indexes["vec"].custom_class == "StorageAttachedIndex"
    assert indexes["vec"].options == (("case_sensitive", "false"),)
    assert indexes["frozen_list"].kind is IndexKind.FULL


def test_index_options_differ_between_otherwise_equal_markers() -> None:
    # typing.Annotated caches on its metadata's equality: markers that differ only
    # in options must not compare equal, or the second model gets the first's options.
    class A(Doc):
        id: Annotated[UUID, PrimaryKey()]
        s: Annotated[str, Indexed(sai=True, options={"case_sensitive": "false"})] = ""

    class B(Doc):
        id: Annotated[UUID, PrimaryKey()]
        s: Annotated[str, Indexed(sai=True, options={"case_sensitive": "true"})] = ""

    assert A.__schema__.indexes[0].options == (("case_sensitive", "false"),)
    assert B.__schema__.indexes[0].options == (("case_sensitive", "true"),)
    assert Indexed(options={"b": "2", "a": "1"}) == Indexed(options=[("a", "1"), ("b", "2")])
    assert Indexed(options={"a": "1"}) != Indexed(options={"a": "2"})


def test_user_types_are_listed_dependencies_first() -> None:
    class Person(Doc):
        id: Annotated[UUID, PrimaryKey()]
        contact: Optional[Contact] = None  # noqa: UP045
        home: Optional[Address] = None  # noqa: UP045

    names = [t.name for t in Person.__schema__.user_types]
    assert names == ["geo", "address", "contact"]
    assert Person.__schema__.columns["contact"].cql_type.cql() == "frozen<contact>"


def test_counter_model_schema() -> None:
    class PageViews(CounterDoc):
        page: Annotated[str, PrimaryKey()]
        views: Annotated[int, Counter()] = 0
        clicks: Annotated[int, Counter()] = 0

    schema = PageViews.__schema__
    assert schema.is_counter
    assert schema.columns["views"].is_counter
    assert schema.regular_columns == ("views", "clicks")


def test_settings_inheritance() -> None:
    class Base(Doc):
        class Settings:
            __abstract__ = True
            keyspace = "shared"
            __default_ttl__ = 5

    class Child(Base):
        id: Annotated[int, PrimaryKey()]

    class Renamed(Base):
        id: Annotated[int, PrimaryKey()]

        class Settings:
            name = "renamed_table"

    assert not hasattr(Base, "__schema__")
    assert (Child.__schema__.keyspace, Child.__schema__.name) == ("shared", "child")
    assert Child.__schema__.default_ttl == 5
    assert (Renamed.__schema__.keyspace, Renamed.__schema__.name) == ("shared", "renamed_table")


def test_concrete_subclass_of_concrete_model_gets_own_table() -> None:
    class Parent(Doc):
        id: Annotated[int, PrimaryKey()]
        size: Annotated[int, BigInt()] = 0

    class Kid(Parent):
        extra: str = ""

    assert Kid.__schema__.name == "kid"
    assert list(Kid.__schema__.columns) == ["id", "size", "extra"]
    assert Parent.__schema__.name == "parent"


def test_snake_case() -> None:
    assert snake_case("Product") == "product"
    assert snake_case("ShippingAddress") == "shipping_address"
    assert snake_case("HTTPLogEntry") == "http_log_entry"
    assert snake_case("Item2Go") == "item2_go"


def test_field_descriptors_on_class_values_on_instances() -> None:
    from coodie.query.expressions import Field

    field = Reading.value
    assert isinstance(field, Field)
    assert field.column is Reading.__schema__.columns["value"]
    assert field.model is Reading
    doc = Reading(sensor="s", day=dt.date(2020, 1, 1), value=2.5)
    assert doc.value == 2.5
    doc.value = 3.0
    assert doc.value == 3.0
    assert doc.model_dump()["value"] == 3.0
