"""scylla-driver adapter: coodie value form survives the driver's own (de)serializers.

Each value goes coodie -> ``writer`` -> the driver's ``to_binary`` -> ``from_binary``
-> ``reader`` and must come back equal, for every CQL type, nested and null.
"""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import uuid
from typing import Any

import pytest

pytest.importorskip("cassandra")

from cassandra import cqltypes as ct

from coodie.cql.values import CqlDuration
from coodie.drivers.scylla_values import reader, writer

UTC = datetime.timezone.utc
ADDR = ct.UserType.make_udt_class(
    "ks", "addr", ("street", "zip", "since"), (ct.UTF8Type, ct.Int32Type, ct.SimpleDateType)
)
PERSON = ct.UserType.make_udt_class(
    "ks", "person", ("name", "home", "ip"), (ct.UTF8Type, ADDR, ct.InetAddressType)
)


def lookup(name: str) -> Any:
    return ct.lookup_casstype(name)


CASES: list[tuple[Any, Any]] = [
    (lookup("UTF8Type"), "héllo"),
    (lookup("AsciiType"), "abc"),
    (lookup("Int32Type"), -5),
    (lookup("LongType"), 2**40),
    (lookup("ShortType"), 300),
    (lookup("ByteType"), -3),
    (lookup("IntegerType"), 10**30),
    (lookup("FloatType"), 1.5),
    (lookup("DoubleType"), 2.25),
    (lookup("DecimalType"), decimal.Decimal("1.10")),
    (lookup("BooleanType"), True),
    (lookup("UUIDType"), uuid.UUID(int=7)),
    (lookup("TimeUUIDType"), uuid.uuid1()),
    (lookup("TimestampType"), datetime.datetime(2024, 5, 1, 12, 30, 1, 123000, tzinfo=UTC)),
    (lookup("SimpleDateType"), datetime.date(2024, 2, 29)),
    (lookup("SimpleDateType"), -1_000_000_000),
    (lookup("TimeType"), 3_723_000_000_001),
    (lookup("DurationType"), CqlDuration(1, 2, 3)),
    (lookup("BytesType"), b"\x00\x01"),
    (lookup("InetAddressType"), ipaddress.ip_address("10.0.0.1")),
    (lookup("InetAddressType"), ipaddress.ip_address("::1")),
    (lookup("ListType(Int32Type)"), [3, 1, 3]),
    (lookup("SetType(UTF8Type)"), {"b", "a"}),
    (lookup("MapType(UTF8Type, SimpleDateType)"), {"a": datetime.date(2020, 1, 1)}),
    (
        lookup("TupleType(Int32Type, UTF8Type, InetAddressType)"),
        (1, None, ipaddress.ip_address("1.2.3.4")),
    ),
    (ADDR, {"street": "Main", "zip": 12345, "since": datetime.date(2001, 1, 1)}),
    (ADDR, {"street": None, "zip": None, "since": None}),
    (
        PERSON,
        {
            "name": "Ann",
            "home": {"street": "Elm", "zip": 1, "since": None},
            "ip": ipaddress.ip_address("127.0.0.1"),
        },
    ),
    (ct.ListType.apply_parameters([ADDR]), [{"street": "x", "zip": 2, "since": None}]),
    (
        ct.MapType.apply_parameters([ct.UTF8Type, PERSON]),
        {"k": {"name": "n", "home": None, "ip": None}},
    ),
]


@pytest.mark.parametrize(("typ", "value"), CASES, ids=lambda x: getattr(x, "__name__", None))
def test_round_trip(typ: Any, value: Any) -> None:
    w = writer(typ)
    r = reader(typ)
    sent = w(value) if w else value
    back = typ.from_binary(typ.to_binary(sent, 4), 4)
    got = r(back) if r else back
    assert got == value
    assert type(got) is type(value)


def test_udt_dict_is_bound_as_tuple_in_field_order() -> None:
    w = writer(ADDR)
    assert w is not None
    assert w({"zip": 1, "street": "s"}) == ("s", 1, None)


def test_plain_types_need_no_conversion() -> None:
    assert writer(lookup("Int32Type")) is None
    assert writer(lookup("ListType(UTF8Type)")) is None
