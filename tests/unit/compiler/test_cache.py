"""The shape-keyed statement cache: a hit only collects params (shapes: ``tests/unit/ast``)."""

from __future__ import annotations

from coodie.ast import Select, Table
from coodie.compiler import StatementCache, cache, compile

from ..ast.samples import select_by_id


def test_a_repeated_shape_is_a_cache_hit_with_fresh_params() -> None:
    cache.clear()
    first = compile(select_by_id(1, limit=10))
    second = compile(select_by_id(2, limit=20))
    info = cache.info()
    assert (info.misses, info.hits, info.size) == (1, 1, 1)
    assert first.cql == second.cql == "SELECT id FROM ks.t WHERE id = ? LIMIT ?"
    assert (first.params, second.params) == ((1, 10), (2, 20))
    assert second.routing_key_indexes == (0,)


def test_lru_bound() -> None:
    c: StatementCache[int] = StatementCache(maxsize=2)
    c.put("a", 1)
    c.put("b", 2)
    assert c.get("a") == 1  # a is now the most recent
    c.put("c", 3)
    assert c.get("b") is None
    assert (c.get("a"), c.get("c")) == (1, 3)
    assert c.info().size == 2


def test_cache_is_bounded_globally() -> None:
    cache.clear()
    for i in range(cache.maxsize + 10):
        compile(Select(Table("ks", f"t{i}")))
    assert cache.info().size == cache.maxsize
