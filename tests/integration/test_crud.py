"""Create, read, update, delete: the document API end to end (sync and aio)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from coodie.exceptions import AlreadyExists, CqlSyntaxError, InvalidRequest, QueryError

from .conftest import Api


def test_create_get_find_one(api: Api) -> None:
    m = api.models
    pid = uuid4()
    created = api(m.Product.create(id=pid, name="pen", price=1.5, tags=["a"]))
    assert created.id == pid
    got = api(m.Product.get(id=pid))
    assert (got.name, got.price, got.tags, got.labels, got.attrs) == ("pen", 1.5, ["a"], set(), {})
    assert api(m.Product.find_one(id=uuid4())) is None
    with pytest.raises(m.Product.DoesNotExist):
        api(m.Product.get(id=uuid4()))


def test_save_writes_only_changes_and_none_deletes(api: Api) -> None:
    m = api.models
    pid = uuid4()
    api(m.Product(id=pid, name="pen", price=1.0).save())
    loaded = api(m.Product.get(id=pid))
    loaded.price = 2.0
    api(loaded.save())
    assert api(m.Product.get(id=pid)).price == 2.0
    api(loaded.update(tags=["x"], attrs={"k": "v"}))
    api(loaded.update(attrs=None))
    again = api(m.Product.get(id=pid))
    assert (again.tags, again.attrs) == (["x"], {})


def test_insert_if_not_exists(api: Api) -> None:
    m = api.models
    pid = uuid4()
    first = api(m.Product(id=pid, name="first").insert())
    assert first.applied and first.existing is None
    second = api(m.Product(id=pid, name="second").insert())
    assert not second.applied
    assert isinstance(second.existing, m.Product) and second.existing.name == "first"
    assert api(m.Product.get(id=pid)).name == "first"


def test_conditional_update_and_delete(api: Api) -> None:
    m = api.models
    pid = uuid4()
    doc = api(m.Product.create(id=pid, name="pen", price=1.0))
    failed = api(doc.update(price=5.0, if_conditions={"name": "other"}))
    assert not failed.applied and failed.existing["name"] == "pen"
    assert doc.price == 1.0
    ok = api(doc.update(price=5.0, if_conditions={"name": "pen"}))
    assert ok.applied and doc.price == 5.0
    missing = m.Product(id=uuid4(), name="ghost")
    assert not api(missing.update(price=1.0, if_exists=True)).applied
    assert not api(missing.delete(if_exists=True)).applied
    assert api(doc.delete(if_exists=True)).applied
    assert api(m.Product.find_one(id=pid)) is None


def test_delete_columns(api: Api) -> None:
    m = api.models
    pid = uuid4()
    doc = api(m.Product.create(id=pid, name="pen", tags=["a"], description="d"))
    api(doc.delete_columns("tags", "description"))
    assert (doc.tags, doc.description) == ([], None)
    got = api(m.Product.get(id=pid))
    assert (got.tags, got.description, got.name) == ([], None, "pen")


def test_bad_input_raises_before_sending(api: Api) -> None:
    m = api.models
    doc = m.Product(id=uuid4(), name="pen")
    with pytest.raises(QueryError, match="Product"):
        api(doc.update(nope=1))
    with pytest.raises(QueryError):
        api(doc.update(tags__add={"x"}))


def test_execute_raw(api: Api) -> None:
    m = api.models
    pid = uuid4()
    api(m.Product.create(id=pid, name="raw"))
    rows = api(api.module.execute_raw("SELECT name FROM coodie_it.product WHERE id = ?", [pid]))
    assert rows == [{"name": "raw"}]


def test_lazy_named_connection_connects_on_first_use(api: Api) -> None:
    conn = api(api.module.init_coodie(**api.target.init_kwargs(), name="lazy", lazy=True))
    try:
        assert not conn.connected
        rows = api(api.module.execute_raw("SELECT key FROM system.local", connection="lazy"))
        assert rows == [{"key": "local"}]
        assert conn.connected
    finally:
        api(api.module.close("lazy"))


def test_server_errors_become_coodie_exceptions(api: Api) -> None:
    with pytest.raises(InvalidRequest, match=r"(?i)nope") as missing:
        api(api.module.execute_raw("SELECT * FROM nope.nope"))
    assert missing.value.code == 0x2200
    with pytest.raises(CqlSyntaxError):
        api(api.module.execute_raw("SELEC x"))
    with pytest.raises(AlreadyExists):
        api(
            api.module.execute_raw(
                "CREATE KEYSPACE coodie_it WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
        )


def test_request_options_reach_the_driver(api: Api) -> None:
    m = api.models
    pid = uuid4()
    doc = m.Product(id=pid, name="opts")
    api(doc.save(consistency="ONE", timeout=5.0))
    api(doc.update(price=2.0, consistency="local_quorum", timeout=5.0))
    qs = m.Product.find(id=pid).consistency("ONE").timeout(5.0).fetch_size(10)
    assert [p.price for p in api(qs.all())] == [2.0]
    batch = api.batch(consistency="QUORUM", timeout=5.0)
    api(doc.update(name="batched", batch=batch))
    api(batch.execute())
    assert api(m.Product.get(id=pid)).name == "batched"
    assert api(doc.update(price=3.0, if_exists=True, consistency="QUORUM")).applied
