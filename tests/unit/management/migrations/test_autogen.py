"""Autogeneration: the changes between models and a live schema, rendered as a file (snapshots)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated
from uuid import UUID

import attrs
import pytest
from syrupy.assertion import SnapshotAssertion

import coodie.sync
from coodie.ast.enums import ClusteringOrder
from coodie.executor.runner import run
from coodie.fields import ClusteringKey, Indexed, PrimaryKey
from coodie.management.introspect import LiveTable, LiveView
from coodie.management.migrations import RunSettings, migrate
from coodie.management.migrations.autogen import read_live, schema_changes, schemas_of
from coodie.management.migrations.autoviews import view_changes, views_of
from coodie.management.migrations.changes import Change
from coodie.management.migrations.render import render_migration
from coodie.management.reads import read_view
from coodie.sync import Document, MaterializedView, UserType
from coodie.testing import isolated_connections


class Address(UserType):
    street: str = ""
    city: str = ""


class Product(Document):
    id: Annotated[UUID, PrimaryKey()]
    name: Annotated[str, Indexed()] = ""
    rating: int | None = None
    price: float | None = None

    class Settings:
        name = "product"


class Customer(Document):
    id: Annotated[UUID, PrimaryKey()]
    address: Address | None = None

    class Settings:
        name = "customer"
        __options__ = {"gc_grace_seconds": 3600}


class Event(Document):
    day: Annotated[str, PrimaryKey()]
    at: Annotated[int, ClusteringKey()]

    class Settings:
        name = "event"


@pytest.fixture
def live_db() -> Iterator[str]:
    with isolated_connections():
        coodie.sync.init_coodie(driver_type="embedded")
        coodie.sync.create_keyspace("shop", replication_factor=1)
        coodie.sync.execute_raw(
            "CREATE TABLE shop.product (id uuid PRIMARY KEY, name text, price text, legacy int)"
        )
        coodie.sync.execute_raw(
            "CREATE TABLE shop.event (day text, at int, x int, PRIMARY KEY (day, x, at))"
        )
        yield "shop"


def test_changes_and_the_rendered_file(live_db: str, snapshot: SnapshotAssertion) -> None:
    schemas = schemas_of([Product, Customer, Event])
    changes = schema_changes(schemas, run(read_live(schemas, live_db)))
    assert [(c.summary, c.executable) for c in changes] == [
        ("add column product.rating int", True),
        ("create index product_name_idx on product(name)", True),
        ("product: type of price: the model has float, the table has text", False),
        ("column product.legacy is not in the model", False),
        ("create type address", True),
        ("create table customer", True),
        ("event: clustering key: the model has (at), the table has (x, at)", False),
    ]
    text = render_migration(changes, description="catch up", models=("shop.models",))
    compile(text, "generated.py", "exec")
    assert text == snapshot


class Score(Document):
    game: Annotated[str, PrimaryKey()]
    player: Annotated[str, ClusteringKey()]
    points: int = 0

    class Settings:
        name = "score"


class ScoreByPoints(MaterializedView):  # missing: created
    game: Annotated[str, PrimaryKey()]
    points: Annotated[int, ClusteringKey(order="DESC")]
    player: Annotated[str, ClusteringKey()]

    class Settings:
        name = "score_by_points"
        __base_table__ = Score


class ScoreByPlayer(MaterializedView):  # live with another key: a TODO
    player: Annotated[str, PrimaryKey()]
    game: Annotated[str, ClusteringKey()]
    points: int = 0

    class Settings:
        name = "score_by_player"
        __base_table__ = Score


class ScoreTop(MaterializedView):  # live as declared: no change
    points: Annotated[int, PrimaryKey()]
    game: Annotated[str, ClusteringKey()]
    player: Annotated[str, ClusteringKey()]

    class Settings:
        name = "score_top"
        __base_table__ = Score


VIEW_MODELS = [Score, ScoreByPoints, ScoreByPlayer, ScoreTop]


@pytest.fixture
def live_views(live_db: str) -> str:
    run = coodie.sync.execute_raw
    run("CREATE TABLE shop.score (game text, player text, points int, PRIMARY KEY (game, player))")
    run(
        "CREATE MATERIALIZED VIEW shop.score_by_player AS SELECT * FROM shop.score "
        "WHERE player IS NOT NULL AND game IS NOT NULL PRIMARY KEY ((player, game))"
    )
    run(
        "CREATE MATERIALIZED VIEW shop.score_top AS SELECT points, game, player FROM shop.score "
        "WHERE points IS NOT NULL AND game IS NOT NULL AND player IS NOT NULL "
        "PRIMARY KEY (points, game, player)"
    )
    run(
        'CREATE MATERIALIZED VIEW shop.score_old AS SELECT game, player, "points" FROM shop.score '
        "WHERE player IS NOT NULL AND game IS NOT NULL PRIMARY KEY (player, game) "
        "WITH CLUSTERING ORDER BY (game DESC)"
    )
    run("INSERT INTO shop.score (game, player, points) VALUES ('g', 'ann', 5)")
    return live_db


def _view_changes(keyspace: str) -> tuple[Change, ...]:
    schemas, views = schemas_of(VIEW_MODELS), views_of(VIEW_MODELS)
    return schema_changes(schemas, run(read_live(schemas, keyspace, views)), views)


def test_materialized_views_created_dropped_or_a_todo(
    live_views: str, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    changes = _view_changes(live_views)
    assert [(c.summary, c.executable) for c in changes] == [
        ("create materialized view score_by_points on score", True),
        ("materialized view score_by_player differs from the model", False),
        ("drop materialized view score_old on score (no model declares it)", True),
    ]
    text = render_migration(changes, description="views", models=("shop.models",))
    assert text == snapshot
    # the generated file runs: upgrade leaves only the TODO, downgrade restores the views
    (tmp_path / "20260101_001_views.py").write_text(text)
    settings = RunSettings(folder=str(tmp_path), keyspace=live_views)
    migrate(settings)
    assert [c.summary for c in _view_changes(live_views)] == [
        "materialized view score_by_player differs from the model"
    ]
    assert coodie.sync.execute_raw("SELECT * FROM shop.score_by_points") == [
        {"game": "g", "points": 5, "player": "ann"}
    ]
    migrate(attrs.evolve(settings, rollback=True))
    assert [(c.summary, c.executable) for c in _view_changes(live_views)] == [
        (s, e) for s, e in [(c.summary, c.executable) for c in changes]
    ]
    old = run(read_view(live_views, "score_old"))
    assert old is not None and old.table.clustering_key == ("game",)
    assert old.table.columns["game"].order is ClusteringOrder.DESC


def test_an_undeclared_view_with_a_filter_is_dropped_and_its_undo_left_to_a_person() -> None:
    live = LiveView(
        LiveTable("shop", "cheap", {}, (), {}), "score", "game IS NOT NULL AND points < 3", True
    )
    (change,) = view_changes([], schemas_of([Score]), {"cheap": live})
    assert change.upgrade == ("ctx.drop_view('cheap')",)
    assert change.downgrade == (
        "# re-create cheap: its filter (game IS NOT NULL AND points < 3) is not only IS NOT NULL",
    )
    assert view_changes([], schemas_of([Product]), {"cheap": live}) == []  # another table's view
