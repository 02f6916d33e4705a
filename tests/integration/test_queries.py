"""QuerySet terminals: paging beyond one page, counts, projections, tokens, limits, indexes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from coodie.exceptions import QueryError

from .conftest import Api
from .models import Address, Geo


def fill(api: Api, tenant: str, n: int) -> None:
    m = api.models
    b = api.batch("UNLOGGED")
    for i in range(n):
        api(m.Event(tenant=tenant, seq=i, kind="even" if i % 2 == 0 else "odd").save(batch=b))
    api(b.execute())


def interleaved(api: Api, qs: Any) -> tuple[int, int, int]:
    """Advance one iterator twice and a second one once."""
    if not api.is_async:
        first, second = iter(qs), iter(qs)
        return next(first).seq, next(first).seq, next(second).seq

    async def both() -> tuple[int, int, int]:
        first, second = aiter(qs), aiter(qs)
        return (await anext(first)).seq, (await anext(first)).seq, (await anext(second)).seq

    result: tuple[int, int, int] = api(both())
    return result


def test_all_and_iteration_read_every_page(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 23)
    qs = m.Event.find(tenant=tenant).fetch_size(5)
    assert [e.seq for e in api(qs.all())] == list(range(23))
    assert [e.seq for e in api.list(qs)] == list(range(23))
    assert [e.seq for e in api.list(qs)] == list(range(23))  # iterating twice: all rows twice
    assert interleaved(api, qs) == (0, 1, 0)  # two iterators are independent
    assert api(qs.count()) == 23
    assert api(qs.filter(kind="odd").allow_filtering().count()) == 11


def test_paged_results_resume(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 7)
    qs = m.Event.find(tenant=tenant).fetch_size(3)
    pages: list[list[int]] = []
    page = api(qs.paged_all())
    while True:
        pages.append([e.seq for e in page])
        if page.paging_state is None:
            break
        assert len(pages) < 10, "paging does not end"
        page = api(qs.page(page.paging_state).paged_all())
    assert len(pages) >= 3  # 7 rows, 3 a page: resumed at least twice
    assert all(len(p) <= 3 for p in pages)
    assert [seq for p in pages for seq in p] == list(range(7))


def test_first_get_limit_order(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 6)
    qs = m.Event.find(tenant=tenant)
    assert api(qs.first()).seq == 0
    assert [e.seq for e in api(qs.order_by("-seq").limit(2).all())] == [5, 4]
    assert len(api(qs.limit(2).limit(None).all())) == 6
    assert api(qs.filter(seq=3).get()).seq == 3
    with pytest.raises(m.Event.MultipleObjectsReturned):
        api(qs.get())
    assert [e.seq for e in api(qs.filter(m.Event.seq >= 4).all())] == [4, 5]


def test_projections(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 3)
    qs = m.Event.find(tenant=tenant)
    assert api(qs.values_list("seq", flat=True).all()) == [0, 1, 2]
    assert api(qs.values_list("seq", "kind").all())[1] == (1, "odd")
    only = api(qs.only("tenant", "seq").first())
    assert only.seq == 0 and only.payload is None


def test_unloaded_required_fields_are_none_and_not_written_back(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    main, elm = (Address(street=s, zipcode=1, geo=Geo(lat=1.0, lon=2.0)) for s in ("Main", "Elm"))
    api(m.Person(id=pid, name="ann", home=main).save())
    partial = api(m.Person.find(id=pid).only("id", "home").first())
    assert partial.name is None and partial.past == []
    assert "name" not in partial.model_fields_set and "home" in partial.model_fields_set
    deferred = api(m.Person.find(id=pid).defer("name").first())
    assert deferred.name is None and deferred.home == main
    assert api(m.Person.find(id=pid).distinct().first()).name is None
    partial.home = elm
    api(partial.save())
    got = api(m.Person.get(id=pid))
    assert (got.name, got.home) == ("ann", elm)


def test_bulk_update_and_delete(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 4)
    api(m.Event.find(tenant=tenant, seq=1).update(payload="p"))
    assert api(m.Event.get(tenant=tenant, seq=1)).payload == "p"
    api(m.Event.find(tenant=tenant, seq=2).delete())
    assert api(m.Event.find(tenant=tenant).count()) == 3
    api(m.Event.find(tenant=tenant).delete())
    assert api(m.Event.find(tenant=tenant).count()) == 0


def test_static_columns(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 3)
    api(m.Event(tenant=tenant, seq=0, owner="ann").save())
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {"ann"}


def test_writes_to_static_columns_restrict_only_the_partition_key(api: Api) -> None:
    # Cassandra refuses a clustering restriction on a write that touches only static columns
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 3)
    event = api(m.Event.get(tenant=tenant, seq=1))
    api(event.update(owner="ann"))
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {"ann"}
    api(m.Event.find(tenant=tenant).update(owner="bob"))
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {"bob"}
    result = api(event.update(owner="cy", if_conditions={"owner": "bob"}))
    assert result.applied
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {"cy"}
    api(event.delete(columns=("owner",)))
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {None}
    assert api(m.Event.find(tenant=tenant).count()) == 3


def test_bulk_static_write_restricting_a_clustering_column_is_refused_before_io(
    api: Api,
) -> None:
    # Cassandra refuses "UPDATE ... SET owner = ? WHERE tenant = ? AND seq = ?" (owner is
    # static); coodie says so, naming the model and the column, and sends nothing
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 2)
    api(m.Event.find(tenant=tenant).update(owner="ann"))
    with pytest.raises(QueryError, match=r"Event\.seq: update changes only static") as err:
        api(m.Event.find(tenant=tenant, seq=1).update(owner="bob"))
    assert (err.value.model, err.value.field) == ("Event", "seq")
    with pytest.raises(QueryError, match=r"Event\.seq: delete changes only static"):
        api(m.Event.find(tenant=tenant, seq__gt=0).delete("owner"))
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {"ann"}


def test_row_delete_conditioned_only_on_static_columns_is_refused_before_io(api: Api) -> None:
    # Cassandra refuses "DELETE FROM ... WHERE tenant = ? AND seq = ? IF owner = ?" (owner
    # is static) and the partition-wide form too; coodie says so and sends nothing
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    fill(api, tenant, 2)
    api(m.Event.find(tenant=tenant).update(owner="ann"))
    event = api(m.Event.get(tenant=tenant, seq=1))
    with pytest.raises(QueryError, match=r"Event\.owner: a row delete conditioned only on st"):
        api(event.delete(if_conditions={"owner": "ann"}))
    with pytest.raises(QueryError, match=r"conditioned only on static columns \(owner\)"):
        api(m.Event.find(tenant=tenant, seq=1).iff(owner="ann").delete())
    assert api(m.Event.find(tenant=tenant).count()) == 2
    api(event.delete(columns=("owner",), if_conditions={"owner": "ann"}))  # static by name
    assert {e.owner for e in api(m.Event.find(tenant=tenant).all())} == {None}


def test_per_partition_limit_and_token_scan(api: Api) -> None:
    m = api.models
    tenants = [f"t{uuid.uuid4().hex}" for _ in range(3)]
    for t in tenants:
        fill(api, t, 3)
    rows = api(m.Event.find(m.Event.tenant.in_(tenants)).per_partition_limit(1).all())
    assert sorted(r.tenant for r in rows) == sorted(tenants) and {r.seq for r in rows} == {0}
    scanned = api(
        m.Event.find(tenant__token__gt=tenants[0])
        .fetch_size(50)
        .values_list("tenant", flat=True)
        .all()
    )
    first_token_rows = api(
        m.Event.find(tenant__token__lte=tenants[0]).values_list("tenant", flat=True).all()
    )
    total = api(m.Event.find().count())
    assert len(scanned) + len(first_token_rows) == total


def test_secondary_index_and_aggregates(api: Api) -> None:
    m = api.models
    brand = f"b{uuid.uuid4().hex}"
    for price in (1.0, 2.0, 4.0):
        api(m.Product.create(id=uuid.uuid4(), name="x", brand=brand, price=price))
    qs = m.Product.find(brand=brand)
    assert api(qs.count()) == 3
    assert api(qs.sum("price")) == 7.0
    assert api(qs.min("price")) == 1.0
    assert api(qs.max("price")) == 4.0
