"""Acceptance checks of behaviours users rely on, end to end (sync and aio).

Each test pins one promise of the execution and schema issues that was only
covered below the public API, or not at all.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

import pytest

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.exceptions import (
    CoodieError,
    DoesNotExist,
    InvalidRequest,
    MultipleObjectsReturned,
    NotSupported,
    QueryError,
)
from coodie.executor.connections import get_driver
from coodie.fields import PrimaryKey

from .conftest import Api


def test_bulk_update_map_none_value_removes_the_key(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product.create(id=pid, name="p", attrs={"k": "v", "j": "w"}))
    api(m.Product.find(id=pid).update(attrs__update={"k": None, "n": "x"}))
    assert api(m.Product.get(id=pid)).attrs == {"j": "w", "n": "x"}
    api(m.Product.find(id=pid).update(attrs__update={"j": None}))
    assert api(m.Product.get(id=pid)).attrs == {"n": "x"}


def test_bulk_collection_updates_match_the_document_ones(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product.create(id=pid, name="p", tags=["a"], labels={"x"}))
    qs = m.Product.find(id=pid)
    api(qs.update(tags__prepend=["b", "c"]))
    api(qs.update(labels__remove={"missing"}))
    got = api(m.Product.get(id=pid))
    assert (got.tags, got.labels) == (["b", "c", "a"], {"x"})


def _record_statements(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Every CQL text sent through connection ``name`` from now on (sync or async)."""
    driver = get_driver(name)
    sent: list[str] = []
    execute, execute_async = driver.execute, driver.execute_async

    def spy(statement: Any, options: Any) -> Any:
        sent.append(statement.cql)
        return execute(statement, options)

    async def spy_async(statement: Any, options: Any) -> Any:
        sent.append(statement.cql)
        return await execute_async(statement, options)

    monkeypatch.setattr(driver, "execute", spy)
    monkeypatch.setattr(driver, "execute_async", spy_async)
    return sent


def test_settings_connection_routes_reads_writes_and_batches(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = api.models
    to_default = _record_statements(monkeypatch, "default")
    to_other = _record_statements(monkeypatch, "other")
    if api.target.driver_type == "embedded":  # two engines: a misrouted statement fails
        tables = api(
            api.module.execute_raw(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'coodie_it'"
            )
        )
        assert "note" not in {r["table_name"] for r in tables}
    a, b = uuid.uuid4(), uuid.uuid4()
    api(m.Note(id=a, text="a").save())
    assert api(m.Note(id=a, text="again").insert()).existing.text == "a"
    doc = api(m.Note.get(id=a))
    api(doc.update(text="updated"))
    assert api(m.Note.find_one(id=a)).text == "updated"
    assert api(m.Note.find(id=a).count()) == 1
    assert [n.text for n in api.list(m.Note.find(id=a))] == ["updated"]
    assert api(m.Note.find(id=a).paged_all()).data[0].id == a
    assert api(m.Note.find(id=a).values_list("text", flat=True).all()) == ["updated"]
    assert api(m.Note.find(id=a).max("text")) == "updated"
    api(m.Note.find(id=a).update(text="bulk"))
    api(doc.delete_columns("text"))
    assert api(m.Note.get(id=a)).text is None  # null reads back as None (docs/writes.md)
    batch = api.batch()
    api(m.Note(id=b, text="batched").save(batch=batch))
    api(batch.execute())
    assert api(m.Note.get(id=b)).text == "batched"
    api(m.Note.find(id=b).delete())
    api(doc.delete())
    assert api(m.Note.find(m.Note.id.in_([a, b])).count()) == 0
    # on every target: each Note statement went through "other", none through "default"
    assert not [cql for cql in to_default if ".note" in cql]
    note_statements = [cql for cql in to_other if ".note" in cql]
    assert len(note_statements) >= 17
    assert any(cql.startswith("BEGIN") for cql in note_statements)  # the batch too


def test_key_columns_cannot_be_updated_and_deletes_need_the_partition_key(api: Api) -> None:
    m = api.models
    tenant = f"t{uuid.uuid4().hex}"
    api(m.Event(tenant=tenant, seq=1, kind="k").save())
    doc = api(m.Event.get(tenant=tenant, seq=1))
    with pytest.raises(QueryError, match=r"Event\.seq: a primary key column cannot be updated"):
        api(doc.update(seq=2))
    with pytest.raises(QueryError, match=r"Event\.tenant: a primary key column cannot be"):
        api(m.Event.find(tenant=tenant, seq=1).update(tenant="other"))
    with pytest.raises(QueryError, match=r"Event\.tenant: delete needs tenant"):
        api(m.Event.find(seq=1).allow_filtering().delete())
    assert (doc.tenant, doc.seq) == (tenant, 1)
    assert [e.seq for e in api(m.Event.find(tenant=tenant).all())] == [1]


def test_model_exceptions_follow_the_class_hierarchy(api: Api) -> None:
    m = api.models
    with pytest.raises(m.Pet.DoesNotExist) as parent_catches:
        api(m.Dog.get(id=uuid.uuid4()))
    assert isinstance(parent_catches.value, m.Dog.DoesNotExist)
    assert isinstance(parent_catches.value, DoesNotExist)
    assert not isinstance(parent_catches.value, m.Product.DoesNotExist)
    with pytest.raises(m.Product.DoesNotExist) as unrelated:
        api(m.Product.get(id=uuid.uuid4()))
    assert not isinstance(unrelated.value, m.Pet.DoesNotExist)
    tenant = f"t{uuid.uuid4().hex}"
    for seq in (1, 2):
        api(m.Event(tenant=tenant, seq=seq).save())
    with pytest.raises(MultipleObjectsReturned) as many:
        api(m.Event.find(tenant=tenant).get())
    assert isinstance(many.value, m.Event.MultipleObjectsReturned)
    assert not isinstance(many.value, m.Product.MultipleObjectsReturned)
    with pytest.raises(TypeError, match="exactly one"):
        m.Event.find(tenant=tenant).values_list("seq", "kind", flat=True)


def test_counter_tables_refuse_save_and_insert(api: Api) -> None:
    m = api.models
    views = m.PageViews(page=f"/p/{uuid.uuid4().hex}", views=1)
    with pytest.raises(QueryError, match=r"PageViews: save\(\) cannot write a counter table"):
        api(views.save())
    with pytest.raises(QueryError, match=r"PageViews: insert\(\) cannot write a counter table"):
        api(views.insert())
    assert api(m.PageViews.find_one(page=views.page)) is None


def test_naive_timestamps_are_refused_everywhere(api: Api) -> None:
    m = api.models
    naive = datetime.datetime(2020, 1, 1)
    doc = m.Product(id=uuid.uuid4(), name="ts")
    writes: tuple[Callable[[], Any], ...] = (
        lambda: doc.save(timestamp=naive),
        lambda: doc.update(name="x", timestamp=naive),
        lambda: doc.delete(timestamp=naive),
        lambda: m.Product.find(id=doc.id).timestamp(naive),
        lambda: api.batch(timestamp=naive),
    )
    for write in writes:
        with pytest.raises(QueryError, match="timezone-aware"):
            api(write())
    assert api(m.Product.find_one(id=doc.id)) is None


def _run_batch(api: Api, body: Callable[[Any], Any], **options: Any) -> None:
    """Run ``body(batch)`` inside ``with`` / ``async with BatchQuery(**options)``."""
    if not api.is_async:
        with api.module.BatchQuery(**options) as batch:
            body(batch)
        return

    async def run() -> None:
        async with api.module.BatchQuery(**options) as batch:
            written = body(batch)
            if written is not None:
                await written

    api(run())


def test_batch_exceptions_callbacks_and_empty_batches(api: Api) -> None:
    m = api.models
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    calls: list[str] = []

    def failing(pid: uuid.UUID, label: str) -> Callable[[Any], Any]:
        def body(batch: Any) -> Any:
            batch.add_callback(calls.append, label)
            written = m.Product(id=pid, name=label).save(batch=batch)
            if api.is_async:
                return _then_raise(written)
            raise KeyError(label)

        return body

    with pytest.raises(KeyError):
        _run_batch(api, failing(dropped, "dropped"))
    with pytest.raises(KeyError):
        _run_batch(api, failing(kept, "kept"), execute_on_exception=True)
    assert calls == ["kept"]
    assert api(m.Product.find_one(id=dropped)) is None
    assert api(m.Product.get(id=kept)).name == "kept"

    broken = api.batch()  # a write to a table that does not exist: the server refuses it
    broken.add_callback(calls.append, "never")
    api(m.Product(id=uuid.uuid4(), name="x").save(batch=broken))
    missing = "INSERT INTO coodie_it.no_such_table (id) VALUES (?)"
    broken.add(CompiledStatement(missing, (1,), kind=StatementKind.INSERT))
    with pytest.raises(CoodieError):
        api(broken.execute())
    assert calls == ["kept"]
    assert api(api.batch().execute()) is None  # an empty batch sends nothing


async def _then_raise(written: Any) -> None:
    await written
    raise KeyError("aio")


def test_lazy_connection_first_used_concurrently_connects_once(api: Api) -> None:
    name = f"lazy_{api.mode}_{uuid.uuid4().hex[:8]}"
    conn = api(api.module.init_coodie(**api.target.init_kwargs(), name=name, lazy=True))
    query = "SELECT key FROM system.local"
    try:
        if api.is_async:

            async def many() -> list[Any]:
                calls = (api.module.execute_raw(query, connection=name) for _ in range(8))
                return list(await asyncio.gather(*calls))

            results = api(many())
        else:
            with ThreadPoolExecutor(8) as pool:
                futures = [
                    pool.submit(api.module.execute_raw, query, connection=name) for _ in range(8)
                ]
                results = [f.result() for f in futures]
        assert results == [[{"key": "local"}]] * 8
        assert conn.connected
        assert conn.driver() is conn.driver()
    finally:
        api(api.module.close(name))


def test_writes_in_a_failed_conditional_batch_leave_documents_unsaved(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    doc = m.Product(id=pid, name="new", price=2.0)
    batch = api.batch()
    api(doc.save(batch=batch))
    api(m.Product(id=pid, name="?").update(price=1.0, if_conditions={"name": "zzz"}, batch=batch))
    assert not api(batch.execute()).applied
    assert api(m.Product.find_one(id=pid)) is None
    api(doc.save())  # still a new document: every non-null field is written
    got = api(m.Product.get(id=pid))
    assert (got.name, got.price) == ("new", 2.0)


def _native_session(api: Api) -> tuple[str, Any, Callable[[], None]]:
    """A session made by the user, outside coodie: (driver_type, session, shutdown)."""
    if api.target.driver_type == "embedded":
        from coodie.embedded import Engine

        return "embedded", Engine().session(), lambda: None
    from cassandra.cluster import Cluster  # type: ignore[import-untyped]

    cluster = Cluster(list(api.target.hosts), port=api.target.port)
    return "scylla", cluster.connect(), cluster.shutdown


def test_an_existing_session_is_wrapped_and_left_open(api: Api) -> None:
    driver_type, session, shutdown = _native_session(api)
    name = f"wrapped_{api.mode}"
    keyspace = f"coodie_wrapped_{api.mode}"
    try:
        api(api.module.init_coodie(driver_type=driver_type, session=session, name=name))
        api(api.module.create_keyspace(keyspace, replication_factor=1, connection=name))

        class Wrapped(api.module.Document):  # type: ignore[name-defined,misc]
            id: Annotated[int, PrimaryKey()]
            text: str = ""

            class Settings:
                keyspace = f"coodie_wrapped_{api.mode}"
                connection = f"wrapped_{api.mode}"

        api(Wrapped.sync_table())
        api(Wrapped(id=1, text="hi").save())
        assert api(Wrapped.get(id=1)).text == "hi"
        native = session.execute(f"SELECT text FROM {keyspace}.wrapped WHERE id = 1")
        assert [tuple(row) for row in getattr(native, "rows", native)] == [("hi",)]
        api(api.module.drop_keyspace(keyspace, connection=name))
        api(api.module.close(name))
        session.execute("SELECT keyspace_name FROM system_schema.keyspaces")  # still open
    finally:
        shutdown()


def test_count_of_a_distinct_query_counts_partitions(api: Api) -> None:
    m = api.models
    tenants = [f"t{uuid.uuid4().hex}" for _ in range(3)]
    for tenant in tenants:
        for seq in (1, 2):
            api(m.Event(tenant=tenant, seq=seq).save())
    qs = m.Event.find(m.Event.tenant.in_(tenants)).distinct().fetch_size(2)
    assert len(api(qs.all())) == 3
    assert api(qs.count()) == 3  # CQL's count(*) ignores DISTINCT: 6
    assert api(qs.limit(2).count()) == 2
    with pytest.raises(NotSupported, match="distinct"):
        api(m.Dog.find().distinct().count())  # like Dog.find().distinct().all()


def test_user_type_class_methods_plan_create_and_drop(api: Api) -> None:
    from coodie.model.usertype import UserType as SyncUserType

    base = api.module.UserType if api.is_async else SyncUserType
    type_name = f"acceptance_tag_{api.mode}"

    class Tag(base):  # type: ignore[valid-type,misc]
        label: str

        class Settings:
            keyspace = "coodie_it"
            __type_name__ = f"acceptance_tag_{api.mode}"

    query = "SELECT type_name FROM system_schema.types WHERE keyspace_name = 'coodie_it'"

    def exists() -> bool:
        return type_name in {r["type_name"] for r in api(api.module.execute_raw(query))}

    planned = api(Tag.sync_type(dry_run=True))
    assert [s.cql for s in planned] == [
        f"CREATE TYPE IF NOT EXISTS coodie_it.{type_name} (label text)"
    ]
    assert not exists()
    assert api(Tag.sync_type()) == planned
    assert exists() and api(Tag.sync_type()) == ()
    assert [s.cql for s in api(Tag.drop_type())] == [f"DROP TYPE IF EXISTS coodie_it.{type_name}"]
    assert not exists()


def test_save_after_delete_writes_the_document_again(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    doc = api(m.Product.create(id=pid, name="pen", price=2.0, tags=["a"]))
    api(doc.delete())
    assert api(m.Product.find_one(id=pid)) is None
    api(doc.save())
    got = api(m.Product.get(id=pid))
    assert (got.name, got.price, got.tags) == ("pen", 2.0, ["a"])
    batch = api.batch()
    api(got.delete(batch=batch))
    api(batch.execute())
    api(got.save())
    assert api(m.Product.get(id=pid)).name == "pen"


def test_save_after_changing_the_primary_key_writes_the_whole_row(api: Api) -> None:
    m = api.models
    old, new = uuid.uuid4(), uuid.uuid4()
    doc = api(m.Product.create(id=old, name="pen", price=2.0))
    doc.id = new
    api(doc.save())
    got = api(m.Product.get(id=new))
    assert (got.name, got.price) == ("pen", 2.0)
    assert api(m.Product.get(id=old)).name == "pen"  # the old row is left alone


def test_insert_of_a_loaded_document_creates_the_whole_row(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product.create(id=pid, name="pen", price=2.0, tags=["a"]))
    doc = api(m.Product.get(id=pid))
    api(m.Product.find(id=pid).delete())  # removed behind the document's back
    assert api(doc.insert()).applied
    got = api(m.Product.get(id=pid))
    assert (got.name, got.price, got.tags) == ("pen", 2.0, ["a"])
    assert not api(doc.insert()).applied  # the row exists now


def test_batches_cassandra_would_refuse_are_refused_before_sending(api: Api) -> None:
    m = api.models
    page = f"/p/{uuid.uuid4().hex}"
    with pytest.raises(QueryError, match=r"PageViews: a counter table is written in a COUNTER"):
        api(m.PageViews(page=page).increment(views=1, batch=api.batch()))
    with pytest.raises(QueryError, match=r"Product: a COUNTER batch holds counter tables'"):
        api(m.Product(id=uuid.uuid4(), name="x").save(batch=api.batch("COUNTER")))
    with pytest.raises(QueryError, match="COUNTER batch cannot have a custom timestamp"):
        api.batch("COUNTER", timestamp=1)
    stamped = api.batch(timestamp=1_600_000_000_000_000)
    doc = m.Product(id=uuid.uuid4(), name="x")
    with pytest.raises(QueryError, match=r"condition \(LWT\) cannot have a custom timestamp"):
        api(doc.update(name="y", if_exists=True, batch=stamped))
    assert stamped.statements == ()
    counters = api.batch("COUNTER")
    api(m.PageViews(page=page).increment(views=2, batch=counters))
    api(counters.execute())
    assert api(m.PageViews.get(page=page)).views == 2


def test_errors_while_preparing_are_coodie_errors(api: Api) -> None:
    query = "SELECT id FROM coodie_it.no_such_table WHERE id = ?"
    with pytest.raises(InvalidRequest, match="no_such_table"):
        api(api.module.execute_raw(query, [1]))
