"""Compiling SELECT clauses into evaluators over rows (incl. aggregates).

A :class:`RowView` holds a row's visible values and the cells carrying them
(for ``writetime``/``ttl``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    UserDefinedType,
)
from coodie.embedded.aggregates import (
    AccumulatorFactory,
    Average,
    CountRows,
    CountValues,
    Pick,
    Sum,
    wrap,
)
from coodie.embedded.catalog import Table
from coodie.embedded.codec import EMPTY
from coodie.embedded.errors import invalid
from coodie.embedded.lexer import TokenKind
from coodie.embedded.nodes import (
    Const,
    SelArith,
    SelCast,
    SelColumn,
    SelCountStar,
    SelElem,
    SelField,
    SelFunc,
    SelSlice,
    SelTerm,
)
from coodie.embedded.ordering import key_function
from coodie.embedded.terms import UNSET, EvalContext, evaluate
from coodie.embedded.vector_functions import is_similarity, similarity_selector


class RowView:
    """One visible row: values and cells by column name, and its partition."""

    __slots__ = ("cells", "part", "vals")

    def __init__(self, part: Any, vals: dict[str, Any], cells: dict[str, Any]) -> None:
        self.part = part
        self.vals = vals
        self.cells = cells


Eval = Callable[[RowView], Any]


class Sel:
    """A compiled selector: output name, type, and either a row function or an aggregate."""

    def __init__(
        self,
        name: str,
        type_: CqlType,
        fn: Eval | None = None,
        agg: AccumulatorFactory | None = None,
        column: str | None = None,
    ) -> None:
        self.name = name
        self.type = type_
        self.fn = fn
        self.agg = agg
        self.column = column


_NUM_ORDER = [
    "tinyint",
    "smallint",
    "int",
    "bigint",
    "counter",
    "varint",
    "float",
    "double",
    "decimal",
]
_BITS = {"tinyint", "smallint", "int", "bigint", "counter"}


def compile_selector(table: Table, expr: Any, ctx: EvalContext) -> Sel:
    """Compile one selection expression."""
    if isinstance(expr, SelColumn):
        col = table.column(expr.name)
        n = col.name
        return Sel(_display(n), col.type, lambda r: r.vals.get(n), column=n)
    if isinstance(expr, SelCountStar):
        return Sel("count", NATIVE["bigint"], agg=CountRows)
    if isinstance(expr, SelFunc):
        return _function(table, expr, ctx)
    if isinstance(expr, SelCast):
        return _cast(table, expr, ctx)
    if isinstance(expr, SelField):
        inner = compile_selector(table, expr.arg, ctx)
        t = inner.type
        if not isinstance(t, UserDefinedType):
            raise invalid(
                f"Invalid field selection: {inner.name} of type {t.cql()} is not a user type"
            )
        names = [n for n, _ in t.fields]
        if expr.field not in names:
            raise invalid(f"{t.name} has no field {expr.field}")
        i = names.index(expr.field)
        f = inner.fn
        if f is None:
            raise invalid(f"Invalid use of aggregate {inner.name} in a selection")

        def field(r: RowView) -> Any:
            v = f(r)
            return None if v is None or i >= len(v) else v[i]

        return Sel(f"{inner.name}.{expr.field}", t.fields[i][1], field)
    if isinstance(expr, SelElem | SelSlice):
        return _element(table, expr, ctx)
    if isinstance(expr, SelArith):
        return _arith(table, expr, ctx)
    if isinstance(expr, SelTerm):
        term = expr.term
        if isinstance(term, Const):
            t = NATIVE["int"] if term.kind is TokenKind.INT else NATIVE["text"]
            v = evaluate(term, t, "selection", ctx)
            return Sel(term.text, t, lambda r: v)
    raise invalid("Unsupported selection")


def _display(name: str) -> str:
    return name


def _function(table: Table, expr: SelFunc, ctx: EvalContext) -> Sel:
    name = expr.name.lower()
    if is_similarity(name):
        return similarity_selector(table, expr, ctx)
    if name in ("writetime", "ttl"):
        arg = expr.args[0] if len(expr.args) == 1 else None
        if not isinstance(arg, SelColumn):
            raise invalid(f"Invalid selection for {name}")
        col = table.column(arg.name)
        fname = "writeTime" if name == "writetime" else "ttl"
        if col.is_primary:
            raise invalid(f"Cannot use selection function {fname} on PRIMARY KEY part {col.name}")
        if isinstance(col.type, ListType | SetType | MapType):
            raise invalid(f"Cannot use selection function {fname} on collections")
        n = col.name
        if name == "writetime":
            return Sel(
                f"writetime({n})",
                NATIVE["bigint"],
                lambda r: r.cells[n].ts if n in r.cells else None,
            )
        now = ctx.now_ms // 1000

        def ttl(r: RowView) -> Any:
            c = r.cells.get(n)
            if c is None or not c.expire:
                return None
            return max(0, c.expire - now)

        return Sel(f"ttl({n})", NATIVE["int"], ttl)
    if name == "token":
        cols = [table.column(a.name) for a in expr.args if isinstance(a, SelColumn)]
        if [c.name for c in cols] != [c.name for c in table.partition_key]:
            raise invalid("Invalid arguments for token function")
        label = "system.token(" + ", ".join(c.name for c in cols) + ")"
        return Sel(label, NATIVE["bigint"], lambda r: r.part.token)
    args = [_argument(table, name, a, ctx) for a in expr.args]
    label = f"system.{name}(" + ", ".join(a.name for a in args) + ")"
    if name in ("count", "sum", "avg", "min", "max"):
        return _aggregate(name, label, args)
    rt, impl = _scalar(name, [a.type for a in args])
    fns = [a.fn for a in args]

    def call(r: RowView) -> Any:
        vals = [f(r) if f else None for f in fns]
        if any(v is None or v is EMPTY for v in vals):
            return None
        return impl(*vals)

    return Sel(label, rt, call)


def _argument(table: Table, fn: str, arg: Any, ctx: EvalContext) -> Sel:
    """A function argument; a literal or bind marker takes the function's parameter type."""
    if isinstance(arg, SelTerm) and not isinstance(arg.term, Const):
        from coodie.embedded.binds import argument_type

        t = argument_type(fn)
        v = evaluate(arg.term, t, fn, ctx)
        return Sel("?", t, lambda r: v)
    return compile_selector(table, arg, ctx)


def _scalar(name: str, types: list[CqlType]) -> tuple[CqlType, Callable[..., Any]]:
    from coodie.embedded.functions import scalar_function

    return scalar_function(name, types)


def _aggregate(name: str, label: str, args: list[Sel]) -> Sel:
    if not args:
        raise invalid(f"Invalid number of arguments in call to function system.{name}: 0")
    a = args[0]
    f = a.fn
    if f is None:
        raise invalid(f"Aggregate functions cannot be used as arguments of aggregate {name}")
    t = a.type
    if name == "count":
        return Sel(label, NATIVE["bigint"], agg=lambda: CountValues(f))
    tn = t.cql() if isinstance(t, NativeType) else ""
    if name in ("min", "max"):
        kf = key_function(t)
        largest = name == "max"
        return Sel(label, t, agg=lambda: Pick(f, kf, largest))
    if tn not in _NUM_ORDER:
        raise invalid(f"Invalid call to function {name}, none of its type signatures match")
    zero: Any = Decimal(0) if tn == "decimal" else (0.0 if tn in ("float", "double") else 0)
    if name == "sum":
        return Sel(label, t, agg=lambda: Sum(f, tn, zero))
    return Sel(label, t, agg=lambda: Average(f, tn, zero))


def _cast(table: Table, expr: SelCast, ctx: EvalContext) -> Sel:
    inner = compile_selector(table, expr.arg, ctx)
    target = NATIVE.get(expr.type.name)
    if target is None:
        raise invalid(f"Unknown CAST target type {expr.type.name}")
    src = inner.type.cql() if isinstance(inner.type, NativeType) else ""
    tn = target.name
    f = inner.fn
    if f is None:
        raise invalid(f"Invalid use of aggregate {inner.name} in a selection")

    def conv(v: Any) -> Any:
        if tn in ("text", "ascii", "varchar"):
            from coodie.embedded.jsonio import to_json

            if src in ("text", "ascii", "varchar"):
                return v
            s = to_json(inner.type, v)
            return s[1:-1] if s.startswith('"') else s
        if tn in _BITS or tn == "varint":
            return wrap(tn, int(v))
        if tn in ("float", "double"):
            return float(v)
        if tn == "decimal":
            return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if tn == "date" and src == "timestamp":
            return v // 86_400_000
        if tn == "timestamp" and src == "date":
            return v * 86_400_000
        return v

    name = f"cast({inner.name} as {tn})"
    return Sel(name, target, lambda r: None if (v := f(r)) is None or v is EMPTY else conv(v))


def _element(table: Table, expr: Any, ctx: EvalContext) -> Sel:
    inner = compile_selector(table, expr.arg, ctx)
    t = inner.type
    f = inner.fn
    if f is None:
        raise invalid(f"Invalid use of aggregate {inner.name} in a selection")
    if isinstance(t, ListType):
        raise invalid(
            f"Element selection is only allowed on sets and maps, but {inner.name} is a list"
        )
    if not isinstance(t, SetType | MapType):
        raise invalid(f"Invalid element selection on non-collection {inner.name}")
    kt = t.key if isinstance(t, MapType) else t.element
    kf = key_function(kt)

    def label(term: Any) -> str:
        if term is None:
            return ""
        if isinstance(term, Const):
            return f"'{term.text}'" if term.kind is TokenKind.STRING else term.text
        return "?"

    if isinstance(expr, SelElem):
        raw_key = evaluate(expr.key, kt, f"key({inner.name})", ctx)
        key = None if raw_key is None or raw_key is UNSET else kf(raw_key)
        rt = t.value if isinstance(t, MapType) else t.element

        def elem(r: RowView) -> Any:
            v = f(r)
            for e in v or ():
                k = e[0] if isinstance(t, MapType) else e
                if kf(k) == key:
                    return e[1] if isinstance(t, MapType) else e
            return None

        return Sel(f"{inner.name}[{label(expr.key)}]", rt, elem)
    lo = _bound(expr.lo, kt, kf, ctx)
    hi = _bound(expr.hi, kt, kf, ctx)

    def sl(r: RowView) -> Any:
        v = f(r)
        if v is None:
            return None
        out = []
        for e in v:
            k = kf(e[0] if isinstance(t, MapType) else e)
            if (lo is None or k >= lo) and (hi is None or k <= hi):
                out.append(e)
        return tuple(out) or None

    name = f"{inner.name}[{label(expr.lo)}..{label(expr.hi)}]"
    return Sel(name, t, sl)


def _bound(term: Any, kt: CqlType, kf: Any, ctx: EvalContext) -> Any:
    if term is None:
        return None
    v = evaluate(term, kt, "slice", ctx)
    return None if v is None or v is UNSET else kf(v)


def _arith(table: Table, expr: SelArith, ctx: EvalContext) -> Sel:
    left = _operand(table, expr.left, ctx, None)
    right = _operand(table, expr.right, ctx, left.type)
    if isinstance(expr.left, SelTerm):
        left = _operand(table, expr.left, ctx, right.type)
    lt, rt = left.type.cql(), right.type.cql()
    if lt not in _NUM_ORDER or rt not in _NUM_ORDER:
        raise invalid(
            f"the '{expr.op}' operation is not supported between {left.name} and {right.name}"
        )
    res = lt if _NUM_ORDER.index(lt) >= _NUM_ORDER.index(rt) else rt
    op = expr.op
    lf, rf = left.fn, right.fn
    if lf is None or rf is None:
        raise invalid("Aggregates cannot be used in arithmetic operations")

    def calc(r: RowView) -> Any:
        a, b = lf(r), rf(r)
        if a is None or b is None or a is EMPTY or b is EMPTY:
            return None
        if op == "+":
            v = a + b
        elif op == "-":
            v = a - b
        elif op == "*":
            v = a * b
        elif op == "/":
            if isinstance(a, int) and isinstance(b, int):
                q = abs(a) // abs(b)
                v = q if (a >= 0) == (b >= 0) else -q
            else:
                v = a / b
        else:
            v = abs(a) % abs(b) * (1 if a >= 0 else -1) if isinstance(a, int) else a % b
        return wrap(res, v) if isinstance(v, int) else v

    return Sel(f"{left.name} {op} {right.name}", NATIVE[res], calc)


def _operand(table: Table, e: Any, ctx: EvalContext, hint: CqlType | None) -> Sel:
    if isinstance(e, SelTerm) and isinstance(e.term, Const):
        t = hint if hint is not None and hint.cql() in _NUM_ORDER else NATIVE["int"]
        v = evaluate(e.term, t, "arith", ctx)
        return Sel(e.term.text, t, lambda r: v)
    return compile_selector(table, e, ctx)
