"""The shape-keyed statement cache: values never enter the key, hits only collect params."""

from __future__ import annotations

import pytest

from coodie.ast import Bind, Column, Comparison, Operator, Select, Table, shape
from coodie.compiler import StatementCache, cache, compile
from coodie.cql.types import NATIVE

T = Table("ks", "t", ("id",))


def _select(value: object, t: object = NATIVE["int"], limit: int | None = None) -> Select:
    where = (Comparison(Column("id"), Operator.EQ, Bind(value, t)),)  # type: ignore[arg-type]
    return Select(
        T, (Column("id"),), where, limit=None if limit is None else Bind(limit, NATIVE["int"])
    )


def test_shape_ignores_values_but_not_types_or_structure() -> None:
    assert shape(_select(1))[0] == shape(_select(2))[0]
    assert hash(shape(_select(1))[0]) == hash(shape(_select(2))[0])
    assert shape(_select(1))[0] != shape(_select("1", NATIVE["text"]))[0]
    assert shape(_select(1))[0] != shape(_select(1, limit=5))[0]
    assert shape(_select(1, limit=5))[0] == shape(_select(9, limit=50))[0]
    assert [b.value for b in shape(_select(3, limit=4))[1]] == [3, 4]


def test_nodes_compare_by_value_and_are_hashable() -> None:
    assert _select(1) == _select(1)
    assert _select(1) != _select(2)
    assert hash(_select([1, 2], NATIVE["int"])) == hash(_select([3], NATIVE["int"]))
    assert len({_select(1), _select(1), _select(2)}) == 2


def test_a_repeated_shape_is_a_cache_hit_with_fresh_params() -> None:
    cache.clear()
    first = compile(_select(1, limit=10))
    second = compile(_select(2, limit=20))
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


def test_evolve_copies_a_node_with_changes_and_a_fresh_shape() -> None:
    from coodie.ast.base import evolve, shape
    from coodie.ast.statements import Select, Table
    from coodie.ast.terms import Bind, Column

    select = Select(Table("ks", "t", ("k",)), (Column("k"),), limit=Bind(1))
    shape(select)  # memoised on the original
    changed = evolve(select, limit=None, allow_filtering=True)
    assert changed == Select(Table("ks", "t", ("k",)), (Column("k"),), allow_filtering=True)
    assert shape(changed)[0] != shape(select)[0]
    assert select.limit == Bind(1)
    with pytest.raises(TypeError, match="no field 'nope'"):
        evolve(select, nope=1)


def test_shape_keys_are_interned_per_shape() -> None:
    from coodie.ast import Insert
    from coodie.ast.base import ShapeKey

    key = shape(_select(1))[0]
    assert isinstance(key, ShapeKey)
    assert shape(_select(2))[0] is key  # equal shapes: the same key object
    assert shape(Bind(1, NATIVE["int"]))[0] is shape(Bind(2, NATIVE["int"]))[0]
    assert shape(Bind(1, NATIVE["int"]))[0] is not shape(Bind(1, NATIVE["bigint"]))[0]

    def insert(a: int, b: str) -> Insert:
        values = (Bind(a, NATIVE["int"]), Bind(b, NATIVE["text"]))
        return Insert(T, (Column("id"), Column("name")), values, ttl=Bind(9, NATIVE["int"]))

    first, second = shape(insert(1, "x")), shape(insert(2, "y"))
    assert first[0] is second[0]
    assert [b.value for b in second[1]] == [2, "y", 9]  # traversal order
    assert shape(Select(T, (Column("id"),), ()))[0] is not key
