"""Planned DDL for sync_table: snapshots of the compiled statements, warnings and mismatches."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from coodie.ast.enums import IndexKind
from coodie.compiler import compile
from coodie.management import SyncPlan, plan_model_sync, plan_table_sync
from coodie.management.introspect import LiveIndex
from coodie.model.schema import IndexSchema

from .schemas import ADDRESS, INT, PHONE, TEXT, ck, col, event_schema, live_of, pk, table


def rendered(plan: SyncPlan) -> dict[str, Any]:
    return {
        "cql": [compile(s).cql for s in plan.statements],
        "warnings": list(plan.warnings),
        "mismatches": list(plan.mismatches),
    }


def cql_only(*cql: str) -> dict[str, Any]:
    """What ``rendered`` gives for a plan of these statements, without warnings or mismatches."""
    return {"cql": list(cql), "warnings": [], "mismatches": []}


INDEXES = (
    IndexSchema("event_kind_idx", "kind"),
    IndexSchema("event_tags_idx", "tags", IndexKind.VALUES),
    IndexSchema("event_attrs_keys_idx", "attrs", IndexKind.KEYS),
    IndexSchema("event_attrs_entries_idx", "attrs", IndexKind.ENTRIES),
    IndexSchema(
        "event_owner_sai",
        "owner",
        custom_class="StorageAttachedIndex",
        options=(("case_sensitive", "false"),),
    ),
)
OPTIONS = (
    ("gc_grace_seconds", 3600),
    ("comment", "events, 'quoted'"),
    ("compaction", {"class": "LeveledCompactionStrategy", "sstable_size_in_mb": 64}),
)


def test_new_table_with_clustering_order_options_ttl_and_indexes(snapshot: Any) -> None:
    schema = event_schema(indexes=INDEXES, options=OPTIONS, default_ttl=86400)
    plan = rendered(plan_table_sync(schema, None))
    # the table first (with its clustering order, options and TTL), then its five indexes
    assert plan["cql"][0].startswith("CREATE TABLE IF NOT EXISTS shop.event (")
    assert "CLUSTERING ORDER BY (at DESC)" in plan["cql"][0]
    assert "default_time_to_live = 86400" in plan["cql"][0]
    assert [c.split(" ON ")[0].split()[-1] for c in plan["cql"][1:]] == [i.name for i in INDEXES]
    assert plan == snapshot


def test_full_collection_index_on_frozen_list() -> None:
    from coodie.cql.types import ListType

    schema = table(
        [pk("id", INT), col("fl", ListType(INT, frozen=True))],
        name="frozen_things",
        indexes=(IndexSchema("frozen_things_fl_idx", "fl", IndexKind.FULL),),
    )
    assert rendered(plan_table_sync(schema, None)) == cql_only(
        "CREATE TABLE IF NOT EXISTS shop.frozen_things (id int, fl frozen<list<int>>, "
        "PRIMARY KEY (id))",
        "CREATE INDEX IF NOT EXISTS frozen_things_fl_idx ON shop.frozen_things (full(fl))",
    )


def test_unchanged_table_plans_nothing() -> None:
    schema = event_schema(indexes=INDEXES, options=OPTIONS, default_ttl=86400)
    live = live_of(
        schema,
        gc_grace_seconds=3600,
        comment="events, 'quoted'",
        default_time_to_live=86400,
        compaction={
            "class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy",
            "max_threshold": "32",
            "min_threshold": "4",
            "sstable_size_in_mb": "64",
        },
    )
    plan = plan_table_sync(schema, live)
    assert plan == SyncPlan()


def test_new_columns_are_added_in_one_statement() -> None:
    old = event_schema()
    new = attrs.evolve(
        old,
        columns={
            **old.columns,
            "score": col("score", INT),
            "region": col("region", TEXT, static=True),
        },
    )
    assert rendered(plan_table_sync(new, live_of(old))) == cql_only(
        "ALTER TABLE shop.event ADD (score int, region text STATIC)"
    )


def test_missing_indexes_are_created(snapshot: Any) -> None:
    old = event_schema(indexes=INDEXES[:1])
    new = event_schema(indexes=INDEXES)
    plan = rendered(plan_table_sync(new, live_of(old)))
    # only the four indexes the live table lacks
    assert [c.split(" ON ")[0].split()[-1] for c in plan["cql"]] == [i.name for i in INDEXES[1:]]
    assert plan == snapshot


def test_changed_options_are_altered(snapshot: Any) -> None:
    schema = event_schema(options=OPTIONS, default_ttl=60)
    live = live_of(schema, gc_grace_seconds=864000, comment="old", default_time_to_live=0)
    plan = rendered(plan_table_sync(schema, live))
    (alter,) = plan["cql"]  # one ALTER TABLE ... WITH for every changed option
    assert alter.startswith("ALTER TABLE shop.event WITH gc_grace_seconds = 3600 AND comment =")
    assert alter.endswith("AND default_time_to_live = 60")
    assert plan == snapshot


def test_removed_column_is_a_warning_never_a_drop() -> None:
    old = event_schema()
    new = attrs.evolve(old, columns={k: v for k, v in old.columns.items() if k != "kind"})
    assert plan_table_sync(new, live_of(old)) == SyncPlan(
        warnings=(
            "column kind exists in the table but not in the model; coodie never drops columns",
        )
    )


def test_undeclared_index_is_kept_with_a_warning_by_default(snapshot: Any) -> None:
    old = event_schema(indexes=INDEXES)
    new = event_schema(indexes=INDEXES[:2])
    plan = plan_table_sync(new, live_of(old))
    assert plan.statements == ()
    # one warning per undeclared index, naming it and how to drop it
    assert [w.split()[1] for w in plan.warnings] == [i.name for i in INDEXES[2:]]
    assert all("sync_table(drop_removed_indexes=True) drops it" in w for w in plan.warnings)
    assert rendered(plan) == snapshot


def test_drop_removed_indexes_drops_undeclared_indexes() -> None:
    old = event_schema(indexes=INDEXES)
    new = event_schema(indexes=INDEXES[:2])
    plan = plan_table_sync(new, live_of(old), drop_removed_indexes=True)
    assert rendered(plan) == cql_only(
        "DROP INDEX IF EXISTS shop.event_attrs_keys_idx",
        "DROP INDEX IF EXISTS shop.event_attrs_entries_idx",
        "DROP INDEX IF EXISTS shop.event_owner_sai",
    )


def test_index_under_another_name_is_reused_not_duplicated() -> None:
    schema = event_schema(indexes=(IndexSchema("by_kind", "kind"),))
    live = live_of(event_schema())
    live = attrs.evolve(live, indexes=(LiveIndex("event_kind_idx", "kind", IndexKind.VALUES),))
    assert plan_table_sync(schema, live, drop_removed_indexes=True) == SyncPlan(
        warnings=("index by_kind on kind exists as event_kind_idx; keeping it",)
    )


def test_changed_primary_key_clustering_order_and_types_are_mismatches(snapshot: Any) -> None:
    old = event_schema()
    changed = table(
        [
            pk("tenant", TEXT),
            pk("day", INT, position=1),
            ck("at", desc=False),
            col("kind", INT),
            col("owner", TEXT),
            col("extra", INT),
        ]
    )
    plan = plan_table_sync(changed, live_of(old))
    # four mismatches (never fixed by DDL), the new column added, the old ones only warned about
    assert [m.split(": ")[1] for m in plan.mismatches] == [
        "partition key",
        "clustering order of at",
        "type of kind",
        "owner",
    ]
    assert [compile(s).cql for s in plan.statements] == ["ALTER TABLE shop.event ADD (extra int)"]
    assert rendered(plan) == snapshot


def test_changed_index_definition_is_a_mismatch() -> None:
    old = event_schema(indexes=(IndexSchema("event_attrs_idx", "attrs", IndexKind.KEYS),))
    new = event_schema(indexes=(IndexSchema("event_attrs_idx", "attrs", IndexKind.VALUES),))
    assert plan_table_sync(new, live_of(old)) == SyncPlan(
        mismatches=(
            "shop.event: index event_attrs_idx: the model indexes attrs, "
            "the table indexes keys(attrs)",
        )
    )


def test_user_types_are_planned_first_in_dependency_order(snapshot: Any) -> None:
    from coodie.cql.types import MapType

    schema = table(
        [pk("id", INT), col("home", ADDRESS), col("others", MapType(TEXT, ADDRESS))],
        name="customer",
    )
    plan = rendered(plan_model_sync(schema, None, {}))
    # phone before address (address uses phone), both before the table
    assert [c.split(" (")[0].split()[-1] for c in plan["cql"]] == [
        "shop.phone",
        "shop.address",
        "shop.customer",
    ]
    assert plan == snapshot


def test_existing_user_types_get_only_new_fields() -> None:
    from coodie.management.introspect import LiveType

    schema = table([pk("id", INT), col("home", ADDRESS)], name="customer")
    live_types = {
        "phone": LiveType("shop", "phone", (("country", INT),)),
        "address": LiveType("shop", "address", ADDRESS.fields),
    }
    plan = plan_model_sync(schema, live_of(schema), live_types)
    assert [compile(s).cql for s in plan.statements] == ["ALTER TYPE shop.phone ADD number text"]
    assert not plan.warnings and not plan.mismatches


def test_keyspace_argument_overrides_the_model_keyspace() -> None:
    schema = attrs.evolve(event_schema(), keyspace=None)
    plan = plan_table_sync(schema, None, keyspace="tenant_a")
    assert compile(plan.statements[0]).cql.startswith("CREATE TABLE IF NOT EXISTS tenant_a.event")


@pytest.mark.parametrize("live_type", ["list<int>", "frozen<list<int>>", "varchar"])
def test_type_changes_are_reported_with_both_types(live_type: str) -> None:
    from coodie.management.introspect import live_column

    schema = table([pk("id", INT), col("v", INT)])
    live = live_of(schema)
    bad = live_column({"column_name": "v", "kind": "regular", "position": -1, "type": live_type})
    live = attrs.evolve(live, columns={**live.columns, "v": bad})
    (mismatch,) = plan_table_sync(schema, live).mismatches
    assert mismatch == f"shop.event: type of v: the model has int, the table has {live_type}"


def test_phone_is_used_inside_a_frozen_list_of_address() -> None:
    from coodie.management.plan import used_types

    assert [t.name for t in used_types([ADDRESS])] == ["phone", "address"]
    assert [t.name for t in used_types([PHONE, ADDRESS])] == ["phone", "address"]


def test_changed_custom_index_options_are_named_in_the_mismatch() -> None:
    declared = IndexSchema("event_owner_sai", "owner", custom_class="StorageAttachedIndex",
                           options=(("case_sensitive", "false"),))  # fmt: skip
    live = live_of(event_schema(indexes=(attrs.evolve(declared, options=()),)))
    (mismatch,) = plan_table_sync(event_schema(indexes=(declared,)), live).mismatches
    assert mismatch == (
        "shop.event: index event_owner_sai: the model indexes owner using StorageAttachedIndex "
        "(case_sensitive=false), the table indexes owner using StorageAttachedIndex"
    )
