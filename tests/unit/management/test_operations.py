"""sync_table & co. through coodie.management.sync / .aio against a fake cluster (no I/O)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from coodie.exceptions import (
    AlreadyExists,
    ConfigurationError,
    InvalidRequest,
    QueryError,
    SchemaMismatch,
    SchemaWarning,
)
from coodie.management import aio as aio_api
from coodie.management import sync as sync_api
from coodie.model.schema import IndexSchema, TableSchema
from coodie.model.usertype import UserType

from .fake_cluster import FakeCluster, fake_cluster
from .schemas import ADDRESS, INT, col, event_schema, pk, table


class Model:
    """Stands in for a Document class: schema plus settings."""

    __schema__: TableSchema


def model_of(schema: TableSchema) -> type:
    return type(schema.model_name, (Model,), {"__schema__": schema})


@pytest.fixture(params=["sync", "aio"])
def api(request: pytest.FixtureRequest) -> Callable[..., Any]:
    module = sync_api if request.param == "sync" else aio_api

    def call(name: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(module, name)(*args, **kwargs)
        if inspect.isawaitable(result):
            return asyncio.run(_await(result))
        return result

    return call


async def _await(awaitable: Any) -> Any:
    return await awaitable


@pytest.fixture
def cluster() -> Any:
    with fake_cluster() as fake:
        yield fake


def test_sync_and_aio_expose_the_same_names_and_signatures() -> None:
    assert sync_api.__all__ == aio_api.__all__
    for name in sync_api.__all__:
        blocking, awaitable = getattr(sync_api, name), getattr(aio_api, name)
        assert inspect.signature(blocking) == inspect.signature(awaitable)
        assert inspect.iscoroutinefunction(awaitable) and not inspect.iscoroutinefunction(blocking)
        assert blocking.__name__ == awaitable.__name__ == name


def test_new_table_is_created_then_agreement_awaited(api: Any, cluster: FakeCluster) -> None:
    schema = event_schema(indexes=(IndexSchema("event_kind_idx", "kind"),))
    sent = api("sync_table", model_of(schema))
    assert [s.cql for s in sent] == cluster.ddl
    assert cluster.ddl[0].startswith("CREATE TABLE IF NOT EXISTS shop.event (")
    assert cluster.ddl[1] == "CREATE INDEX IF NOT EXISTS event_kind_idx ON shop.event (kind)"
    assert cluster.agreements == 1


def test_up_to_date_table_sends_nothing(api: Any, cluster: FakeCluster) -> None:
    schema = event_schema()
    cluster.add_table(schema)
    assert api("sync_table", model_of(schema)) == ()
    assert cluster.ddl == []
    assert cluster.agreements == 0


def test_dry_run_returns_the_plan_and_sends_nothing(api: Any, cluster: FakeCluster) -> None:
    old = event_schema()
    cluster.add_table(old)
    new = attrs.evolve(old, columns={**old.columns, "score": col("score", INT)})
    planned = api("sync_table", model_of(new), dry_run=True)
    assert [s.cql for s in planned] == ["ALTER TABLE shop.event ADD (score int)"]
    assert cluster.ddl == []
    assert api("sync_table", model_of(new)) == planned
    assert cluster.ddl == ["ALTER TABLE shop.event ADD (score int)"]


def test_mismatch_raises_before_anything_is_sent(api: Any, cluster: FakeCluster) -> None:
    old = event_schema()
    cluster.add_table(old)
    new = attrs.evolve(
        old, columns={**old.columns, "kind": col("kind", INT), "new_col": col("new_col")}
    )
    with pytest.raises(SchemaMismatch) as info:
        api("sync_table", model_of(new))
    assert info.value.table == "shop.event"
    assert info.value.differences == [
        "shop.event: type of kind: the model has int, the table has text"
    ]
    assert "type of kind" in str(info.value)
    assert cluster.ddl == []


def test_removed_column_warns_with_schema_warning(api: Any, cluster: FakeCluster) -> None:
    old = event_schema()
    cluster.add_table(old)
    new = attrs.evolve(old, columns={k: v for k, v in old.columns.items() if k != "kind"})
    with pytest.warns(
        SchemaWarning, match="column kind exists in the table but not in the model"
    ) as w:
        assert api("sync_table", model_of(new)) == ()
    assert w[0].filename == __file__  # points at the caller, not at coodie


def test_lost_add_column_race_rereads_and_succeeds(api: Any, cluster: FakeCluster) -> None:
    old = event_schema()
    cluster.add_table(old)
    new = attrs.evolve(old, columns={**old.columns, "score": col("score", INT)})

    def other_process_added_it(cql: str) -> None:
        cluster.rows["columns"].append(
            {
                "keyspace_name": "shop",
                "table_name": "event",
                "column_name": "score",
                "kind": "regular",
                "position": -1,
                "type": "int",
                "clustering_order": "none",
            }
        )

    cluster.failures["ALTER TABLE"] = InvalidRequest(
        "Column with name 'score' already exists", code=0x2200
    )
    cluster.on_ddl.append(other_process_added_it)
    assert api("sync_table", model_of(new)) == ()
    assert cluster.ddl == []


def test_race_with_a_different_type_becomes_a_mismatch(api: Any, cluster: FakeCluster) -> None:
    old = event_schema()
    cluster.add_table(old)
    new = attrs.evolve(old, columns={**old.columns, "score": col("score", INT)})

    def other_process_added_text(cql: str) -> None:
        cluster.rows["columns"].append(
            {"keyspace_name": "shop", "table_name": "event", "column_name": "score",
             "kind": "regular", "position": -1, "type": "text", "clustering_order": "none"}
        )  # fmt: skip

    cluster.failures["ALTER TABLE"] = InvalidRequest("Column with name 'score' already exists")
    cluster.on_ddl.append(other_process_added_text)
    with pytest.raises(SchemaMismatch, match="type of score: the model has int"):
        api("sync_table", model_of(new))


def test_other_errors_propagate(api: Any, cluster: FakeCluster) -> None:
    cluster.failures["CREATE TABLE"] = InvalidRequest("Unknown property 'bogus'")
    with pytest.raises(InvalidRequest, match="bogus"):
        api("sync_table", model_of(event_schema()))


def test_user_types_are_synced_before_the_table(api: Any, cluster: FakeCluster) -> None:
    schema = table([pk("id", INT), col("home", ADDRESS)], name="customer")
    api("sync_table", model_of(schema))
    assert [c.split(" (")[0] for c in cluster.ddl] == [
        "CREATE TYPE IF NOT EXISTS shop.phone",
        "CREATE TYPE IF NOT EXISTS shop.address",
        "CREATE TABLE IF NOT EXISTS shop.customer",
    ]


def test_sync_type_adds_fields_and_refuses_type_changes(api: Any, cluster: FakeCluster) -> None:
    cluster.rows["types"].append(
        {"keyspace_name": "shop", "type_name": "tag", "field_names": ["name"],
         "field_types": ["text"]}
    )  # fmt: skip

    class Tag(UserType):
        name: str
        weight: int | None = None

        class Settings:
            __type_name__ = "tag"
            keyspace = "shop"

    class BadTag(UserType):
        name: int

        class Settings:
            __type_name__ = "tag"
            keyspace = "shop"

    assert [s.cql for s in api("sync_type", Tag)] == ["ALTER TYPE shop.tag ADD weight int"]
    with pytest.raises(SchemaMismatch, match="type of field name: the model has int"):
        api("sync_type", BadTag)
    with pytest.raises(ConfigurationError, match="is not a UserType class"):
        api("sync_type", int)


def test_drop_and_truncate_statements(api: Any, cluster: FakeCluster) -> None:
    model = model_of(event_schema())
    api("drop_table", model)
    api("truncate", model)
    api("drop_table", model, keyspace="other")
    assert cluster.ddl == [
        "DROP TABLE IF EXISTS shop.event",
        "TRUNCATE TABLE shop.event",
        "DROP TABLE IF EXISTS other.event",
    ]


def test_keyspaces(api: Any, cluster: FakeCluster) -> None:
    api("create_keyspace", "ks1", replication_factor=3)
    api("create_keyspace", "ks2", dc_replication_map={"dc1": 3, "dc2": 1}, durable_writes=False)
    api("alter_keyspace", "ks1", replication_factor=2)
    api("drop_keyspace", "ks2")
    assert cluster.ddl == [
        "CREATE KEYSPACE IF NOT EXISTS ks1 WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 3}",
        "CREATE KEYSPACE IF NOT EXISTS ks2 WITH replication = "
        "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 1} AND durable_writes = false",
        "ALTER KEYSPACE ks1 WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 2}",
        "DROP KEYSPACE IF EXISTS ks2",
    ]


def test_existing_keyspace_with_other_replication_warns(api: Any, cluster: FakeCluster) -> None:
    cluster.add_keyspace("ks")
    with pytest.warns(SchemaWarning, match="replication replication_factor: requested 3"):
        assert api("create_keyspace", "ks", replication_factor=3) == ()
    assert api("create_keyspace", "ks", replication_factor=1) == ()
    assert cluster.ddl == []


def test_concurrent_create_keyspace_race_is_success(api: Any, cluster: FakeCluster) -> None:
    cluster.failures["CREATE KEYSPACE"] = AlreadyExists('Cannot add existing keyspace "ks"')
    assert len(api("create_keyspace", "ks", replication_factor=1)) == 1


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"replication_factor": 1, "dc_replication_map": {"dc1": 1}}, {"replication_factor": 0},
     {"dc_replication_map": {}}, {"dc_replication_map": {"dc1": "3"}}],
)  # fmt: skip
def test_bad_replication_is_refused_before_io(api: Any, kwargs: dict[str, Any]) -> None:
    with fake_cluster() as cluster, pytest.raises(QueryError):
        api("create_keyspace", "ks", **kwargs)
    assert cluster.ddl == []


def test_named_connection_and_missing_keyspace(api: Any) -> None:
    schema = attrs.evolve(event_schema(), keyspace=None)
    with fake_cluster("other") as cluster:
        with pytest.raises(ConfigurationError, match="no keyspace"):
            api("sync_table", model_of(schema), connection="other")
        api("drop_table", model_of(schema), connection="other", keyspace="k")
    assert cluster.ddl == ["DROP TABLE IF EXISTS k.event"]


def test_not_a_model_is_refused(api: Any, cluster: FakeCluster) -> None:
    with pytest.raises(ConfigurationError, match="not a concrete Document"):
        api("sync_table", object)


def test_missing_keyspace_is_reported_before_anything_is_sent(
    api: Any, cluster: FakeCluster
) -> None:
    schema = attrs.evolve(event_schema(), keyspace="nowhere")
    with pytest.raises(ConfigurationError, match="keyspace nowhere does not exist"):
        api("sync_table", model_of(schema), dry_run=True)
    assert cluster.ddl == []


@pytest.mark.parametrize("name", ["bad name", "a-b", "shop.v2", ""])
@pytest.mark.parametrize("call", ["create_keyspace", "alter_keyspace", "drop_keyspace"])
def test_invalid_keyspace_names_are_refused_before_io(
    api: Any, cluster: FakeCluster, call: str, name: str
) -> None:
    kwargs = {} if call == "drop_keyspace" else {"replication_factor": 1}
    with pytest.raises(QueryError, match="keyspace name"):
        api(call, name, **kwargs)
    assert cluster.ddl == []
