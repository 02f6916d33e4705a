"""Values to the coodie value form (to_driver_value) and back (from_driver_converter)."""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
from decimal import Decimal
from typing import Annotated, Any, Optional
from uuid import UUID, uuid1, uuid4

import pytest

from coodie.cql.types import NATIVE, ListType, MapType, SetType, TupleType, VectorType
from coodie.cql.values import CqlDuration
from coodie.exceptions import InvalidValueError, ModelDefinitionError
from coodie.fields import Frozen, Vector
from coodie.model.annotations import cql_type_for, to_driver_value
from coodie.model.hydrate import from_driver_converter, from_driver_value
from coodie.model.usertype import UserType

UTC = dt.timezone.utc
U4 = uuid4()
U1 = uuid1()


class Inner(UserType):
    n: int
    tags: set[str] = set()


class Outer(UserType):
    name: str
    inner: Optional[Inner] = None  # noqa: UP045
    inners: list[Inner] = []
    at: Optional[dt.time] = None  # noqa: UP045


@pytest.mark.parametrize(
    ("cql", "value", "expected"),
    [
        ("text", "é", "é"),
        ("ascii", "abc", "abc"),
        ("int", 7, 7),
        ("bigint", 2**40, 2**40),
        ("smallint", -(2**15), -(2**15)),
        ("tinyint", 127, 127),
        ("varint", 10**30, 10**30),
        ("counter", 5, 5),
        ("float", 1.5, 1.5),
        ("double", 2, 2.0),
        ("decimal", Decimal("1.10"), Decimal("1.10")),
        ("decimal", 3, Decimal(3)),
        ("boolean", True, True),
        ("uuid", U4, U4),
        ("uuid", str(U4), U4),
        ("timeuuid", U1, U1),
        ("timestamp", dt.datetime(2020, 1, 2, 3, 4), dt.datetime(2020, 1, 2, 3, 4, tzinfo=UTC)),
        (
            "timestamp",
            dt.datetime(2020, 1, 2, 5, 4, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            dt.datetime(2020, 1, 2, 3, 4, tzinfo=UTC),
        ),
        ("timestamp", 1234, 1234),
        ("date", dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        ("time", dt.time(1, 2, 3, 4), ((1 * 60 + 2) * 60 + 3) * 10**9 + 4000),
        ("time", 5, 5),
        ("duration", dt.timedelta(days=1, microseconds=1), CqlDuration(0, 1, 1000)),
        ("duration", CqlDuration(1, 2, 3), CqlDuration(1, 2, 3)),
        ("blob", b"ab", b"ab"),
        ("blob", bytearray(b"ab"), b"ab"),
        ("inet", ipaddress.ip_address("::1"), ipaddress.IPv6Address("::1")),
        ("inet", "10.0.0.1", ipaddress.IPv4Address("10.0.0.1")),
    ],
)
def test_native_to_driver(cql: str, value: Any, expected: Any) -> None:
    result = to_driver_value(NATIVE[cql], value)
    assert result == expected
    assert type(result) is type(expected)
    assert to_driver_value(NATIVE[cql], None) is None


@pytest.mark.parametrize(
    ("cql", "value", "why"),
    [
        ("text", 1, "got int 1"),
        ("ascii", "é", "not ASCII"),
        ("int", "1", "got str '1'"),
        ("int", True, "got bool"),
        ("int", 2**31, "out of range"),
        ("tinyint", 128, "out of range"),
        ("bigint", 2**63, "out of range"),
        ("float", "1", "got str"),
        ("boolean", 1, "got int"),
        ("uuid", "nope", "got str 'nope'"),
        ("timeuuid", U4, "time-based"),
        ("timestamp", "2020", "got str"),
        ("date", dt.datetime(2020, 1, 1), "use .date()"),
        ("time", 86_400 * 10**9, "out of range"),
        ("duration", 5, "got int"),
        ("blob", "ab", "got str"),
        ("inet", "x.y", "got str"),
    ],
)
def test_native_to_driver_rejects(cql: str, value: Any, why: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        to_driver_value(NATIVE[cql], value)
    assert f"CQL type {cql}" in str(info.value)
    assert why in str(info.value)


def test_collections_to_driver() -> None:
    assert to_driver_value(ListType(NATIVE["int"]), (1, 2)) == [1, 2]
    assert to_driver_value(SetType(NATIVE["int"]), frozenset({1})) == {1}
    assert type(to_driver_value(SetType(NATIVE["int"]), frozenset({1}))) is set
    t = MapType(NATIVE["text"], ListType(NATIVE["time"], frozen=True))
    assert to_driver_value(t, {"a": [dt.time(0, 0, 1)]}) == {"a": [10**9]}
    assert to_driver_value(TupleType((NATIVE["int"], NATIVE["text"])), [1, None]) == (1, None)
    assert to_driver_value(VectorType(NATIVE["float"], 2), [1, 2]) == [1.0, 2.0]


def test_collections_of_plain_values_are_copied_not_shared() -> None:
    tags = ["a", "b"]
    listed = to_driver_value(ListType(NATIVE["text"]), tags)
    assert listed == tags and listed is not tags
    attrs = {"k": "v"}
    mapped = to_driver_value(MapType(NATIVE["text"], NATIVE["text"]), attrs)
    assert mapped == attrs and mapped is not attrs
    assert to_driver_value(SetType(NATIVE["uuid"]), (U4, U4)) == {U4}
    assert to_driver_value(ListType(NATIVE["double"]), [1.5, 2]) == [1.5, 2.0]  # 2 converts


@pytest.mark.parametrize(
    ("cql_type", "value", "why"),
    [
        (ListType(NATIVE["int"]), [1, None], "cannot contain null"),
        (ListType(NATIVE["int"]), {1}, "got set"),
        (ListType(NATIVE["int"]), ["a"], "CQL type int"),
        (ListType(NATIVE["text"]), ["a", 1], "CQL type text"),
        (ListType(NATIVE["text"]), ["a", None], "cannot contain null"),
        (SetType(NATIVE["text"]), {"a", b"b"}, "CQL type text"),
        (MapType(NATIVE["text"], NATIVE["text"]), {"a": None}, "cannot contain null"),
        (MapType(NATIVE["text"], NATIVE["text"]), {1: "b"}, "CQL type text"),
        (SetType(NATIVE["int"]), "ab", "got str"),
        (MapType(NATIVE["text"], NATIVE["int"]), [("a", 1)], "got list"),
        (MapType(NATIVE["text"], NATIVE["int"]), {"a": "b"}, "CQL type int"),
        (TupleType((NATIVE["int"], NATIVE["int"])), (1,), "needs 2 elements"),
        (VectorType(NATIVE["float"], 3), [1.0], "needs 3 elements"),
    ],
)
def test_collections_to_driver_reject(cql_type: Any, value: Any, why: str) -> None:
    with pytest.raises(InvalidValueError, match=why):
        to_driver_value(cql_type, value)


def test_sets_of_unhashable_values_cross_as_lists() -> None:
    t = cql_type_for(set[Annotated[tuple[int, list[int]], Frozen()]])
    assert to_driver_value(t, [(1, [2]), (1, [2]), (3, [])]) == [(1, [2]), (3, [])]
    assert to_driver_value(cql_type_for(set[tuple[int, str]]), [(1, "a")]) == {(1, "a")}


def test_user_types_to_driver_recursively() -> None:
    t = cql_type_for(dict[str, Outer])
    value = {"k": Outer(name="o", inner=Inner(n=1), inners=[Inner(n=2, tags={"x"})])}
    assert to_driver_value(t, value) == {
        "k": {
            "name": "o",
            "inner": {"n": 1, "tags": set()},
            "inners": [{"n": 2, "tags": {"x"}}],
            "at": None,
        }
    }
    as_mapping = to_driver_value(cql_type_for(Inner), {"n": 3})
    assert as_mapping == {"n": 3, "tags": None}


def test_user_types_to_driver_reject_wrong_values() -> None:
    with pytest.raises(InvalidValueError, match="unknown field"):
        to_driver_value(cql_type_for(Inner), {"n": 1, "zzz": 2})
    with pytest.raises(InvalidValueError, match="frozen<inner>"):
        to_driver_value(cql_type_for(Inner), Outer(name="x"))
    with pytest.raises(InvalidValueError, match="CQL type int"):
        to_driver_value(cql_type_for(Inner), {"n": "one"})


def _back(annotation: Any, value: Any) -> Any:
    return from_driver_value(cql_type_for(annotation), annotation, value)


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        (int, 3, 3),
        (str, None, None),
        (dt.time, 3_600_000_001_000, dt.time(1, 0, 0, 1)),
        (dt.timedelta, CqlDuration(0, 1, 5000), dt.timedelta(days=1, microseconds=5)),
        (dt.timedelta, CqlDuration(1, 0, 0), CqlDuration(1, 0, 0)),
        (dt.timedelta, CqlDuration(0, 0, 1), CqlDuration(0, 0, 1)),
        (CqlDuration, CqlDuration(0, 1, 0), CqlDuration(0, 1, 0)),
        (list[int], None, []),
        (set[int], None, set()),
        (frozenset[int], {1}, frozenset({1})),
        (dict[str, int], None, {}),
        (Optional[list[int]], None, []),  # noqa: UP045
        (Annotated[list[int], Frozen()], None, []),
        (Optional[Annotated[list[int], Frozen()]], None, None),  # noqa: UP045
        (list[dt.time], [1000], [dt.time(0, 0, 0, 1)]),
        (dict[str, dt.time], {"a": 0}, {"a": dt.time(0)}),
        (tuple[int, dt.time], (1, 1000), (1, dt.time(0, 0, 0, 1))),
        (tuple[int, dt.time], (1, None), (1, None)),
        (Annotated[list[float], Vector(2)], [1.0, 2.0], [1.0, 2.0]),
        (Optional[Inner], None, None),  # noqa: UP045
    ],
)
def test_from_driver(annotation: Any, value: Any, expected: Any) -> None:
    result = _back(annotation, value)
    assert result == expected
    assert type(result) is type(expected)


def test_from_driver_copies_collections() -> None:
    row_value = [1, 2]
    result = _back(list[int], row_value)
    assert result == row_value
    assert result is not row_value


def test_user_types_round_trip_in_collections() -> None:
    annotation = dict[str, list[Outer]]
    original = {"a": [Outer(name="o", inner=Inner(n=1, tags={"t"}), at=dt.time(2))]}
    driver = to_driver_value(cql_type_for(annotation), original)
    back = _back(annotation, driver)
    assert back == original
    assert isinstance(back["a"][0].inner, Inner)
    assert back["a"][0].at == dt.time(2)


def test_user_type_from_driver_missing_collection_is_empty() -> None:
    back = _back(Outer, {"name": "n", "inner": None, "inners": None, "at": None})
    assert back == Outer(name="n")
    assert back.inners == []


def test_timestamps_from_driver_stay_aware_utc() -> None:
    value = dt.datetime(2020, 1, 1, tzinfo=UTC)
    assert _back(dt.datetime, value) is value


def test_uuid_annotation_passes_through() -> None:
    assert from_driver_converter(NATIVE["uuid"], UUID) is None


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


def test_enums_map_to_their_value_type_and_round_trip() -> None:
    assert cql_type_for(Color).cql() == "text"
    assert cql_type_for(Level).cql() == "int"
    assert cql_type_for(list[Color]).cql() == "list<text>"
    assert to_driver_value(NATIVE["text"], Color.RED) == "red"
    assert type(to_driver_value(NATIVE["int"], Level.HIGH)) is int
    assert _back(Color, "blue") is Color.BLUE
    assert _back(Optional[Level], None) is None  # noqa: UP045
    assert _back(dict[str, Level], {"a": 1}) == {"a": Level.LOW}


def test_enum_with_mixed_values_is_refused() -> None:
    class Mixed(enum.Enum):
        A = 1
        B = "b"

    with pytest.raises(ModelDefinitionError, match="needs all-str or all-int values"):
        cql_type_for(Mixed, model="M", field="f")
