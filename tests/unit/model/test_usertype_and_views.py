"""UserType core (names, settings, schema, loading) and materialized view models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional
from uuid import UUID

import pytest

from coodie.cql.types import NATIVE, ListType, UserDefinedType
from coodie.exceptions import ModelDefinitionError
from coodie.fields import BigInt, ClusteringKey, Indexed, PrimaryKey
from coodie.model.schema import ColumnKind
from coodie.model.usertype import UserType, user_types_in_order

from .base import Doc, View


class ShippingAddress(UserType):
    street: str
    zipcode: Annotated[int, BigInt()] = 0
    lines: list[str] = []


class Warehouse(UserType):
    address: ShippingAddress
    backup: Optional[ShippingAddress] = None  # noqa: UP045

    class Settings:
        __type_name__ = "depot"
        keyspace = "logistics"


def test_type_name_defaults_to_snake_case_and_can_be_overridden() -> None:
    assert ShippingAddress.type_name() == "shipping_address"
    assert Warehouse.type_name() == "depot"


def test_type_schema_fields_keyspace_and_dependencies() -> None:
    schema = ShippingAddress.__type_schema__
    assert schema.name == "shipping_address"
    assert schema.keyspace is None
    assert schema.fields == (
        ("street", NATIVE["text"]),
        ("zipcode", NATIVE["bigint"]),
        ("lines", ListType(NATIVE["text"])),
    )
    depot = Warehouse.__type_schema__
    assert (depot.keyspace, depot.dependencies, depot.model_name) == (
        "logistics",
        ("shipping_address",),
        "Warehouse",
    )
    assert depot.fields[0][1].cql() == "frozen<shipping_address>"


def test_cql_type_of_a_user_type_column() -> None:
    t = Warehouse.__cql_type__()
    assert isinstance(t, UserDefinedType)
    assert (t.name, t.keyspace, t.frozen) == ("depot", "logistics", True)
    assert t.cql() == "frozen<depot>"


def test_settings_inheritance_for_user_types() -> None:
    class Based(UserType):
        class Settings:
            __abstract__ = True
            keyspace = "geo"

    class Spot(Based):
        x: int

    assert (Spot.type_name(), Spot.__type_schema__.keyspace) == ("spot", "geo")


def test_user_types_in_order_lists_dependencies_first() -> None:
    names = [s.name for s in user_types_in_order([Warehouse, ShippingAddress])]
    assert names == ["shipping_address", "depot"]


def test_from_driver_builds_nested_instances_without_validation() -> None:
    value = {
        "address": {"street": "Main", "zipcode": 1, "lines": None},
        "backup": None,
    }
    built = Warehouse.__from_driver__(value)
    assert built == Warehouse(address=ShippingAddress(street="Main", zipcode=1))
    assert built.address.lines == []
    assert Warehouse.__from_driver__(None) is None
    assert Warehouse.__from_driver__(built) is built


def test_user_types_validate_like_pydantic_models() -> None:
    with pytest.raises(ValueError, match="street"):
        ShippingAddress.model_validate({"zipcode": 1})


# --- materialized views -------------------------------------------------------


class Product(Doc):
    id: Annotated[UUID, PrimaryKey()]
    brand: Annotated[str, Indexed()] = ""
    name: str = ""
    added: Optional[dt.datetime] = None  # noqa: UP045

    class Settings:
        keyspace = "shop"


class ProductByBrand(View):
    brand: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey(order="DESC")]
    name: str = ""

    class Settings:
        __base_table__ = Product


def test_a_set_of_an_unhashable_user_type_fails_at_class_definition() -> None:
    with pytest.raises(ModelDefinitionError, match=r"Parcel\.stops: .*ShippingAddress.*frozen"):

        class Parcel(Doc):
            stops: set[ShippingAddress] = set()

    with pytest.raises(ModelDefinitionError, match=r"Parcel\.codes: .*list\[int\].*hashable"):

        class Parcel(Doc):  # type: ignore[no-redef]
            codes: set[list[int]] = set()


def test_view_schema_from_a_base_model() -> None:
    view = ProductByBrand.__view_schema__
    assert (view.base_keyspace, view.base_table) == ("shop", "product")
    assert view.where_not_null == ("brand", "id")
    table = view.table
    assert ProductByBrand.__schema__ is table
    assert (table.keyspace, table.name) == ("shop", "product_by_brand")
    assert table.partition_key == ("brand",)
    assert table.clustering_key == ("id",)
    assert table.columns["name"].kind is ColumnKind.REGULAR
    assert table.indexes == ()


def test_view_by_table_name_and_hydration() -> None:
    class Recent(View):
        day: Annotated[dt.date, PrimaryKey()]
        id: Annotated[UUID, ClusteringKey()]

        class Settings:
            __base_table__ = "archive.items"
            name = "recent_items"

    view = Recent.__view_schema__
    assert (view.base_keyspace, view.base_table, view.table.keyspace) == (
        "archive",
        "items",
        "archive",
    )
    row = Recent._hydrator(("day", "id"))((dt.date(2020, 1, 1), UUID(int=1)))
    assert (row.day, row.id) == (dt.date(2020, 1, 1), UUID(int=1))
    assert issubclass(Recent.DoesNotExist, View.DoesNotExist)


def test_view_column_type_must_match_the_base() -> None:
    with pytest.raises(ModelDefinitionError, match=r"is bigint but product\.name is text"):

        class Wrong(View):
            brand: Annotated[str, PrimaryKey()]
            id: Annotated[UUID, ClusteringKey()]
            name: Annotated[int, BigInt()] = 0

            class Settings:
                __base_table__ = Product


def test_abstract_base_model_cannot_be_a_view_base() -> None:
    with pytest.raises(ModelDefinitionError, match="must be a concrete Document class"):

        class OnAbstract(View):
            id: Annotated[UUID, PrimaryKey()]

            class Settings:
                __base_table__ = Doc
