"""The coodie AST: frozen, hashable nodes grouped by family.

- :mod:`coodie.ast.terms`: columns, bound values, ``token``, functions, aggregates
- :mod:`coodie.ast.predicates`: ``WHERE`` relations and their conjunction
"""

from coodie.ast.base import Node, ShapeKey, shape
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
from coodie.ast.terms import (
    Aggregate,
    Aliased,
    Bind,
    Column,
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
    "Bind",
    "Column",
    "Comparison",
    "Contains",
    "ContainsKey",
    "FunctionCall",
    "In",
    "IsNotNull",
    "Like",
    "MultiComparison",
    "Node",
    "Operator",
    "Predicate",
    "Selector",
    "ShapeKey",
    "Star",
    "Term",
    "Token",
    "conjuncts",
    "shape",
]
