"""Counters, TTL and timestamps, batches, polymorphism, named connections."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated

import pytest

from coodie.exceptions import ConfigurationError, NotSupported, QueryError
from coodie.fields import PrimaryKey
from coodie.functions import ttl, writetime

from .conftest import Api, _models
from .targets import KEYSPACE


def test_counters(api: Api) -> None:
    m = api.models
    page = f"/p/{uuid.uuid4().hex}"
    views = m.PageViews(page=page)
    api(views.increment(views=3, clicks=1))
    api(views.decrement(views=1))
    got = api(m.PageViews.get(page=page))
    assert (got.views, got.clicks) == (2, 1)
    with pytest.raises(QueryError, match="increment"):
        api(got.save())
    b = api.batch("COUNTER")
    api(got.increment(views=10, batch=b))
    api(b.execute())
    assert api(m.PageViews.get(page=page)).views == 12


def test_ttl_and_timestamps(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    at = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    api(m.Product(id=pid, name="old").save(timestamp=at))
    stamp = api(m.Product.find(id=pid).values_list(writetime(m.Product.name), flat=True).first())
    assert stamp == 1577836800000000
    api(m.Product(id=pid, name="older").save(timestamp=1577836800000000 - 1))
    assert api(m.Product.get(id=pid)).name == "old"  # an older write loses
    api(m.Product(id=pid, name="ttl").save(ttl=1000))
    left = api(m.Product.find(id=pid).values_list(ttl(m.Product.name), flat=True).first())
    assert 990 <= left <= 1000


def test_batches(api: Api) -> None:
    m = api.models
    a, b_id = uuid.uuid4(), uuid.uuid4()
    calls: list[str] = []
    batch = api.batch()
    api(m.Product(id=a, name="a").save(batch=batch))
    api(m.Product(id=b_id, name="b").save(batch=batch))
    batch.add_callback(calls.append, "done")
    assert api(m.Product.find_one(id=a)) is None  # invisible until sent
    api(batch.execute())
    assert calls == ["done"]
    assert api(m.Product.get(id=b_id)).name == "b"
    lwt = api.batch()
    api(m.Product(id=a, name="a2").save(batch=lwt))
    api(m.Product(id=a, name="a").update(price=1.0, if_conditions={"name": "zzz"}, batch=lwt))
    result = api(lwt.execute())
    assert result is not None and not result.applied
    assert api(m.Product.get(id=a)).name == "a"


def test_batch_context_manager(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()

    async def in_async() -> None:
        async with api.module.BatchQuery() as b:
            await m.Product(id=pid, name="ctx").save(batch=b)

    if api.is_async:
        api(in_async())
    else:
        with api.module.BatchQuery() as b:
            m.Product(id=pid, name="ctx").save(batch=b)
    assert api(m.Product.get(id=pid)).name == "ctx"


def test_polymorphism(api: Api) -> None:
    m = api.models
    cat, dog = uuid.uuid4(), uuid.uuid4()
    api(m.Cat(id=cat, name="tom", lives=7).save())
    api(m.Dog(id=dog, name="rex").save())
    got = api(m.Pet.get(id=cat))
    assert isinstance(got, m.Cat) and got.lives == 7 and got.kind == "cat"
    assert isinstance(api(m.Pet.get(id=dog)), m.Dog)


def test_polymorphic_subclass_with_subclasses_reads_only_its_rows(api: Api) -> None:
    m = api.models
    cat, dog, puppy = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    api(m.Cat(id=cat, name="tom").save())
    api(m.Dog(id=dog, name="rex").save())
    api(m.Puppy(id=puppy, name="bit", weeks=3).save())

    dogs = api(m.Dog.find().all())
    assert dogs and all(isinstance(d, m.Dog) and d.kind in ("dog", "puppy") for d in dogs)
    assert {dog, puppy} <= {d.id for d in dogs} and cat not in {d.id for d in dogs}
    streamed = api.list(m.Dog.find().fetch_size(1))
    assert sorted(d.id for d in streamed) == sorted(d.id for d in dogs)
    assert api(m.Dog.find().count()) == len(dogs)
    assert api(m.Dog.find().limit(1).count()) == 1
    assert len(api(m.Dog.find().limit(1).all())) == 1

    assert api(m.Dog.find(id=cat).first()) is None
    assert api(m.Dog.find(id=cat).all()) == []
    assert api(m.Dog.find(id=cat).count()) == 0
    assert api(m.Dog.find(id=cat).paged_all()).data == []
    with pytest.raises(m.Dog.DoesNotExist):
        api(m.Dog.get(id=cat))
    got = api(m.Dog.get(id=puppy))
    assert isinstance(got, m.Puppy) and got.weeks == 3
    assert api(m.Dog.find(id=dog).values_list("name", flat=True).all()) == ["rex"]
    assert api(m.Dog.find(id=cat).values_list("name", flat=True).all()) == []
    with pytest.raises(NotSupported, match="Dog"):
        api(m.Dog.find().sum("weeks"))
    with pytest.raises(NotSupported, match="page by page with a limit"):
        api.list(m.Dog.find().limit(1))
    with pytest.raises(NotSupported, match="distinct"):
        api(m.Dog.find().distinct().all())


def test_polymorphic_leaf_reads_by_key_and_checks_its_class_client_side(api: Api) -> None:
    # Pet.kind has no index: Cassandra refuses "WHERE id = ? AND kind = 'cat'", so a leaf
    # reads by key (or by the other filters) and keeps the rows of its class itself
    m = api.models
    cat, dog = uuid.uuid4(), uuid.uuid4()
    api(m.Cat(id=cat, name="tom", lives=7).save())
    api(m.Dog(id=dog, name="rex").save())
    assert "kind" not in m.Cat.find(id=cat).compile().cql.partition("WHERE")[2]
    got = api(m.Cat.get(id=cat))
    assert isinstance(got, m.Cat) and got.lives == 7
    with pytest.raises(m.Cat.DoesNotExist, match=r"^Cat: no row matches id = UUID"):
        api(m.Cat.get(id=dog))
    assert api(m.Cat.find_one(id=dog)) is None
    assert api(m.Cat.find(id=dog).all()) == []
    assert [c.id for c in api(m.Cat.find(id=cat).all())] == [cat]
    assert api(m.Cat.find(m.Cat.id.in_([cat, dog])).count()) == 1
    assert cat in {c.id for c in api(m.Cat.find().all())}
    assert dog not in {c.id for c in api(m.Cat.find().all())}


def test_named_connections(api: Api) -> None:
    m = api.models
    nid = uuid.uuid4()
    api(m.Note(id=nid, text="on other").save())
    assert api(m.Note.get(id=nid)).text == "on other"

    class Orphan(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[uuid.UUID, PrimaryKey()]

        class Settings:
            keyspace = "coodie_it"
            name = "note"
            connection = "missing"

    with pytest.raises(ConfigurationError, match="missing"):
        api(Orphan.find().first())


TENANT = f"{KEYSPACE}_tenant"


@pytest.fixture
def tenant_keyspace(api: Api) -> str:
    """A second keyspace holding the product table (multi-tenant routing)."""
    import coodie.sync

    coodie.sync.execute_raw(
        f"CREATE KEYSPACE IF NOT EXISTS {TENANT} WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    _models("sync").Product.sync_table(keyspace=TENANT)
    return TENANT


def test_document_using_routes_every_write_and_leaves_the_original_alone(
    api: Api, tenant_keyspace: str
) -> None:
    m = api.models
    pid = uuid.uuid4()
    doc = m.Product(id=pid, name="pen")
    tenant = doc.using(keyspace=tenant_keyspace)
    assert tenant is not doc and tenant == doc
    api(tenant.save())
    here = m.Product.find(id=pid)
    there = m.Product.find(id=pid).using(keyspace=tenant_keyspace)
    assert api(here.first()) is None and api(there.first()).name == "pen"
    api(tenant.update(name="ink"))
    assert api(there.first()).name == "ink" and doc.name == "pen"
    assert api(tenant.insert()).applied is False  # the row exists there
    api(doc.save())  # the original still writes to the model's keyspace
    assert api(here.first()).name == "pen" and api(there.first()).name == "ink"
    api(tenant.delete())
    assert api(there.first()) is None and api(here.first()) is not None

    routed = m.Product.using(keyspace=tenant_keyspace)
    created = api(routed.create(id=uuid.uuid4(), name="cap"))
    assert api(routed.get(id=created.id)).name == "cap"
    assert api(m.Product.find_one(id=created.id)) is None
    assert api(routed.find(id=created.id).count()) == 1

    with pytest.raises(ConfigurationError, match="missing"):
        api(doc.using(connection="missing").save())
    with pytest.raises(TypeError, match=r"Product\.using\(\) needs keyspace"):
        doc.using()
    with pytest.raises(TypeError, match="keyspace must be a str"):
        m.Product.using(keyspace=3)


def test_documents_read_through_a_route_write_and_refresh_there(
    api: Api, tenant_keyspace: str
) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product(id=pid, name="here").save())
    api(m.Product(id=pid, name="there", price=2.0).using(keyspace=tenant_keyspace).save())
    here = m.Product.find(id=pid)
    there = here.using(keyspace=tenant_keyspace)
    for loaded in (
        api(there.get()),
        api(there.first()),
        api(there.all())[0],
        api(there.paged_all()).data[0],
        api.list(there)[0],
        api(m.Product.using(keyspace=tenant_keyspace).get(id=pid)),
    ):
        assert loaded.name == "there"
        loaded.price = 3.0
        api(loaded.save())  # back where it was read: the tenant's row, not the model's
        assert api(here.first()).price == 0.0
        assert api(there.first()).price == 3.0
        api(there.update(price=2.0))

    doc = api(there.get())
    api(there.update(name="changed"))
    assert api(doc.refresh()) is doc  # reads the tenant's row again, in place
    assert (doc.name, doc.price) == ("changed", 2.0)
    doc.price = 5.0
    assert doc.get_changed_columns() == ["price"]  # stored state is the refreshed row
    mine = api(here.get())
    api(m.Product(id=pid, name="renamed").save())
    api(mine.refresh())
    assert (mine.name, mine.get_changed_columns()) == ("renamed", [])
    fresh = m.Product(id=pid, name="stale")
    assert api(fresh.using(keyspace=tenant_keyspace).refresh()).name == "changed"
    api(there.delete())
    with pytest.raises(m.Product.DoesNotExist, match="Product: no row matches id = UUID"):
        api(doc.refresh())
    assert doc.name == "changed"  # a failed refresh leaves the document as it was


def test_batch_timestamp(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    batch = api.batch(timestamp=1_600_000_000_000_000)
    api(m.Product(id=pid, name="stamped").save(batch=batch))
    api(batch.execute())
    stamp = api(m.Product.find(id=pid).values_list(writetime(m.Product.name), flat=True).first())
    assert stamp == 1_600_000_000_000_000
