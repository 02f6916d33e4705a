"""The similarity selectors: ``similarity_cosine``, ``_euclidean`` and ``_dot_product``.

Each takes two ``vector<float, n>`` arguments (columns, literals or bind markers; a literal
or marker takes the type of the other argument) and returns a ``float`` score, as
Cassandra 5.0 defines it (see :mod:`coodie.embedded.vectors`), null when an argument is.

>>> from coodie.embedded.parser import parse
>>> st = parse("SELECT similarity_cosine([1, 0], [0, 1]) FROM t")[0]
>>> [t.cql() for t in argument_types(None, st.selections[0].expr)]
['vector<float, 2>', 'vector<float, 2>']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE, CqlType, VectorType
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import Const, ListLit, Marker, Null, SelColumn, SelFunc, SelTerm
from coodie.embedded.terms import UNSET, EvalContext, evaluate
from coodie.embedded.vectors import SELECTOR_FUNCTIONS, as_float, is_zero, similarity

if TYPE_CHECKING:
    from coodie.embedded.catalog import Table
    from coodie.embedded.selectors import RowView, Sel

_FLOAT = NATIVE["float"]


def is_similarity(name: str) -> bool:
    """Whether ``name`` (any case) is one of the similarity selector functions.

    >>> is_similarity("Similarity_Cosine"), is_similarity("token")
    (True, False)
    """
    return name.lower() in SELECTOR_FUNCTIONS


def _text(arg: Any) -> str:
    """How an argument appears in the result column's name."""
    if isinstance(arg, SelColumn):
        return arg.name
    term = arg.term if isinstance(arg, SelTerm) else None
    if isinstance(term, Marker):
        return "?"
    if isinstance(term, Null):
        return "NULL"
    if isinstance(term, ListLit):
        return "[" + ", ".join(_text(SelTerm(e)) for e in term.items) + "]"
    if isinstance(term, Const):
        return term.text
    return "?"


def _column_type(table: Table | None, arg: Any, fname: str) -> CqlType | None:
    """The type an argument has by itself (a column's), None for a literal or marker."""
    if not isinstance(arg, SelColumn) or table is None:
        return None
    col = table.column(arg.name)
    t = col.type
    if not isinstance(t, VectorType) or t.element != _FLOAT:
        raise invalid(
            f"Function {fname} requires a float vector argument, but found argument "
            f"{col.name} of type {t.cql()}"
        )
    return t


def argument_types(table: Table | None, expr: SelFunc) -> list[VectorType]:
    """The ``vector<float, n>`` type of each argument, checked as Cassandra checks them."""
    name = expr.name.lower()
    fname = f"system.{name}"
    if len(expr.args) != 2:
        raise invalid(
            f"Invalid number of arguments for function {fname}(vector<float, n>, vector<float, n>)"
        )
    own = [_column_type(table, a, fname) for a in expr.args]
    for i, arg in enumerate(expr.args):
        term = arg.term if isinstance(arg, SelTerm) else None
        if own[i] is None and isinstance(term, ListLit):
            own[i] = VectorType(_FLOAT, len(term.items))
        elif own[i] is None and not isinstance(term, Marker | Null):
            raise invalid(f"Unsupported argument {_text(arg)} in call to function {fname}")
    known = [t for t in own if t is not None]
    if not known:
        raise invalid(
            f"Cannot infer type of argument {_text(expr.args[0])} in call to function {fname}"
        )
    dims = {t.dimensions for t in known if isinstance(t, VectorType)}
    if len(dims) > 1:
        raise invalid("All arguments must have the same vector dimensions")
    t = known[0]
    assert isinstance(t, VectorType)
    return [t, t]


def similarity_selector(table: Table, expr: SelFunc, ctx: EvalContext) -> Sel:
    """Compile a similarity function call used as a selector."""
    from coodie.embedded.selectors import Sel

    name = expr.name.lower()
    fname = f"system.{name}"
    function = SELECTOR_FUNCTIONS[name]
    types = argument_types(table, expr)
    getters = [_getter(a, t, ctx) for a, t in zip(expr.args, types, strict=True)]

    def call(row: RowView) -> Any:
        a, b = getters[0](row), getters[1](row)
        if a is None or b is None:
            return None
        if function == "COSINE" and (is_zero(a) or is_zero(b)):
            raise invalid(f"Function {fname} doesn't support all-zero vectors")
        return as_float(similarity(function, a, b))

    label = f"{fname}(" + ", ".join(_text(a) for a in expr.args) + ")"
    return Sel(label, _FLOAT, call)


def _getter(arg: Any, t: VectorType, ctx: EvalContext) -> Any:
    if isinstance(arg, SelColumn):
        n = arg.name
        return lambda row: row.vals.get(n)
    value = evaluate(arg.term, t, "arg", ctx)
    value = None if value is UNSET else value
    return lambda row: value
