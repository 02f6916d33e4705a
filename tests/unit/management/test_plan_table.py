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
    assert rendered(plan_table_sync(schema, None)) == snapshot


def test_full_collection_index_on_frozen_list(snapshot: Any) -> None:
    from coodie.cql.types import ListType

    schema = table(
        [pk("id", INT), col("fl", ListType(INT, frozen=True))],
        name="frozen_things",
        indexes=(IndexSchema("frozen_things_fl_idx", "fl", IndexKind.FULL),),
    )
    assert rendered(plan_table_sync(schema, None)) == snapshot


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


def test_new_columns_are_added_in_one_statement(snapshot: Any) -> None:
    old = event_schema()
    new = attrs.evolve(
        old,
        columns={
            **old.columns,
            "score": col("score", INT),
            "region": col("region", TEXT, static=True),
        },
    )
    assert rendered(plan_table_sync(new, live_of(old))) == snapshot


def test_missing_indexes_are_created(snapshot: Any) -> None:
    old = event_schema(indexes=INDEXES[:1])
    new = event_schema(indexes=INDEXES)
    assert rendered(plan_table_sync(new, live_of(old))) == snapshot


def test_changed_options_are_altered(snapshot: Any) -> None:
    schema = event_schema(options=OPTIONS, default_ttl=60)
    live = live_of(schema, gc_grace_seconds=864000, comment="old", default_time_to_live=0)
    assert rendered(plan_table_sync(schema, live)) == snapshot


def test_removed_column_is_a_warning_never_a_drop(snapshot: Any) -> None:
    old = event_schema()
    new = attrs.evolve(old, columns={k: v for k, v in old.columns.items() if k != "kind"})
    plan = plan_table_sync(new, live_of(old))
    assert plan.statements == ()
    assert rendered(plan) == snapshot


def test_undeclared_index_is_kept_with_a_warning_by_default(snapshot: Any) -> None:
    old = event_schema(indexes=INDEXES)
    new = event_schema(indexes=INDEXES[:2])
    plan = plan_table_sync(new, live_of(old))
    assert plan.statements == ()
    assert rendered(plan) == snapshot


def test_drop_removed_indexes_drops_undeclared_indexes(snapshot: Any) -> None:
    old = event_schema(indexes=INDEXES)
    new = event_schema(indexes=INDEXES[:2])
    plan = plan_table_sync(new, live_of(old), drop_removed_indexes=True)
    assert rendered(plan) == snapshot


def test_index_under_another_name_is_reused_not_duplicated(snapshot: Any) -> None:
    schema = event_schema(indexes=(IndexSchema("by_kind", "kind"),))
    live = live_of(event_schema())
    live = attrs.evolve(live, indexes=(LiveIndex("event_kind_idx", "kind", IndexKind.VALUES),))
    plan = plan_table_sync(schema, live, drop_removed_indexes=True)
    assert plan.statements == ()
    assert rendered(plan) == snapshot


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
    assert plan.mismatches
    assert rendered(plan) == snapshot


def test_changed_index_definition_is_a_mismatch(snapshot: Any) -> None:
    old = event_schema(indexes=(IndexSchema("event_attrs_idx", "attrs", IndexKind.KEYS),))
    new = event_schema(indexes=(IndexSchema("event_attrs_idx", "attrs", IndexKind.VALUES),))
    assert rendered(plan_table_sync(new, live_of(old))) == snapshot


def test_user_types_are_planned_first_in_dependency_order(snapshot: Any) -> None:
    from coodie.cql.types import MapType

    schema = table(
        [pk("id", INT), col("home", ADDRESS), col("others", MapType(TEXT, ADDRESS))],
        name="customer",
    )
    assert rendered(plan_model_sync(schema, None, {})) == snapshot


def test_existing_user_types_get_only_new_fields(snapshot: Any) -> None:
    from coodie.management.introspect import LiveType

    schema = table([pk("id", INT), col("home", ADDRESS)], name="customer")
    live_types = {
        "phone": LiveType("shop", "phone", (("country", INT),)),
        "address": LiveType("shop", "address", ADDRESS.fields),
    }
    assert rendered(plan_model_sync(schema, live_of(schema), live_types)) == snapshot


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
