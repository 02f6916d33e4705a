"""What the AST tests and the compiler tests share: the node classes, a small select."""

from __future__ import annotations

import importlib
import pkgutil

import attrs

import coodie.ast
from coodie.ast import Bind, Column, Comparison, Operator, Select, Table
from coodie.ast.base import Node
from coodie.cql.types import NATIVE, CqlType

T = Table("ks", "t", ("id",))


def concrete_node_classes() -> set[type[Node]]:
    """Every public attrs node class defined in a ``coodie.ast`` module."""
    found: set[type[Node]] = set()
    for info in pkgutil.iter_modules(coodie.ast.__path__):
        module = importlib.import_module(f"coodie.ast.{info.name}")
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and issubclass(obj, Node)
                and attrs.has(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.add(obj)
    return found


def select_by_id(value: object, t: CqlType = NATIVE["int"], limit: int | None = None) -> Select:
    """``SELECT id FROM ks.t WHERE id = ? [LIMIT ?]`` with ``value`` bound as ``t``."""
    where = (Comparison(Column("id"), Operator.EQ, Bind(value, t)),)
    return Select(
        T, (Column("id"),), where, limit=None if limit is None else Bind(limit, NATIVE["int"])
    )
