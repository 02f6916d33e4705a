"""Every CQL type, UDTs (nested, in collections, null) and collections round-trip."""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import uuid

import pytest

from coodie.cql.values import CqlDuration
from coodie.exceptions import NotSupported

from .conftest import Api
from .models import Address, Geo, Tag

UTC = datetime.timezone.utc


def test_every_cql_type_round_trips(api: Api) -> None:
    m = api.models
    values = dict(
        id=uuid.uuid4(),
        t_ascii="plain",
        t_bigint=2**62,
        t_blob=b"\x00\xffdata",
        t_boolean=True,
        t_date=datetime.date(1999, 12, 31),
        t_decimal=decimal.Decimal("-12.345"),
        t_double=1.0000000001,
        t_duration=datetime.timedelta(days=3, microseconds=5),
        t_cql_duration=CqlDuration(months=11, days=3, nanoseconds=7_000),
        t_float=1.5,
        t_inet=ipaddress.ip_address("2001:db8::1"),
        t_int=-(2**31),
        t_smallint=-(2**15),
        t_text="héllo ✓",
        t_time=datetime.time(13, 14, 15, 123456),
        t_timestamp=datetime.datetime(2024, 2, 29, 23, 59, 59, 999000, tzinfo=UTC),
        t_timeuuid=uuid.uuid1(),
        t_tinyint=-128,
        t_varint=-(2**63),
        t_list=[3, 1, 3],
        t_set={"b", "a"},
        t_map={"x": 1, "y": 2},
        t_tuple=(1, "two", False),
        t_frozen=[9, 8],
        t_nested={"k": [1, 2]},
    )
    api(m.AllTypes(**values).save())
    got = api(m.AllTypes.get(id=values["id"]))
    assert got.model_dump() == values


def test_big_varint_and_long_durations(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.AllTypes(id=pid, t_varint=-(10**40)).save())
    assert api(m.AllTypes.get(id=pid)).t_varint == -(10**40)
    long = datetime.timedelta(days=-1, hours=2, seconds=7, microseconds=5)
    duration = m.AllTypes(id=pid, t_duration=long)
    if api.has_gap("duration_seconds"):
        with pytest.raises(NotSupported, match="duration"):
            api(duration.save())
    else:
        api(duration.save())
        assert api(m.AllTypes.get(id=pid)).t_duration == long


def test_cql_duration_field_keeps_months_and_nanoseconds(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    negative = CqlDuration(months=-1, days=-2, nanoseconds=-1)
    if api.has_gap("duration_nanoseconds"):
        with pytest.raises(NotSupported, match="nanoseconds"):
            api(m.AllTypes(id=pid, t_cql_duration=negative).save())
        with pytest.raises(NotSupported, match="twelve months"):
            api(m.AllTypes(id=pid, t_cql_duration=CqlDuration(months=14)).save())
        return
    api(m.AllTypes(id=pid, t_cql_duration=negative).save())
    assert api(m.AllTypes.get(id=pid)).t_cql_duration == negative
    parsed = m.AllTypes.model_validate(
        {"id": pid, "t_cql_duration": {"months": 2, "nanoseconds": 9}}
    )
    api(parsed.save())
    assert api(m.AllTypes.get(id=pid)).t_cql_duration == CqlDuration(2, 0, 9)
    api(m.AllTypes.find(id=pid).update(t_cql_duration=datetime.timedelta(seconds=1)))
    assert api(m.AllTypes.get(id=pid)).t_cql_duration == CqlDuration(0, 0, 10**9)


def test_nulls_and_empty_collections_read_back_as_defaults(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.AllTypes(id=pid).save())
    got = api(m.AllTypes.get(id=pid))
    assert got.t_int is None and got.t_tuple is None
    assert got.t_frozen is None
    assert (got.t_list, got.t_set, got.t_map) == ([], set(), {})
    api(m.AllTypes(id=pid, t_frozen=[]).save())
    stored = api(m.AllTypes.get(id=pid)).t_frozen
    assert stored == (None if api.has_gap("empty_frozen_collection") else [])


def test_raw_reads_give_null_for_a_never_written_collection(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.AllTypes(id=pid).save())
    table = f"{m.AllTypes.Settings.keyspace}.{m.AllTypes.table_name()}"
    (row,) = api(
        api.module.execute_raw(f"SELECT t_list, t_set, t_map FROM {table} WHERE id = ?", [pid])
    )
    assert row == {"t_list": None, "t_set": None, "t_map": None}


def test_udts_nested_in_collections_and_null(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    home = Address(street="Main", zipcode=123, geo=Geo(lat=1.5, lon=-2.5))
    if api.has_gap("udt_null_fields"):
        with pytest.raises(NotSupported, match="null fields"):
            api(m.Person(id=pid, name="ann", home=Address(street="x")).save())
        api(m.Person(id=pid, name="ann", home=home, by_label={"w": home}).save())
        assert api(m.Person.get(id=pid)).by_label == {"w": home}
        return
    past = [Address(street="Old"), Address(street="Older", zipcode=1)]
    api(m.Person(id=pid, name="ann", home=home, past=past, by_label={"w": home}).save())
    got = api(m.Person.get(id=pid))
    assert got.home == home
    assert got.past == past
    assert got.by_label == {"w": home}
    assert got.past[0].geo is None
    api(got.update(home=None))
    assert api(m.Person.get(id=pid)).home is None


def test_sets_of_udts_and_frozen_collections_read_back(api: Api) -> None:
    m = api.models
    lid = uuid.uuid4()
    tags = {Tag(name="a", weight=1), Tag(name="b", weight=2)}
    values = dict(
        tags=tags,
        frozen_tags=frozenset(tags),
        groups={frozenset({1, 2}), frozenset({3})},
        pairs={(1, 2), (3, 4)},
        nested={(1, frozenset({5})), (2, frozenset())},
    )
    if api.has_gap("set_of_unhashable"):
        with pytest.raises(NotSupported, match="a set of user-defined types or collections"):
            api(m.Labelled(id=lid, **values).save())
            api(m.Labelled.get(id=lid))
        api(m.Labelled(id=lid, pairs={(1, 2)}).save())
        assert api(m.Labelled.find(id=lid).only("pairs").first()).pairs == {(1, 2)}
        return
    api(m.Labelled(id=lid, **values).save())
    got = api(m.Labelled.get(id=lid))
    for name, expected in values.items():
        assert getattr(got, name) == expected, name
    assert all(isinstance(t, Tag) for t in got.tags)
    api(got.update(tags=got.tags | {Tag(name="c", weight=3)}))
    assert {t.name for t in api(m.Labelled.get(id=lid)).tags} == {"a", "b", "c"}


def test_collection_mutations(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    doc = api(m.Product.create(id=pid, name="p", tags=["a"], labels={"x"}, attrs={"k": "v"}))
    api(doc.update(tags__prepend=["b", "c"]))
    assert api(m.Product.get(id=pid)).tags == ["b", "c", "a"]
    assert doc.tags == ["b", "c", "a"]
    api(doc.update(tags__append=["z"], labels__add={"y"}, attrs__update={"k2": "v2"}))
    api(doc.update(labels__remove={"missing"}))  # removing a missing element is a no-op
    api(doc.update(attrs__update={"k": None}))  # a None value removes that key
    got = api(m.Product.get(id=pid))
    assert got.tags == ["b", "c", "a", "z"]
    assert got.labels == {"x", "y"}
    assert got.attrs == {"k2": "v2"}
    api(doc.update(tags__remove=["c"], attrs__remove={"k2"}))
    api(doc.update(tags__setitem=(0, "B")))
    got = api(m.Product.get(id=pid))
    assert (got.tags, got.attrs) == (["B", "a", "z"], {})
