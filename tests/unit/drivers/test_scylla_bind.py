"""scylla-driver adapter: the generated binder makes exactly the driver's ``BoundStatement``.

Every statement here is bound twice, by :func:`coodie.drivers.scylla_bind.binder` and by
the driver's own ``PreparedStatement.bind``, and the serialized values, the raw values,
the routing key and any error must be the same.
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
from cassandra.protocol import ColumnMetadata
from cassandra.query import UNSET_VALUE, BatchStatement, BatchType, PreparedStatement
from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.drivers.scylla_bind import INLINE_TYPES, binder
from coodie.drivers.scylla_values import bind_converters

UTC = datetime.timezone.utc
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))


def lookup(name: str) -> Any:
    return ct.lookup_casstype(name)


def prepared(*types: Any, proto: int = 5, routing: list[int] | None = None) -> PreparedStatement:
    meta = [ColumnMetadata("ks", "t", f"c{i}", t) for i, t in enumerate(types)]
    return PreparedStatement(meta, b"id", routing or [0], "INSERT ...", "ks", proto, [], None)


def bind_both(statement: PreparedStatement, params: Any) -> tuple[Any, Any]:
    """(coodie's BoundStatement or error, the driver's BoundStatement or error)."""
    bind = binder(statement, None, statement.bind)
    results = []
    for fn in (bind, statement.bind):
        try:
            results.append(fn(params))
        except Exception as exc:  # compared below: the same error or none
            results.append(exc)
    return results[0], results[1]


def assert_same(statement: PreparedStatement, params: Any) -> None:
    ours, theirs = bind_both(statement, params)
    if isinstance(theirs, Exception):
        assert type(ours) is type(theirs) and str(ours) == str(theirs)
        return
    assert type(ours) is type(theirs)
    assert ours.values == theirs.values
    assert list(ours.raw_values) == list(theirs.raw_values)
    assert ours.routing_key == theirs.routing_key
    assert ours.prepared_statement is statement


SCALARS: list[tuple[str, list[Any]]] = [
    ("UUIDType", [uuid.uuid4(), uuid.UUID(int=0)]),
    ("TimeUUIDType", [uuid.uuid1()]),
    ("UTF8Type", ["", "héllo ✓", "a" * 300]),
    ("VarcharType", ["x"]),
    ("AsciiType", ["abc", ""]),
    ("Int32Type", [0, -(2**31), 2**31 - 1, True]),
    ("LongType", [0, -(2**63), 2**63 - 1]),
    ("CounterColumnType", [3]),
    ("ShortType", [-(2**15), 2**15 - 1]),
    ("ByteType", [-128, 127]),
    ("FloatType", [0.0, 764.01, -3.25e38, float("inf")]),
    ("DoubleType", [0.1, -1e308, float("-inf")]),
    ("BooleanType", [True, False]),
    (
        "DateType",
        [
            datetime.datetime(2024, 1, 13, 16, 18, 33, 148999),
            datetime.datetime(2024, 1, 13, 16, 18, 33, 148999, tzinfo=UTC),
            datetime.datetime(1969, 12, 31, 23, 59, 59, 500000),
            datetime.datetime(2024, 6, 1, 12, tzinfo=IST),
            datetime.date(2024, 2, 29),
            1_700_000_000_123,
        ],
    ),
    ("DecimalType", [decimal.Decimal("3.14159")]),
    ("IntegerType", [2**100, -1]),
    ("BytesType", [b"\x00\x01", b""]),
    ("InetAddressType", ["10.0.0.1", "::1"]),
    ("SimpleDateType", [19000]),
    ("TimeType", [3_600_000_000_000]),
]


@pytest.mark.parametrize(("name", "values"), SCALARS, ids=[n for n, _ in SCALARS])
def test_every_scalar_type_binds_as_the_driver_does(name: str, values: list[Any]) -> None:
    statement = prepared(lookup(name), lookup("UTF8Type"))
    for value in [*values, None]:
        assert_same(statement, (value, "k"))
        assert_same(statement, ["k", value][::-1])  # a list of parameters too


COLLECTIONS: list[tuple[str, list[Any]]] = [
    ("ListType(UTF8Type)", [["a", "bé"], [], ("t", "u"), ["x", None]]),
    ("SetType(Int32Type)", [{1, 2, 3}, frozenset({-1}), set()]),
    ("ListType(DateType)", [[datetime.datetime(2024, 1, 1, tzinfo=UTC), 5]]),
    ("MapType(UTF8Type, UTF8Type)", [{"color": "red", "size": "XL"}, {}, {"k": None}]),
    ("MapType(UUIDType, DoubleType)", [{uuid.UUID(int=7): 1.5}]),
    ("ListType(ListType(Int32Type))", [[[1], [2, 3]]]),
    ("MapType(UTF8Type, ListType(Int32Type))", [{"a": [1]}]),
    ("ListType(DecimalType)", [[decimal.Decimal("1.5")]]),
    ("TupleType(Int32Type, UTF8Type)", [(1, "a"), (None, "b")]),
]


@pytest.mark.parametrize(("name", "values"), COLLECTIONS, ids=[n for n, _ in COLLECTIONS])
def test_collections_bind_as_the_driver_does(name: str, values: list[Any]) -> None:
    statement = prepared(lookup("Int32Type"), lookup(name), routing=[0])
    for value in [*values, None]:
        assert_same(statement, (1, value))


def test_what_the_driver_refuses_or_fills_in_is_left_to_the_driver() -> None:
    statement = prepared(lookup("Int32Type"), lookup("UTF8Type"), lookup("ListType(UTF8Type)"))
    assert_same(statement, (1, UNSET_VALUE, ["a"]))  # unset a column
    assert_same(statement, (1, "a", UNSET_VALUE))
    assert_same(statement, (1,))  # short: the driver adds UNSET_VALUE
    assert_same(statement, (1, "a", ["b"], 4))  # too many parameters
    assert_same(statement, ("one", "a", ["b"]))  # wrong type: the driver's TypeError
    assert_same(statement, (1, "a", "abc"))  # a string for a list
    assert_same(statement, (1, "\ud800", []))  # cannot be encoded
    assert_same(statement, {"c0": 1, "c1": "a", "c2": []})  # by name
    assert_same(statement, (UNSET_VALUE, "a", []))  # unset routing key: the driver refuses
    ours, theirs = bind_both(statement, (1, "a", ["b"]))
    assert ours.values == theirs.values


def test_coodie_converters_run_before_serializing() -> None:
    addr = ct.UserType.make_udt_class("ks", "addr", ("street", "zip"), (ct.UTF8Type, ct.Int32Type))
    statement = prepared(lookup("Int32Type"), addr, lookup("InetAddressType"))
    convs = bind_converters(statement)
    assert convs is not None

    def driver_bind(params: Any) -> Any:
        converted = [c(v) if c and v is not None else v for v, c in zip(params, convs, strict=True)]
        return statement.bind(converted)

    bind = binder(statement, convs, driver_bind)
    params = (1, {"street": "Main", "zip": 5}, ipaddress.ip_address("10.1.2.3"))
    assert bind(params).values == driver_bind(params).values
    assert bind((1, None, None)).values == driver_bind((1, None, None)).values


def test_the_fast_path_is_taken_for_the_driver_installed() -> None:
    for name in ("UUIDType", "UTF8Type", "Int32Type", "FloatType", "BooleanType", "DateType"):
        assert lookup(name) in INLINE_TYPES
    statement = prepared(lookup("Int32Type"), lookup("Int32Type"))
    calls: list[Any] = []

    def fallback(params: Any) -> Any:
        calls.append(params)
        return statement.bind(params)

    binder(statement, None, fallback)((5, 6))
    assert calls == []
    binder(statement, None, fallback)((5, UNSET_VALUE))
    assert calls == [(5, UNSET_VALUE)]


def test_old_protocols_and_encrypted_columns_bind_through_the_driver() -> None:
    old = prepared(lookup("Int32Type"), proto=3)
    assert binder(old, None, old.bind) == old.bind
    encrypted = prepared(lookup("Int32Type"))
    encrypted.column_encryption_policy = object()
    assert binder(encrypted, None, encrypted.bind) == encrypted.bind


def test_a_batch_of_bound_statements_matches_a_batch_of_parameters() -> None:
    text_map = lookup("MapType(UTF8Type, UTF8Type)")
    statement = prepared(lookup("UUIDType"), lookup("UTF8Type"), text_map)
    bind = binder(statement, None, statement.bind)
    rows = [(uuid.UUID(int=i), f"n{i}", {"k": str(i)}) for i in range(5)]
    ours, theirs = BatchStatement(BatchType.UNLOGGED), BatchStatement(BatchType.UNLOGGED)
    for row in rows:
        ours.add(bind(row))
        theirs.add(statement, row)
    assert ours._statements_and_parameters == theirs._statements_and_parameters
    assert ours.routing_key == theirs.routing_key


DATETIMES = st.datetimes(
    min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30)
) | st.datetimes(
    min_value=datetime.datetime(1, 1, 2),
    max_value=datetime.datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, IST, datetime.timezone(datetime.timedelta(hours=-7))]),
)


@settings(max_examples=300, deadline=None)
@given(
    when=DATETIMES,
    text=st.text(),
    number=st.integers(-(2**31), 2**31 - 1),
    real=st.floats(width=32),
    tags=st.lists(st.text(max_size=5), max_size=4),
    attrs=st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=4),
)
def test_random_rows_bind_as_the_driver_does(
    when: datetime.datetime,
    text: str,
    number: int,
    real: float,
    tags: list[str],
    attrs: dict[str, str],
) -> None:
    statement = prepared(
        lookup("DateType"),
        lookup("UTF8Type"),
        lookup("Int32Type"),
        lookup("FloatType"),
        lookup("ListType(UTF8Type)"),
        lookup("MapType(UTF8Type, UTF8Type)"),
    )
    assert_same(statement, (when, text, number, real, tags, attrs))
