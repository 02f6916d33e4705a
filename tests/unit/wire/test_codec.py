"""Round trips and malformed input for the CQL value codec (coodie.wire)."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import math
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.cql.values import CqlDuration
from coodie.wire import EMPTY, MarshalError, deserialize, serialize

UTC = dt.timezone.utc


def _ints(bits: int) -> st.SearchStrategy[int]:
    return st.integers(-(1 << (bits - 1)), (1 << (bits - 1)) - 1)


def _timeuuid() -> st.SearchStrategy[uuid.UUID]:
    return st.builds(
        lambda t, s, n: uuid.UUID(fields=(t & 0xFFFFFFFF, (t >> 32) & 0xFFFF,
                                          0x1000 | (t >> 48) & 0x0FFF, 0x80 | s & 0x3F, 0, n)),
        st.integers(0, (1 << 60) - 1), st.integers(0, 255), st.integers(0, (1 << 48) - 1),
    )  # fmt: skip


def _duration() -> st.SearchStrategy[CqlDuration]:
    sign = st.sampled_from([1, -1])
    return st.builds(
        lambda s, m, d, n: CqlDuration(s * m, s * d, s * n),
        sign, st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1), st.integers(0, 2**63 - 1),
    )  # fmt: skip


NATIVE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "ascii": st.text(st.characters(max_codepoint=127)),
    "bigint": _ints(64),
    "blob": st.binary(),
    "boolean": st.booleans(),
    "counter": _ints(64),
    "date": st.one_of(st.dates(), st.integers(-(2**31), 2**31 - 1)),
    "decimal": st.decimals(allow_nan=False, allow_infinity=False),
    "double": st.floats(allow_nan=False),
    "duration": _duration(),
    "float": st.floats(width=32, allow_nan=False),
    "inet": st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)),
    "int": _ints(32),
    "smallint": _ints(16),
    "text": st.text(st.characters(exclude_categories=("Cs",))),
    "time": st.integers(0, 86_400 * 10**9 - 1),
    "timestamp": st.one_of(
        st.datetimes(timezones=st.just(UTC)).map(
            lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
        ),
        st.integers(-(2**63), 2**63 - 1),
    ),
    "timeuuid": _timeuuid(),
    "tinyint": _ints(8),
    "uuid": st.uuids(),
    "varint": st.integers(-(2**200), 2**200),
}
HASHABLE = ["ascii", "bigint", "int", "text", "uuid", "varint", "boolean", "inet"]


def _normalize(cql_type: CqlType, value: Any) -> Any:
    """Timestamps/dates in range come back as datetime/date, out of range as int."""
    if cql_type == NATIVE["timestamp"] and isinstance(value, int):
        try:
            return dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(milliseconds=value)
        except OverflowError:
            return value
    if cql_type == NATIVE["date"] and isinstance(value, int):
        try:
            return dt.date(1970, 1, 1) + dt.timedelta(days=value)
        except OverflowError:
            return value
    return value


def types_and_values() -> st.SearchStrategy[tuple[CqlType, Any]]:
    native = st.sampled_from(sorted(NATIVE_VALUES)).flatmap(
        lambda n: st.tuples(st.just(NATIVE[n]), NATIVE_VALUES[n])
    )
    key = st.sampled_from(HASHABLE).map(lambda n: NATIVE[n])

    def extend(inner: st.SearchStrategy[tuple[CqlType, Any]]) -> st.SearchStrategy[Any]:
        lists = inner.flatmap(
            lambda tv: st.lists(st.just(tv[1]), max_size=4).map(
                lambda vs: (ListType(tv[0], frozen=True), vs)
            )
        )
        sets = key.flatmap(
            lambda t: st.sets(NATIVE_VALUES[t.name], max_size=4).map(lambda vs: (SetType(t), vs))
        )
        maps = st.tuples(key, inner).flatmap(
            lambda kv: st.dictionaries(
                NATIVE_VALUES[kv[0].name], st.just(kv[1][1]), max_size=3
            ).map(lambda d: (MapType(kv[0], kv[1][0]), d))
        )
        tuples = st.lists(inner, min_size=1, max_size=3).map(
            lambda tvs: (TupleType(tuple(t for t, _ in tvs)), tuple(v for _, v in tvs))
        )
        udts = st.lists(inner, min_size=1, max_size=3).map(
            lambda tvs: (
                UserDefinedType("u", tuple((f"f{i}", t) for i, (t, _) in enumerate(tvs)), "ks"),
                {f"f{i}": v for i, (_, v) in enumerate(tvs)},
            )
        )
        return st.one_of(lists, sets, maps, tuples, udts)

    return st.recursive(native, extend, max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(types_and_values())
def test_round_trip(type_and_value: tuple[CqlType, Any]) -> None:
    cql_type, value = type_and_value
    data = serialize(cql_type, value)
    assert data is not None
    assert _equal(cql_type, deserialize(cql_type, data), _normalize(cql_type, value))


def _equal(cql_type: CqlType, got: Any, want: Any) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        return got == want and math.copysign(1, got) == math.copysign(1, want)
    if isinstance(want, decimal.Decimal):
        return got.as_tuple() == want.as_tuple() or (got == want == 0)
    if isinstance(cql_type, (ListType, TupleType)) and isinstance(want, (list, tuple)):
        inner = (
            cql_type.elements if isinstance(cql_type, TupleType) else [cql_type.element] * len(want)
        )
        return len(got) == len(want) and all(
            _equal(t, g, _normalize(t, w)) for t, g, w in zip(inner, got, want, strict=True)
        )
    if isinstance(cql_type, UserDefinedType):
        return all(_equal(t, got[n], _normalize(t, want[n])) for n, t in cql_type.fields)
    if isinstance(cql_type, MapType):
        return got.keys() == want.keys() and all(
            _equal(cql_type.value, got[k], _normalize(cql_type.value, want[k])) for k in want
        )
    return bool(got == want)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(NATIVE_VALUES)).flatmap(
    lambda n: st.tuples(st.just(n), NATIVE_VALUES[n])))  # fmt: skip
def test_native_bytes_match_scylla_driver(name_and_value: tuple[str, Any]) -> None:
    """Bytes equal what the Python driver produces and it reads them back the same."""
    from cassandra import cqltypes as drv
    from cassandra.util import Date, Duration

    name, value = name_and_value
    drv_type = drv.lookup_casstype(
        {"text": "UTF8Type", "ascii": "AsciiType", "bigint": "LongType", "blob": "BytesType",
         "boolean": "BooleanType", "counter": "CounterColumnType", "date": "SimpleDateType",
         "decimal": "DecimalType", "double": "DoubleType", "duration": "DurationType",
         "float": "FloatType", "inet": "InetAddressType", "int": "Int32Type",
         "smallint": "ShortType", "time": "TimeType", "timestamp": "TimestampType",
         "timeuuid": "TimeUUIDType", "tinyint": "ByteType", "uuid": "UUIDType",
         "varint": "IntegerType"}[name]
    )  # fmt: skip
    ours = serialize(NATIVE[name], value)
    drv_value: Any = value
    if name == "inet":
        drv_value = str(value)
    elif name == "duration":
        drv_value = Duration(value.months, value.days, value.nanoseconds)
    elif name == "date" and isinstance(value, int):
        drv_value = Date(value)
    elif name == "timestamp" and isinstance(value, int):
        return  # the driver takes int timestamps as seconds, not milliseconds
    elif name == "decimal" and value.is_zero() and value.as_tuple().exponent != 0:
        return  # the driver drops the scale of zero
    assert ours == drv_type.serialize(drv_value, 4)


@pytest.mark.parametrize(
    ("type_name", "raw", "message"),
    [
        ("int", "0000000000000001", "Expected 4 or 0 byte int (8)"),
        ("int", "000102", "Expected 4 or 0 byte int (3)"),
        ("bigint", "00", "Expected 8 or 0 byte long (1)"),
        ("smallint", "", "Expected 2 bytes for a smallint (0)"),
        ("tinyint", "0001", "Expected 1 byte for a tinyint (2)"),
        ("ascii", "c3a9", "Invalid byte for ascii: -61"),
        ("text", "ff", "String didn't validate."),
        ("inet", "7f00000101", "Expected 4 or 16 byte inetaddress; got 7f00000101"),
        ("uuid", "00", "UUID should be 16 or 0 bytes (1)"),
        ("timeuuid", "0" * 32, "Invalid version for TimeUUID type."),
        ("boolean", "0000", "Expected 1 or 0 byte value (2)"),
        ("decimal", "00", "Expected 0 or at least 4 bytes (1)"),
        ("time", "00", "Expected 8 byte long for time (1)"),
        ("date", "00", "Expected 4 byte long for date (1)"),
        ("duration", "02", "Expected at least 3 bytes for a duration (1)"),
        ("duration", "020101", "must be all of the same sign"),
    ],
)
def test_malformed_native_bytes(type_name: str, raw: str, message: str) -> None:
    with pytest.raises(MarshalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        deserialize(NATIVE[type_name], bytes.fromhex(raw))


@pytest.mark.parametrize(
    ("cql_type", "raw", "message"),
    [
        (ListType(NATIVE["int"]), "", "Not enough bytes to read a list"),
        (ListType(NATIVE["int"]), "0000000100000004000000", "Not enough bytes to read a list"),
        (SetType(NATIVE["int"]), "0000000000", "Unexpected extraneous bytes after set value"),
        (
            MapType(NATIVE["int"], NATIVE["int"]),
            "00000001ffffffff0000000400000001",
            "null is not supported",
        ),
        (TupleType((NATIVE["int"],)), "0000000400000001ff", "remaining data after end of tuple"),
        (VectorType(NATIVE["float"], 2), "00000000", "Expected 8 bytes"),
    ],
)
def test_malformed_composite_bytes(cql_type: CqlType, raw: str, message: str) -> None:
    with pytest.raises(MarshalError, match=message):
        deserialize(cql_type, bytes.fromhex(raw))


def test_empty_and_null() -> None:
    assert deserialize(NATIVE["int"], b"") is EMPTY
    assert deserialize(NATIVE["text"], b"") == ""
    assert deserialize(NATIVE["blob"], b"") == b""
    assert deserialize(NATIVE["int"], None) is None
    assert serialize(NATIVE["int"], None) is None
    assert serialize(NATIVE["int"], EMPTY) == b""
    assert serialize(TupleType((NATIVE["int"], NATIVE["text"])), (1, None)) == (
        bytes.fromhex("0000000400000001ffffffff")
    )


def test_udt_with_fewer_fields_on_the_wire() -> None:
    udt = UserDefinedType("addr", (("street", NATIVE["text"]), ("zip", NATIVE["int"])), "ks")
    assert deserialize(udt, bytes.fromhex("0000000161")) == {"street": "a", "zip": None}
    assert deserialize(udt, b"") == {"street": None, "zip": None}


def test_sets_of_udts_and_collections_decode_as_lists() -> None:
    udt = UserDefinedType("tag", (("name", NATIVE["text"]),), "ks")
    of_udts = SetType(udt)
    value = [{"name": "a"}, {"name": "b"}]
    assert deserialize(of_udts, serialize(of_udts, value)) == value
    of_sets = SetType(SetType(NATIVE["int"], frozen=True))
    assert deserialize(of_sets, serialize(of_sets, [{1, 2}, {3}])) == [{1, 2}, {3}]
    pairs = SetType(TupleType((NATIVE["int"], NATIVE["int"])))
    assert deserialize(pairs, serialize(pairs, {(1, 2)})) == {(1, 2)}


def test_out_of_range_dates_and_timestamps_are_ints() -> None:
    assert deserialize(NATIVE["date"], bytes.fromhex("00000000")) == -(2**31)
    assert deserialize(NATIVE["date"], bytes.fromhex("80000001")) == dt.date(1970, 1, 2)
    assert deserialize(NATIVE["timestamp"], bytes.fromhex("7fffffffffffffff")) == 2**63 - 1
    naive = dt.datetime(2020, 1, 1, 0, 0, 0, 1500)
    assert deserialize(NATIVE["timestamp"], serialize(NATIVE["timestamp"], naive)) == (
        dt.datetime(2020, 1, 1, 0, 0, 0, 1000, tzinfo=UTC)
    )


def test_vectors() -> None:
    vec = VectorType(NATIVE["float"], 3)
    assert serialize(vec, [1.0, 2.0, 3.0]) == bytes.fromhex("3f8000004000000040400000")
    assert deserialize(vec, bytes.fromhex("3f8000004000000040400000")) == [1.0, 2.0, 3.0]
    texts = VectorType(NATIVE["text"], 2)
    assert deserialize(texts, serialize(texts, ["a", "bc"])) == ["a", "bc"]
    with pytest.raises(MarshalError, match="Expected a list of 3 values"):
        serialize(vec, [1.0])


@pytest.mark.parametrize(
    ("cql_type", "value"),
    [
        (NATIVE["int"], 2**31),
        (NATIVE["int"], "1"),
        (NATIVE["tinyint"], 128),
        (NATIVE["float"], 1e300),
        (NATIVE["timeuuid"], uuid.uuid4()),
        (NATIVE["time"], -1),
        (NATIVE["decimal"], decimal.Decimal("nan")),
        (NATIVE["inet"], "not-an-ip"),
        (ListType(NATIVE["int"]), [1, None]),
        (ListType(NATIVE["int"]), "abc"),
        (UserDefinedType("u", (("a", NATIVE["int"]),)), {"b": 1}),
    ],
)
def test_values_that_do_not_fit(cql_type: CqlType, value: Any) -> None:
    with pytest.raises(MarshalError):
        serialize(cql_type, value)


def test_inet_accepts_strings() -> None:
    assert deserialize(NATIVE["inet"], serialize(NATIVE["inet"], "::1")) == (
        ipaddress.IPv6Address("::1")
    )


def test_ordered_forms_keep_their_order() -> None:
    text_set = SetType(NATIVE["text"])
    assert deserialize(ListType(NATIVE["text"]), serialize(text_set, ("b", "a"))) == ["b", "a"]
    text_map = MapType(NATIVE["text"], NATIVE["int"])
    assert list(deserialize(text_map, serialize(text_map, (("b", 1), ("a", 2))))) == ["b", "a"]
    udt = UserDefinedType("u", (("x", NATIVE["int"]), ("y", NATIVE["text"])))
    assert serialize(udt, (1, None)) == serialize(udt, {"x": 1})
    with pytest.raises(MarshalError, match="Expected a dict for map"):
        serialize(text_map, [("a",)])


def test_timeuuid_checks_only_the_version_nibble() -> None:
    max_timeuuid = uuid.UUID("e23f450f-53a6-11e2-7f7f-7f7f7f7f7f7f")  # not an RFC 4122 variant
    assert deserialize(NATIVE["timeuuid"], serialize(NATIVE["timeuuid"], max_timeuuid)) == (
        max_timeuuid
    )
