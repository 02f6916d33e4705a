"""``coodie.ast.base``: a tree's shape (its values stripped, interned) and ``evolve``."""

from __future__ import annotations

import pytest

from coodie.ast import Bind, Column, Insert, Select, ShapeKey, shape
from coodie.ast.base import evolve
from coodie.ast.statements import Table
from coodie.cql.types import NATIVE

from .samples import T, select_by_id


def test_shape_ignores_values_but_not_types_or_structure() -> None:
    assert shape(select_by_id(1))[0] == shape(select_by_id(2))[0]
    assert hash(shape(select_by_id(1))[0]) == hash(shape(select_by_id(2))[0])
    assert shape(select_by_id(1))[0] != shape(select_by_id("1", NATIVE["text"]))[0]
    assert shape(select_by_id(1))[0] != shape(select_by_id(1, limit=5))[0]
    assert shape(select_by_id(1, limit=5))[0] == shape(select_by_id(9, limit=50))[0]
    assert [b.value for b in shape(select_by_id(3, limit=4))[1]] == [3, 4]


def test_shape_keys_are_interned_per_shape() -> None:
    key = shape(select_by_id(1))[0]
    assert isinstance(key, ShapeKey)
    assert shape(select_by_id(2))[0] is key  # equal shapes: the same key object
    assert shape(Bind(1, NATIVE["int"]))[0] is shape(Bind(2, NATIVE["int"]))[0]
    assert shape(Bind(1, NATIVE["int"]))[0] is not shape(Bind(1, NATIVE["bigint"]))[0]

    def insert(a: int, b: str) -> Insert:
        values = (Bind(a, NATIVE["int"]), Bind(b, NATIVE["text"]))
        return Insert(T, (Column("id"), Column("name")), values, ttl=Bind(9, NATIVE["int"]))

    first, second = shape(insert(1, "x")), shape(insert(2, "y"))
    assert first[0] is second[0]
    assert [b.value for b in second[1]] == [2, "y", 9]  # traversal order
    assert shape(Select(T, (Column("id"),), ()))[0] is not key


def test_evolve_copies_a_node_with_changes_and_a_fresh_shape() -> None:
    select = Select(Table("ks", "t", ("k",)), (Column("k"),), limit=Bind(1))
    shape(select)  # memoised on the original
    changed = evolve(select, limit=None, allow_filtering=True)
    assert changed == Select(Table("ks", "t", ("k",)), (Column("k"),), allow_filtering=True)
    assert shape(changed)[0] != shape(select)[0]
    assert select.limit == Bind(1)
    with pytest.raises(TypeError, match="no field 'nope'"):
        evolve(select, nope=1)
