"""Materialized views are read like tables and follow their base table."""

from __future__ import annotations

import uuid

from .conftest import Api


def test_view_reads_follow_the_base_table(api: Api, views: object) -> None:
    m = api.models
    game = f"g{uuid.uuid4().hex}"
    for player, points in (("ann", 5), ("bob", 9), ("cid", 7)):
        api(m.Score(game=game, player=player, points=points).save())
    ranked = api(m.ScoreByPoints.find(game=game).all())
    assert [(r.player, r.points) for r in ranked] == [("bob", 9), ("cid", 7), ("ann", 5)]
    api(m.Score(game=game, player="ann").update(points=10))
    assert api(m.ScoreByPoints.find(game=game).first()).player == "ann"
    assert api(m.ScoreByPoints.find(game=game).count()) == 3
