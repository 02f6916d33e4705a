"""cqlengine's QuerySet idioms (sync and aio): indexing, slicing, get(**kw), create, batches."""

from __future__ import annotations

import uuid

import pytest

import coodie.sync
from coodie.exceptions import QueryError
from coodie.executor.idioms import item_plan
from coodie.executor.results import LWTResult
from coodie.query.queryset import QuerySetCore

from .conftest import Api
from .models import build


def _events(api: Api, n: int) -> str:
    tenant = f"t-{uuid.uuid4()}"
    for seq in range(n):
        api(api.models.Event(tenant=tenant, seq=seq, kind=f"k{seq}").save())
    return tenant


def test_index_and_slice_read_only_what_they_need(api: Api) -> None:
    m = api.models
    tenant = _events(api, 6)
    qs = m.Event.find(tenant=tenant)
    assert api(qs[0]).seq == 0 and api(qs[4]).seq == 4
    assert [e.seq for e in api(qs[1:3])] == [1, 2]
    assert [e.seq for e in api(qs[4:])] == [4, 5]
    assert [e.seq for e in api(qs[:2])] == [0, 1]
    assert api(qs[3:3]) == []
    assert [e.seq for e in api(qs.limit(3)[1:10])] == [1, 2]  # the query's own limit wins
    with pytest.raises(IndexError, match="index 6 out of range"):
        api(qs[6])
    with pytest.raises(IndexError):
        api(qs.limit(2)[2])
    with pytest.raises(QueryError, match="negative index"):
        api(qs[-1])
    with pytest.raises(QueryError, match="no step"):
        api(qs[::2])
    with pytest.raises(TypeError, match="ints or slices"):
        api(qs["a"])  # type: ignore[call-overload]


def test_index_sends_the_end_as_limit() -> None:
    qs = QuerySetCore(build(coodie.sync).Event).filter(tenant="x")
    for key, limit in ((0, 1), (4, 5), (slice(1, 3), 3)):
        operation = item_plan(qs, key).operation
        statement, _ = next(iter(operation))  # the first request, not sent
        assert statement.cql.endswith("LIMIT ?") and statement.params[-1] == limit


def test_queryset_get_with_filters_and_first(api: Api) -> None:
    m = api.models
    tenant = _events(api, 3)
    assert api(m.Event.find(tenant=tenant).get(seq=1)).kind == "k1"
    assert api(m.Event.find(tenant=tenant).first()).seq == 0
    with pytest.raises(m.Event.MultipleObjectsReturned):
        api(m.Event.find(tenant=tenant).get())
    with pytest.raises(m.Event.DoesNotExist, match="seq = 9"):
        api(m.Event.find(tenant=tenant).get(seq=9))


def test_queryset_create_and_if_not_exists_create(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    made = api(m.Product.find().ttl(3600).create(id=pid, name="pen"))
    assert isinstance(made, m.Product) and made.name == "pen"
    again = api(m.Product.find().if_not_exists().create(id=pid, name="other"))
    assert isinstance(again, LWTResult) and not again.applied
    assert again.existing is not None and again.existing.name == "pen"
    fresh = api(m.Product.find().if_not_exists().create(id=uuid.uuid4(), name="new"))
    assert fresh.applied
    with pytest.raises(QueryError, match="create\\(\\) writes a new row"):
        api(m.Product.find().if_exists().create(id=uuid.uuid4(), name="x"))


def test_bulk_writes_join_a_batch(api: Api) -> None:
    m = api.models
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for pid in (a, b, c):
        api(m.Product.create(id=pid, name="x", price=1.0))
    batch = api.batch()
    api(m.Product.find(id=a).update(price=2.0, batch=batch))
    api(m.Product.find(id=b).delete(batch=batch))
    api(m.Product.find(id=c).batch(batch).delete("description"))
    api(m.Product.find().batch(batch).create(id=uuid.uuid4(), name="batched"))
    assert api(m.Product.get(id=a)).price == 1.0  # nothing sent yet
    assert len(batch.statements) == 4
    api(batch.execute())
    assert api(m.Product.get(id=a)).price == 2.0
    assert api(m.Product.find_one(id=b)) is None
    with pytest.raises(QueryError, match="batch's consistency"):
        api(m.Product.find(id=a).consistency("ONE").update(price=3.0, batch=api.batch()))


def test_a_projection_naming_a_column_twice_returns_it_twice(api: Api) -> None:
    m = api.models
    tenant = _events(api, 2)
    rows = api(m.Event.find(tenant=tenant).values_list("kind", "seq", "kind").all())
    assert rows == [("k0", 0, "k0"), ("k1", 1, "k1")]  # no column lost to a name clash
