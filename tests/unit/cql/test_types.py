"""``coodie.cql.types``: CQL types render as the text DDL needs, and answer what they hold."""

from __future__ import annotations

import attrs
import pytest

from coodie.cql.types import (
    NATIVE,
    NATIVE_TYPE_NAMES,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
    contained_type,
    frozen,
    inner_types,
    is_collection,
    is_hashable_form,
    is_multicell,
)

INT, TEXT = NATIVE["int"], NATIVE["text"]
ADDRESS = UserDefinedType("Address", (("street", TEXT), ("zip", INT)), keyspace="shop")


@pytest.mark.parametrize(
    ("cql_type", "cql"),
    [
        (NATIVE["timeuuid"], "timeuuid"),
        (ListType(INT), "list<int>"),
        (SetType(TEXT, frozen=True), "frozen<set<text>>"),
        (MapType(TEXT, ListType(INT, frozen=True)), "map<text, frozen<list<int>>>"),
        (TupleType((INT, TEXT)), "tuple<int, text>"),
        (TupleType((INT,), frozen=True), "frozen<tuple<int>>"),
        (UserDefinedType("point", ()), "frozen<point>"),
        (ADDRESS, 'frozen<"Address">'),
        (UserDefinedType("point", (), frozen=False), "point"),
        (VectorType(NATIVE["float"], 3), "vector<float, 3>"),
        (ListType(VectorType(NATIVE["float"], 2), frozen=True), "frozen<list<vector<float, 2>>>"),
    ],
)
def test_rendering(cql_type: CqlType, cql: str) -> None:
    assert cql_type.cql() == cql
    assert str(cql_type) == cql


def test_native_types_by_name() -> None:
    assert set(NATIVE) == set(NATIVE_TYPE_NAMES)
    assert len(NATIVE_TYPE_NAMES) == 20
    assert NATIVE["bigint"] == NativeType("bigint")
    assert NATIVE["bigint"].frozen is False
    with pytest.raises(TypeError):
        NativeType("int", frozen=True)  # type: ignore[call-arg]


def test_types_are_immutable_values() -> None:
    assert MapType(TEXT, INT) == MapType(NativeType("text"), NativeType("int"))
    assert MapType(TEXT, INT) != MapType(TEXT, INT, frozen=True)
    assert len({ListType(INT), ListType(INT), SetType(INT)}) == 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ListType(INT).frozen = True  # type: ignore[misc]


def test_frozen_freezes_collections_tuples_and_udts_only() -> None:
    assert frozen(ListType(INT)).cql() == "frozen<list<int>>"
    assert frozen(MapType(TEXT, INT)).cql() == "frozen<map<text, int>>"
    assert frozen(TupleType((INT,))).cql() == "frozen<tuple<int>>"
    assert frozen(UserDefinedType("p", (), frozen=False)).cql() == "frozen<p>"
    assert frozen(INT) is INT
    vector = VectorType(INT, 2)
    assert frozen(vector) is vector


def test_what_a_type_holds() -> None:
    assert contained_type(MapType(TEXT, ListType(INT))) == ListType(INT)
    assert contained_type(VectorType(NATIVE["float"], 4)) == NATIVE["float"]
    assert inner_types(MapType(TEXT, INT)) == (TEXT, INT)
    assert inner_types(TupleType((INT, TEXT, INT))) == (INT, TEXT, INT)
    assert inner_types(ADDRESS) == (TEXT, INT)
    assert inner_types(INT) == ()
    for holds_nothing in (INT, TupleType((INT,)), ADDRESS):
        with pytest.raises(TypeError, match="holds no elements"):
            contained_type(holds_nothing)


@pytest.mark.parametrize(
    ("cql_type", "collection", "multicell", "hashable"),
    [
        (INT, False, False, True),
        (ListType(INT), True, True, False),
        (SetType(INT, frozen=True), True, False, False),
        (MapType(TEXT, INT), True, True, False),
        (TupleType((INT, TEXT)), False, False, True),
        (TupleType((INT, ListType(INT))), False, False, False),
        (ADDRESS, False, False, False),
        (UserDefinedType("p", (), frozen=False), False, True, False),
        (VectorType(INT, 2), False, False, False),
    ],
)
def test_kinds(cql_type: CqlType, collection: bool, multicell: bool, hashable: bool) -> None:
    assert is_collection(cql_type) is collection
    assert is_multicell(cql_type) is multicell
    assert is_hashable_form(cql_type) is hashable
