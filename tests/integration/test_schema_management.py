"""Schema management end to end (sync and aio): tables, indexes, options, UDTs, keyspaces.

Each test works in its own keyspace, created and dropped through coodie's keyspace API.
No ``from __future__ import annotations``: the models below are defined inside tests.
"""

import itertools
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID, uuid4

import pytest

from coodie.exceptions import InvalidRequest, SchemaMismatch, SchemaWarning
from coodie.fields import ClusteringKey, Frozen, Indexed, PrimaryKey, Static
from coodie.model.usertype import UserType

from .capabilities import require_sai
from .conftest import Api

_counter = itertools.count()


@pytest.fixture
def ks(api: Api) -> Iterator[str]:
    """A fresh keyspace for the test, dropped afterwards."""
    name = f"schema_it_{api.mode}_{next(_counter)}"
    sent = api(api.module.create_keyspace(name, replication_factor=1))
    assert [s.cql for s in sent] == [
        f"CREATE KEYSPACE IF NOT EXISTS {name} WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    ]
    yield name
    api(api.module.drop_keyspace(name))


def rows(api: Api, cql: str, *params: Any) -> list[dict[str, Any]]:
    return list(api(api.module.execute_raw(cql, list(params))))


def columns(api: Api, ks: str, table: str) -> dict[str, tuple[str, str, str]]:
    found = rows(
        api,
        "SELECT column_name, kind, type, clustering_order FROM system_schema.columns "
        "WHERE keyspace_name = ? AND table_name = ?",
        ks,
        table,
    )
    return {r["column_name"]: (r["kind"], r["type"], r["clustering_order"]) for r in found}


def indexes(api: Api, ks: str, table: str) -> dict[str, str]:
    found = rows(
        api,
        "SELECT index_name, options FROM system_schema.indexes "
        "WHERE keyspace_name = ? AND table_name = ?",
        ks,
        table,
    )
    return {r["index_name"]: r["options"]["target"] for r in found}


def table_options(api: Api, ks: str, table: str) -> dict[str, Any]:
    (found,) = rows(
        api,
        "SELECT * FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
        ks,
        table,
    )
    return found


def event_v1(api: Api, ks: str) -> type:
    class Event(api.module.Document):  # type: ignore[name-defined,misc]
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey(order="DESC")]
        kind: Annotated[str, Indexed()] = ""
        tags: Annotated[set[str], Indexed()] = set()
        attrs: Annotated[dict[str, int], Indexed(kind="keys")] = {}
        owner: Annotated[str | None, Static()] = None

        class Settings:
            name = "events"
            keyspace = ks
            __default_ttl__ = 3600
            __options__ = {"comment": "events", "gc_grace_seconds": 7200}

    return Event


def event_v2(api: Api, ks: str, **extra: Any) -> type:
    """v1 plus a regular column, a static column and an entries() index."""

    class Event(api.module.Document):  # type: ignore[name-defined,misc]
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey(order="DESC")]
        kind: Annotated[str, Indexed()] = ""
        tags: Annotated[set[str], Indexed()] = set()
        attrs: Annotated[dict[str, int], Indexed(kind="entries", index_name="events_attrs_e")] = {}
        owner: Annotated[str | None, Static()] = None
        score: int | None = None
        region: Annotated[str | None, Static()] = None

        class Settings:
            name = "events"
            keyspace = ks
            __default_ttl__ = 3600
            __options__ = {"comment": "events", "gc_grace_seconds": 7200, **extra}

    return Event


def test_create_table_then_nothing_to_do(api: Api, ks: str) -> None:
    event = event_v1(api, ks)
    sent = api(event.sync_table())
    assert sent[0].cql.startswith(f"CREATE TABLE IF NOT EXISTS {ks}.events (")
    assert columns(api, ks, "events") == {
        "tenant": ("partition_key", "text", "none"),
        "at": ("clustering", "int", "desc"),
        "kind": ("regular", "text", "none"),
        "tags": ("regular", "set<text>", "none"),
        "attrs": ("regular", "map<text, int>", "none"),
        "owner": ("static", "text", "none"),
    }
    assert indexes(api, ks, "events") == {
        "events_kind_idx": "kind",
        "events_tags_idx": "values(tags)",
        "events_attrs_idx": "keys(attrs)",
    }
    options = table_options(api, ks, "events")
    assert (options["default_time_to_live"], options["gc_grace_seconds"]) == (3600, 7200)
    assert options["comment"] == "events"
    assert api(event.sync_table()) == ()
    assert api(api.module.sync_table(event)) == ()


def test_added_columns_and_indexes_dry_run_then_real(api: Api, ks: str) -> None:
    api(event_v1(api, ks).sync_table())
    v2 = event_v2(api, ks)
    with pytest.warns(SchemaWarning, match="index events_attrs_idx on keys"):
        planned = api(api.module.sync_table(v2, dry_run=True))  # warns like the real run
    assert [s.cql for s in planned] == [
        f"ALTER TABLE {ks}.events ADD (score int, region text STATIC)",
        f"CREATE INDEX IF NOT EXISTS events_attrs_e ON {ks}.events (entries(attrs))",
    ]
    assert "score" not in columns(api, ks, "events")  # a dry run sends nothing
    with pytest.warns(SchemaWarning, match="index events_attrs_idx on keys") as record:
        assert api(v2.sync_table()) == planned
    assert len(record) == 1
    assert columns(api, ks, "events")["region"] == ("static", "text", "none")
    assert indexes(api, ks, "events")["events_attrs_e"] == "entries(attrs)"
    with pytest.warns(SchemaWarning, match="events_attrs_idx"):
        assert api(v2.sync_table()) == ()


def test_drop_removed_indexes(api: Api, ks: str) -> None:
    api(event_v1(api, ks).sync_table())
    v2 = event_v2(api, ks)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SchemaWarning)
        sent = api(api.module.sync_table(v2, drop_removed_indexes=True))
    assert f"DROP INDEX IF EXISTS {ks}.events_attrs_idx" in [s.cql for s in sent]
    assert set(indexes(api, ks, "events")) == {
        "events_kind_idx",
        "events_tags_idx",
        "events_attrs_e",
    }


def test_changed_options_are_altered(api: Api, ks: str) -> None:
    api(event_v1(api, ks).sync_table())
    v2 = event_v2(api, ks, gc_grace_seconds=60, comment="v2")
    with pytest.warns(SchemaWarning):
        sent = [s.cql for s in api(v2.sync_table())]
    assert f"ALTER TABLE {ks}.events WITH comment = 'v2' AND gc_grace_seconds = 60" in sent
    options = table_options(api, ks, "events")
    assert (options["comment"], options["gc_grace_seconds"]) == ("v2", 60)


def test_removed_column_warns_and_keeps_the_data(api: Api, ks: str) -> None:
    v1 = event_v1(api, ks)
    api(v1.sync_table())
    api(v1(tenant="t", at=1, kind="click").save())

    class Event(api.module.Document):  # type: ignore[name-defined,misc]
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey(order="DESC")]

        class Settings:
            name = "events"
            keyspace = ks

    with pytest.warns(SchemaWarning) as record:
        sent = api(Event.sync_table())
    messages = sorted(str(w.message).split(";")[0] for w in record)
    assert messages == [
        "column attrs exists in the table but not in the model",
        "column kind exists in the table but not in the model",
        "column owner exists in the table but not in the model",
        "column tags exists in the table but not in the model",
        "index events_attrs_idx on keys(attrs) is not declared by the model",
        "index events_kind_idx on kind is not declared by the model",
        "index events_tags_idx on tags is not declared by the model",
    ]
    # The warnings point at the caller (this test, or the fixture awaiting it in aio mode).
    assert {Path(w.filename).parent for w in record} == {Path(__file__).parent}
    assert not any("DROP" in s.cql for s in sent)
    assert "kind" in columns(api, ks, "events")
    assert rows(api, f"SELECT kind FROM {ks}.events WHERE tenant = ?", "t") == [{"kind": "click"}]


def test_key_order_and_type_changes_raise_before_sending(api: Api, ks: str) -> None:
    api(event_v1(api, ks).sync_table())

    class Event(api.module.Document):  # type: ignore[name-defined,misc]
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey(order="ASC")]
        kind: int = 0
        brand_new: str | None = None

        class Settings:
            name = "events"
            keyspace = ks

    before = columns(api, ks, "events")
    with pytest.raises(SchemaMismatch) as info:
        api(Event.sync_table())
    assert info.value.differences == [
        f"{ks}.events: clustering order of at: the model has ASC, the table has DESC",
        f"{ks}.events: type of kind: the model has int, the table has text",
    ]
    assert columns(api, ks, "events") == before  # brand_new was not added


class Geo(UserType):
    lat: float
    lon: float


class Place(UserType):
    name: str
    geo: Geo | None = None


def test_user_types_nested_and_in_collections_are_synced_first(api: Api, ks: str) -> None:
    class Trip(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[UUID, PrimaryKey()]
        start: Place | None = None
        stops: list[Place] = []
        by_day: dict[int, Annotated[list[Geo], Frozen()]] = {}

        class Settings:
            name = "trips"
            keyspace = ks

    sent = [s.cql.split(" (")[0] for s in api(Trip.sync_table())]
    assert sent == [
        f"CREATE TYPE IF NOT EXISTS {ks}.geo",
        f"CREATE TYPE IF NOT EXISTS {ks}.place",
        f"CREATE TABLE IF NOT EXISTS {ks}.trips",
    ]
    types = rows(
        api,
        "SELECT type_name, field_names, field_types FROM system_schema.types "
        "WHERE keyspace_name = ?",
        ks,
    )
    by_name = {t["type_name"]: (t["field_names"], t["field_types"]) for t in types}
    assert by_name["place"] == (["name", "geo"], ["text", "frozen<geo>"])
    assert columns(api, ks, "trips")["stops"] == ("regular", "list<frozen<place>>", "none")
    trip_id = uuid4()
    api(Trip(id=trip_id, start=Place(name="home", geo=Geo(lat=1.0, lon=2.0))).save())
    loaded = api(Trip.get(id=trip_id))
    assert loaded.start == Place(name="home", geo=Geo(lat=1.0, lon=2.0))
    assert api(Trip.sync_table()) == ()


def test_sync_type_adds_fields_and_refuses_type_changes(api: Api, ks: str) -> None:
    class Tag(UserType):
        label: str

        class Settings:
            __type_name__ = "tag"

    assert [s.cql for s in api(api.module.sync_type(Tag, keyspace=ks))] == [
        f"CREATE TYPE IF NOT EXISTS {ks}.tag (label text)"
    ]

    class TagV2(UserType):
        label: str
        weight: int | None = None

        class Settings:
            __type_name__ = "tag"

    assert [s.cql for s in api(api.module.sync_type(TagV2, keyspace=ks))] == [
        f"ALTER TYPE {ks}.tag ADD weight int"
    ]
    assert api(api.module.sync_type(TagV2, keyspace=ks)) == ()

    class TagBad(UserType):
        label: int

        class Settings:
            __type_name__ = "tag"

    with pytest.raises(SchemaMismatch, match="type of field label: the model has int"):
        api(api.module.sync_type(TagBad, keyspace=ks))
    api(api.module.drop_type(TagV2, keyspace=ks))
    api(api.module.drop_type(TagV2, keyspace=ks))  # idempotent
    assert rows(api, "SELECT type_name FROM system_schema.types WHERE keyspace_name = ?", ks) == []


def test_drop_table_is_idempotent_and_truncate_empties(api: Api, ks: str) -> None:
    event = event_v1(api, ks)
    api(event.sync_table())
    api(event(tenant="t", at=1).save())
    api(event.truncate())
    assert rows(api, f"SELECT * FROM {ks}.events") == []
    api(event.drop_table())
    api(event.drop_table())
    assert columns(api, ks, "events") == {}


def test_keyspace_lifecycle(api: Api) -> None:
    name = f"schema_it_ks_{api.mode}_{next(_counter)}"
    api(api.module.create_keyspace(name, dc_replication_map={"datacenter1": 1}))
    assert api(api.module.create_keyspace(name, dc_replication_map={"datacenter1": 1})) == ()
    (row,) = rows(
        api,
        "SELECT durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
        name,
    )
    assert row["durable_writes"] is True
    assert row["replication"]["class"].endswith("NetworkTopologyStrategy")
    with pytest.warns(SchemaWarning, match="use alter_keyspace"):
        assert api(api.module.create_keyspace(name, replication_factor=2)) == ()
    api(api.module.alter_keyspace(name, replication_factor=1, durable_writes=False))
    (row,) = rows(
        api,
        "SELECT durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
        name,
    )
    assert row["durable_writes"] is False
    assert row["replication"]["replication_factor"] == "1"
    api(api.module.drop_keyspace(name))
    api(api.module.drop_keyspace(name))
    assert rows(api, "SELECT * FROM system_schema.keyspaces WHERE keyspace_name = ?", name) == []


def test_named_connection(api: Api) -> None:
    name = f"schema_it_conn_{api.mode}_{next(_counter)}"
    api(api.module.create_keyspace(name, replication_factor=1, connection="other"))

    class Note(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[int, PrimaryKey()]
        text: str = ""

        class Settings:
            keyspace = name
            connection = "other"

    assert len(api(Note.sync_table())) == 1
    assert api(api.module.sync_table(Note, connection="other")) == ()
    api(api.module.drop_keyspace(name, connection="other"))


def test_materialized_view_sync_and_drop(api: Api, ks: str) -> None:
    class Click(api.module.Document):  # type: ignore[name-defined,misc]
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey(order="DESC")]
        kind: str = ""

        class Settings:
            name = "events"
            keyspace = ks

    event = Click
    api(event.sync_table())

    class ByKind(api.module.MaterializedView):  # type: ignore[name-defined,misc]
        kind: Annotated[str, PrimaryKey()]
        tenant: Annotated[str, ClusteringKey()]
        at: Annotated[int, ClusteringKey(order="DESC")]

        class Settings:
            name = "events_by_kind"
            __base_table__ = event

    planned = api(ByKind.sync_view(dry_run=True))
    assert [s.cql for s in planned] == [
        f"CREATE MATERIALIZED VIEW IF NOT EXISTS {ks}.events_by_kind AS SELECT kind, tenant, at "
        f"FROM {ks}.events WHERE kind IS NOT NULL AND tenant IS NOT NULL AND at IS NOT NULL "
        "PRIMARY KEY (kind, tenant, at) WITH CLUSTERING ORDER BY (tenant ASC, at DESC)"
    ]
    assert api(ByKind.sync_view()) == planned
    assert api(ByKind.sync_view()) == ()
    assert api(api.module.sync_table(ByKind)) == ()
    api(event(tenant="t", at=5, kind="click").save())
    assert [(r.tenant, r.at) for r in api.list(ByKind.find(kind="click"))] == [("t", 5)]
    api(ByKind.drop_view())
    api(api.module.drop_view(ByKind))
    views = rows(api, "SELECT view_name FROM system_schema.views WHERE keyspace_name = ?", ks)
    assert views == []


def test_full_and_storage_attached_indexes(api: Api, ks: str) -> None:
    require_sai()

    class Doc(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[int, PrimaryKey()]
        path: Annotated[list[int], Frozen(), Indexed(kind="full")] = []
        title: Annotated[str, Indexed(sai=True, index_name="docs_title_sai")] = ""

        class Settings:
            name = "docs"
            keyspace = ks

    sent = [s.cql for s in api(Doc.sync_table())]
    assert sent[1:] == [
        f"CREATE INDEX IF NOT EXISTS docs_path_idx ON {ks}.docs (full(path))",
        f"CREATE CUSTOM INDEX IF NOT EXISTS docs_title_sai ON {ks}.docs (title) "
        "USING 'StorageAttachedIndex'",
    ]
    assert indexes(api, ks, "docs") == {"docs_path_idx": "full(path)", "docs_title_sai": "title"}
    assert api(Doc.sync_table()) == ()


def test_counter_table_refuses_a_default_ttl(api: Api, ks: str) -> None:
    message = "Cannot set default_time_to_live on a table with counters"
    create = f"CREATE TABLE {ks}.hits (k int PRIMARY KEY, n counter)"
    with pytest.raises(InvalidRequest, match=message):
        rows(api, f"{create} WITH default_time_to_live = 60")
    rows(api, create)
    with pytest.raises(InvalidRequest, match=message):
        rows(api, f"ALTER TABLE {ks}.hits WITH default_time_to_live = 60")
