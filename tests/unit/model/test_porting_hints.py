"""cqlengine habits fail loudly, naming the coodie spelling (no I/O)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

import pytest
from pydantic import ConfigDict, ValidationError, model_validator

from coodie.exceptions import CqlengineNameError, ModelDefinitionError, UnknownColumnError
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.model.usertype import UserType
from coodie.query.expressions import Field

from .base import Doc


class Product(Doc):
    id: Annotated[UUID, PrimaryKey()]
    name: str = ""


class Lenient(Doc):
    model_config = ConfigDict(extra="ignore")
    id: Annotated[UUID, PrimaryKey()]


class Point(UserType):
    x: int = 0


def test_unknown_field_in_constructor_is_a_typed_error() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.nmae: unknown field") as info:
        Product(id=uuid4(), nmae="x")  # type: ignore[call-arg]
    assert (info.value.model, info.value.field) == ("Product", "nmae")
    with pytest.raises(UnknownColumnError, match=r"Point\.y: unknown field"):
        Point(y=1)  # type: ignore[call-arg]


def test_an_unknown_field_is_named_even_beside_an_invalid_value() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.nmae: unknown field"):
        Product(id="not a uuid", nmae="x")  # type: ignore[call-arg, arg-type]
    with pytest.raises(ValidationError, match="id"):  # no unknown field: pydantic's own error
        Product(id="not a uuid")  # type: ignore[arg-type]
    with pytest.raises(UnknownColumnError, match=r"Point\.y: unknown field"):
        Point(x="nan?", y=1)  # type: ignore[call-arg, arg-type]


def test_a_validator_returning_another_instance_warns_as_pydantic_does() -> None:
    class Swapped(Doc):
        id: Annotated[UUID, PrimaryKey()]

        @model_validator(mode="wrap")
        @classmethod
        def swap(cls, data: Any, handler: Any) -> Any:
            handler(data)
            return cls.model_construct(id=uuid4())

    with pytest.warns(UserWarning, match="other than `self`"):
        Swapped(id=uuid4())


def test_extra_ignore_opts_out() -> None:
    doc = Lenient(id=uuid4(), colour="red")  # type: ignore[call-arg]
    assert "colour" not in doc.model_dump()


def test_unknown_class_attribute_is_the_lookup_error() -> None:
    with pytest.raises(UnknownColumnError, match=r"Product\.colour: no such column") as info:
        _ = Product.colour == 1  # type: ignore[attr-defined]
    assert info.value.field == "colour"
    assert not hasattr(Product, "colour")  # still an AttributeError for hasattr


@pytest.mark.parametrize(
    ("name", "equivalent"),
    [
        ("objects", "Product.find()"),
        ("filter", "Product.find(...)"),
        ("all", "Product.find().all()"),
        ("column_family_name", "Product.table_name()"),
    ],
)
def test_cqlengine_class_names_name_the_equivalent(name: str, equivalent: str) -> None:
    with pytest.raises(CqlengineNameError, match="cqlengine") as info:
        getattr(Product, name)
    assert equivalent in str(info.value)


def test_cqlengine_instance_methods_name_the_equivalent() -> None:
    doc = Product(id=uuid4())
    with pytest.raises(CqlengineNameError, match=r"save\(ttl=\.\.\.\)"):
        doc.ttl(60)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        doc.nothing_like_it  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize(
    ("attribute", "value", "equivalent"),
    [
        ("__table_name__", "products", "Settings: name"),
        ("__keyspace__", "shop", "Settings: keyspace"),
        ("__connection__", "other", "Settings: connection"),
        ("__options__", {"comment": "x"}, "Settings: __options__"),
        ("__default_ttl__", 60, "Settings: __default_ttl__"),
        ("__discriminator_value__", "cat", "Settings: __discriminator_value__"),
    ],
)
def test_cqlengine_class_attributes_fail_at_definition(
    attribute: str, value: Any, equivalent: str
) -> None:
    namespace = {"__annotations__": {"id": Annotated[UUID, PrimaryKey()]}, attribute: value}
    with pytest.raises(ModelDefinitionError, match=equivalent) as info:
        type("Old", (Doc,), namespace)
    assert attribute in str(info.value)


def test_type_name_on_a_user_type_class_points_to_settings() -> None:
    with pytest.raises(ModelDefinitionError, match="Settings: __type_name__"):
        type("Addr", (UserType,), {"__annotations__": {"s": str}, "__type_name__": "addr"})


@pytest.mark.parametrize("name", ["LWTException", "CQLEngineException", "ValidationError"])
def test_cqlengine_exception_names_fail_on_import_with_the_equivalent(name: str) -> None:
    with pytest.raises(ImportError, match="cqlengine's; in coodie use"):
        exec(f"from coodie.exceptions import {name}", {})


class Line(Doc):
    order: Annotated[int, PrimaryKey()]
    sku: Annotated[str, ClusteringKey()]
    items: list[str] = []  # a field named like the mapping method wins
    where: Point | None = None


def test_pk_keys_values_items_and_changed_columns() -> None:
    pid = uuid4()
    assert Product(id=pid, name="pen").pk == pid
    line = Line(order=1, sku="a", items=["x"], where=Point(x=3))
    assert line.pk == (1, "a")
    assert line.items == ["x"] and isinstance(Line.items, Field)
    assert dict(Product(id=pid, name="pen").items()) == {"id": pid, "name": "pen"}
    assert list(Product(id=pid).keys()) == ["id", "name"]
    assert list(Product(id=pid, name="n").values()) == [pid, "n"]
    assert line.where is not None and dict(line.where.items()) == {"x": 3}
    doc = Product(id=pid, name="pen")
    assert doc.get_changed_columns() == ["id", "name"]
    doc._mark_persisted()
    assert doc.get_changed_columns() == []
    doc.name = "ink"
    assert doc.get_changed_columns() == ["name"]
