"""acsylla and rs adapters: value conversion helpers (no server needed)."""

from __future__ import annotations

import datetime
import ipaddress
import uuid

import pytest

from coodie.cql.types import NATIVE, ListType, MapType, TupleType, UserDefinedType, VectorType
from coodie.cql.values import CqlDuration
from coodie.drivers import acsylla_values
from coodie.exceptions import InvalidValueError, NotSupported


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d5us", CqlDuration(0, 3, 5000)),
        ("1y2mo", CqlDuration(14, 0, 0)),
        ("-1w2h3m4s5ms6ns", CqlDuration(0, -7, -(7384 * 10**9 + 5 * 10**6 + 6))),
        ("0s", CqlDuration(0, 0, 0)),
    ],
)
def test_acsylla_duration_literals(text: str, expected: CqlDuration) -> None:
    assert acsylla_values.parse_duration(text) == expected


@pytest.mark.parametrize("n", [0, 1, -1, 127, 128, -128, -129, 2**63, -(10**40)])
def test_acsylla_varint_round_trip(n: int) -> None:
    write = acsylla_values.writer(NATIVE["varint"])
    read = acsylla_values.reader(NATIVE["varint"])
    assert write is not None and read is not None
    assert read(write(n)) == n


def test_acsylla_nested_conversion_by_type() -> None:
    addr = UserDefinedType("addr", (("id", NATIVE["uuid"]), ("ip", NATIVE["inet"])))
    t = MapType(NATIVE["text"], ListType(TupleType((NATIVE["timeuuid"], addr))))
    read = acsylla_values.reader(t)
    assert read is not None
    u = uuid.uuid4()
    raw = {"k": [(str(u), {"id": str(u), "ip": "10.0.0.1"})]}
    assert read(raw) == {"k": [(u, {"id": u, "ip": ipaddress.ip_address("10.0.0.1")})]}
    assert acsylla_values.reader(NATIVE["int"]) is None


def test_acsylla_vectors_travel_as_serialized_bytes() -> None:
    floats = VectorType(NATIVE["float"], 3)
    packed = acsylla_values.writer(floats)
    assert packed is not None and packed([1.0, -2.0, 0.5]) == bytes.fromhex(
        "3f800000c00000003f000000"
    )
    unpack = acsylla_values.reader(floats)
    assert unpack is not None and unpack(packed([1.0, -2.0, 0.5])) == [1.0, -2.0, 0.5]
    bigints = acsylla_values.writer(VectorType(NATIVE["bigint"], 1))
    assert bigints is not None and bigints([-1]) == b"\xff" * 8
    with pytest.raises(InvalidValueError, match=r"vector<float, 3> value needs 3 elements, got 2"):
        packed([1.0, 2.0])
    texts = acsylla_values.writer(VectorType(NATIVE["text"], 2))
    with pytest.raises(NotSupported, match="vector<text, 2>"):
        assert texts is not None and texts(["a", "b"])


def test_acsylla_time_and_duration_writers() -> None:
    time_writer = acsylla_values.writer(NATIVE["time"])
    assert time_writer is not None
    assert time_writer(3_723_000_004_000) == datetime.time(1, 2, 3, 4)
    with pytest.raises(NotSupported, match="sub-microsecond"):
        time_writer(1)
    duration_writer = acsylla_values.writer(NATIVE["duration"])
    assert duration_writer is not None
    assert duration_writer(CqlDuration(1, 2, 3)) == (1, 2, 3)


def test_rs_conversions() -> None:
    rs = pytest.importorskip("coodie.drivers.rs_values")
    assert rs.from_driver(datetime.time(1, 2, 3, 4)) == 3_723_000_004_000
    with pytest.raises(NotSupported, match="null fields"):
        rs.to_driver({"street": "x", "zip": None})
    with pytest.raises(NotSupported, match="second or more"):
        rs.to_driver(CqlDuration(0, 1, 2 * 10**9))
    naive = datetime.datetime(2020, 1, 1)
    assert rs.from_driver(naive).tzinfo is datetime.timezone.utc


def _rs_type(name: str, **fields: object) -> object:
    """A stand-in for the rs driver's type objects (told apart by class name)."""
    return type(name, (), fields)()


def test_rs_writers_leave_plain_values_alone_and_convert_the_rest() -> None:
    rs = pytest.importorskip("coodie.drivers.rs_values")
    text, uuid_type = _rs_type("CqlText"), _rs_type("CqlUuid")
    plain = [text, uuid_type, _rs_type("CqlList", column_type=text)]
    assert rs.writers(plain) is None  # every value goes to the driver as it is
    time_type = _rs_type("CqlTime")
    converted = rs.writers([text, time_type, _rs_type("CqlMap", key_type=text, value_type=text)])
    assert converted is not None
    as_is, time_writer, map_writer = converted
    assert as_is is None
    assert time_writer(3_723_000_004_000) == datetime.time(1, 2, 3, 4)
    with pytest.raises(NotSupported, match="null fields"):
        map_writer({"a": None})  # what to_driver says of a map holding a null
    durations = rs.writers([_rs_type("CqlList", column_type=_rs_type("CqlDuration"))])
    assert durations is not None and durations[0] is not None
    udt_set = _rs_type("CqlSet", column_type=_rs_type("CqlUserDefinedType"))
    (refuse,) = rs.writers([udt_set]) or (None,)
    assert refuse is not None
    with pytest.raises(NotSupported, match="a set of user-defined types or collections"):
        refuse({1})


def test_rs_dict_rows_convert_only_what_from_driver_would_change() -> None:
    rv = pytest.importorskip("coodie.drivers.rs_values")
    text, stamp, time_type = _rs_type("CqlText"), _rs_type("CqlTimestamp"), _rs_type("CqlTime")
    columns = [
        _rs_type("Column", cql_type=text),
        _rs_type("Column", cql_type=stamp),
        _rs_type("Column", cql_type=_rs_type("CqlList", column_type=text)),
        _rs_type("Column", cql_type=_rs_type("CqlSet", column_type=text)),
        _rs_type("Column", cql_type=_rs_type("CqlMap", key_type=text, value_type=time_type)),
        _rs_type("Column", cql_type=_rs_type("CqlList", column_type=stamp)),
    ]
    naive = datetime.datetime(2024, 1, 1)
    aware = naive.replace(tzinfo=datetime.timezone.utc)
    tags = ["a", "b"]
    page = [
        {
            "t": "x",
            "at": naive,
            "l": tags,
            "s": frozenset({"a"}),
            "m": {"k": datetime.time(0, 0, 1)},
            "ls": [naive],
        },
        {"t": None, "at": None, "l": [], "s": set(), "m": {}, "ls": []},
    ]
    first, second = rv.dict_rows(columns, page)
    assert first == ("x", aware, ["a", "b"], {"a"}, {"k": 1_000_000_000}, [aware])
    assert first[2] is tags  # a list of plain values is the driver's own
    assert type(first[3]) is set  # as from_driver gives a frozen set
    assert first[5][0].tzinfo is datetime.timezone.utc
    assert second == (None, None, None, None, None, None)  # empty collections read as null
