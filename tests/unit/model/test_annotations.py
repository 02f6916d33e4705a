"""Python annotation (+ markers) → CQL type, for every CQL type."""

from __future__ import annotations

import datetime as dt
import ipaddress
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional
from uuid import UUID

import pytest
from pydantic import ConfigDict

from coodie.cql.values import CqlDuration
from coodie.exceptions import ModelDefinitionError
from coodie.fields import (
    Ascii,
    BigInt,
    Counter,
    Double,
    Duration,
    Frozen,
    SmallInt,
    Time,
    TimeUUID,
    TinyInt,
    VarInt,
    Vector,
)
from coodie.model.annotations import cql_type_for, strip_annotation
from coodie.model.usertype import UserType


class Point(UserType):
    model_config = ConfigDict(frozen=True)  # hashable: it can be a set element
    x: float
    y: float


@pytest.mark.parametrize(
    ("annotation", "cql"),
    [
        (str, "text"),
        (Annotated[str, Ascii()], "ascii"),
        (int, "int"),
        (Annotated[int, BigInt()], "bigint"),
        (Annotated[int, SmallInt()], "smallint"),
        (Annotated[int, TinyInt()], "tinyint"),
        (Annotated[int, VarInt()], "varint"),
        (Annotated[int, Counter()], "counter"),
        (float, "float"),
        (Annotated[float, Double()], "double"),
        (Decimal, "decimal"),
        (bool, "boolean"),
        (UUID, "uuid"),
        (Annotated[UUID, TimeUUID()], "timeuuid"),
        (dt.datetime, "timestamp"),
        (dt.date, "date"),
        (dt.time, "time"),
        (Annotated[dt.time, Time()], "time"),
        (dt.timedelta, "duration"),
        (CqlDuration, "duration"),
        (Annotated[CqlDuration, Duration()], "duration"),
        (bytes, "blob"),
        (ipaddress.IPv4Address, "inet"),
        (ipaddress.IPv6Address, "inet"),
        (ipaddress.IPv4Address | ipaddress.IPv6Address, "inet"),
        (Optional[ipaddress.IPv4Address | ipaddress.IPv6Address], "inet"),  # noqa: UP045
        (Literal["a", "b"], "text"),
        (list[int], "list<int>"),
        (set[str], "set<text>"),
        (frozenset[str], "set<text>"),
        (dict[str, float], "map<text, float>"),
        (tuple[int, str], "tuple<int, text>"),
        (Annotated[list[float], Vector(3)], "vector<float, 3>"),
        (Point, "frozen<point>"),
    ],
)
def test_scalar_and_collection_mapping(annotation: Any, cql: str) -> None:
    assert cql_type_for(annotation).cql() == cql


@pytest.mark.parametrize(
    ("annotation", "cql"),
    [
        (list[list[int]], "list<frozen<list<int>>>"),
        (set[frozenset[int]], "set<frozen<set<int>>>"),
        (dict[str, dict[str, int]], "map<text, frozen<map<text, int>>>"),
        (dict[tuple[int, int], list[str]], "map<frozen<tuple<int, int>>, frozen<list<text>>>"),
        (tuple[list[int], Point], "tuple<frozen<list<int>>, frozen<point>>"),
        (list[Point], "list<frozen<point>>"),
        (set[Point], "set<frozen<point>>"),
        (dict[str, Point], "map<text, frozen<point>>"),
        (Annotated[Point, Frozen()], "frozen<point>"),
        (Annotated[list[int], Frozen()], "frozen<list<int>>"),
        (Annotated[dict[str, int], Frozen()], "frozen<map<text, int>>"),
        (list[Annotated[int, BigInt()]], "list<bigint>"),
        (Optional[list[Annotated[int, BigInt()]]], "list<bigint>"),  # noqa: UP045
        (Annotated[int, BigInt()] | None, "bigint"),
        (Optional[Annotated[set[str], Frozen()]], "frozen<set<text>>"),  # noqa: UP045
        (Annotated[list[Annotated[float, Double()]], Vector(2)], "vector<double, 2>"),
    ],
)
def test_nested_types_are_frozen_and_markers_apply(annotation: Any, cql: str) -> None:
    assert cql_type_for(annotation).cql() == cql


def test_optional_is_stripped() -> None:
    assert strip_annotation(Optional[int]) == (int, (), True)  # noqa: UP045
    assert strip_annotation(int | None) == (int, (), True)
    assert strip_annotation(int) == (int, (), False)


@pytest.mark.parametrize(
    ("annotation", "problem"),
    [
        (object, "no CQL type for the Python type object"),
        (Any, "no CQL type"),
        (int | str, "no CQL type"),
        (list, "needs its element types"),
        (tuple[int, ...], "needs its element types"),
        (Annotated[str, BigInt()], "BigInt() does not apply to str"),
        (Annotated[bool, BigInt()], "BigInt() does not apply to bool"),
        (Annotated[str, Counter()], "a counter column must be int"),
        (Annotated[list[float], Vector()], "positive number of dimensions"),
        (Annotated[list[float], Vector(0)], "positive number of dimensions"),
        (Annotated[set[float], Vector(2)], "Vector() applies to list[T]"),
        (Annotated[int, BigInt], "use the marker as an instance: BigInt()"),
        (list[object], "no CQL type for the Python type object"),
    ],
)
def test_unmapped_types_name_model_and_field(annotation: Any, problem: str) -> None:
    with pytest.raises(ModelDefinitionError) as info:
        cql_type_for(annotation, model="Shop", field="thing")
    assert str(info.value).startswith("Shop.thing: ")
    assert problem in str(info.value)
    assert (info.value.model, info.value.field) == ("Shop", "thing")
