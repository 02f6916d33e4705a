"""The coodie AST: frozen, hashable nodes grouped by family.

- :mod:`coodie.ast.terms`: columns, bound values, ``token``, functions, aggregates
- :mod:`coodie.ast.predicates`: ``WHERE`` relations and their conjunction
- :mod:`coodie.ast.assignments`: the ``SET`` clause of updates
- :mod:`coodie.ast.conditions`: ``IF EXISTS`` / ``IF NOT EXISTS`` / ``IF c op ?``
- :mod:`coodie.ast.statements`: select, insert, update, delete, batch
- :mod:`coodie.ast.ddl`: keyspaces, tables, indexes, types, views

Example::

    >>> from coodie.ast import Bind, Column, Comparison, Operator, Select, Table
    >>> q = Select(Table("shop", "product", ("id",)),
    ...            where=(Comparison(Column("id"), Operator.EQ, Bind(1)),))
    >>> q == Select(Table("shop", "product", ("id",)),
    ...             where=(Comparison(Column("id"), Operator.EQ, Bind(1)),))
    True
"""

from coodie.ast.assignments import (
    Append,
    Assignment,
    Decrement,
    Increment,
    Prepend,
    Remove,
    SetElement,
    SetField,
    SetValue,
)
from coodie.ast.base import Node, ShapeKey, shape
from coodie.ast.conditions import (
    Condition,
    ConditionOp,
    Conditions,
    IfExists,
    IfNotExists,
    StatementCondition,
)
from coodie.ast.predicates import (
    And,
    Comparison,
    Contains,
    ContainsKey,
    In,
    IsNotNull,
    Like,
    MultiComparison,
    Operator,
    Predicate,
    conjuncts,
)
from coodie.ast.statements import (
    AnnOrdering,
    Batch,
    Delete,
    Insert,
    Ordering,
    Select,
    Statement,
    Table,
    Update,
)
from coodie.ast.terms import (
    Aggregate,
    Aliased,
    Bind,
    Column,
    Element,
    FieldOf,
    FunctionCall,
    Selector,
    Star,
    Term,
    Token,
)

__all__ = [
    "Aggregate",
    "Aliased",
    "And",
    "AnnOrdering",
    "Append",
    "Assignment",
    "Batch",
    "Bind",
    "Column",
    "Comparison",
    "Condition",
    "ConditionOp",
    "Conditions",
    "Contains",
    "ContainsKey",
    "Decrement",
    "Delete",
    "Element",
    "FieldOf",
    "FunctionCall",
    "IfExists",
    "IfNotExists",
    "In",
    "Increment",
    "Insert",
    "IsNotNull",
    "Like",
    "MultiComparison",
    "Node",
    "Operator",
    "Ordering",
    "Predicate",
    "Prepend",
    "Remove",
    "Select",
    "Selector",
    "SetElement",
    "SetField",
    "SetValue",
    "ShapeKey",
    "Star",
    "Statement",
    "StatementCondition",
    "Table",
    "Term",
    "Token",
    "Update",
    "conjuncts",
    "shape",
]
