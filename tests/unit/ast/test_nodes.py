"""AST nodes: frozen, slotted, hashable values with tuple children and no truth value."""

from __future__ import annotations

import attrs
import pytest

from coodie.ast import And, Bind, Column, Comparison, In, Operator, Select, Table, conjuncts
from coodie.ast.ddl import ColumnDef, CreateTable
from coodie.cql.types import NATIVE

from .samples import concrete_node_classes, select_by_id

NODE_CLASSES = sorted(concrete_node_classes(), key=lambda c: c.__qualname__)


def test_the_walk_finds_every_family() -> None:
    names = {c.__name__ for c in NODE_CLASSES}
    assert {"Bind", "Comparison", "SetValue", "IfExists", "Select", "CreateTable"} <= names
    assert len(NODE_CLASSES) > 50


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda c: c.__name__)
def test_node_classes_are_frozen_and_slotted(cls: type) -> None:
    assert attrs.has(cls)
    assert "__slots__" in vars(cls)
    assert cls.__setattr__ is not object.__setattr__  # attrs' frozen guard
    for field in attrs.fields(cls):
        annotation = str(field.type)
        assert "list[" not in annotation and "dict[" not in annotation, (cls, field.name)


def test_nodes_reject_assignment() -> None:
    node = Comparison(Column("a"), Operator.EQ, Bind(1))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        node.op = Operator.GT  # type: ignore[misc]
    with pytest.raises(AttributeError):
        node.extra = 1  # type: ignore[attr-defined]
    select = Select(Table("ks", "t"), where=(node,))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        select.where = ()  # type: ignore[misc]
    assert isinstance(select.where, tuple)
    table = CreateTable("ks", "t", (ColumnDef("a", NATIVE["int"]),), ("a",))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.if_not_exists = True  # type: ignore[misc]


def test_nodes_compare_by_value_and_are_hashable() -> None:
    assert select_by_id(1) == select_by_id(1)
    assert select_by_id(1) != select_by_id(2)
    assert hash(select_by_id([1, 2], NATIVE["int"])) == hash(select_by_id([3], NATIVE["int"]))
    assert len({select_by_id(1), select_by_id(1), select_by_id(2)}) == 2


def test_a_statement_built_with_defaults_has_empty_clauses() -> None:
    select = Select(Table("ks", "t"))
    assert (select.selectors, select.where, select.order_by) == ((), (), ())
    assert (select.limit, select.allow_filtering, select.distinct) == (None, False, False)
    assert Table("ks", "t").partition_key == ()


def test_a_node_has_no_truth_value() -> None:
    with pytest.raises(TypeError, match="a coodie Column has no truth value: pass it to filter"):
        bool(Column("price"))
    with pytest.raises(TypeError, match="a coodie Select has no truth value"):
        assert Select(Table("ks", "t"))


def test_predicates_combine_into_one_flat_conjunction_in_order() -> None:
    a = Comparison(Column("a"), Operator.GT, Bind(1))
    b = In(Column("b"), Bind([1, 2]))
    c = Comparison(Column("c"), Operator.LT, Bind(3))
    both = (a & b) & c
    assert both == And((a, b, c))
    assert a & (b & c) == both
    assert conjuncts(both) == (a, b, c)
    assert conjuncts(a) == (a,)


def test_or_not_and_plain_bools_are_refused() -> None:
    a = Comparison(Column("a"), Operator.EQ, Bind(1))
    with pytest.raises(TypeError, match="CQL has no OR"):
        _ = a | a
    with pytest.raises(TypeError, match="CQL has no NOT"):
        _ = ~a
    with pytest.raises(TypeError, match="cannot combine a predicate with bool"):
        _ = a & True  # type: ignore[operator]
