"""Analysis of WHERE clauses: key restrictions, clustering slices and filters.

>>> Restrictions().pk
{}
"""

from __future__ import annotations

import itertools
from typing import Any

from coodie.cql.types import NATIVE, CqlType, ListType, MapType, NativeType, SetType, TupleType
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid
from coodie.embedded.nodes import Marker, Relation
from coodie.embedded.ordering import is_comparable_type
from coodie.embedded.terms import UNSET, EvalContext, evaluate

_SLICE_OPS = ("<", ">", "<=", ">=")
_TEXT_TYPES = ("text", "varchar", "ascii")


class Restrictions:
    """Evaluated restrictions of one statement."""

    def __init__(self) -> None:
        self.pk: dict[str, list[Any]] = {}
        self.pk_in = False
        self.pk_slice = False
        self.token: list[tuple[str, int]] = []
        self.ck_eq: dict[str, list[Any]] = {}
        self.ck_in = False
        self.ck_slices: dict[str, list[tuple[str, Any]]] = {}
        self.multi: list[tuple[tuple[str, ...], str, list[tuple[Any, ...]]]] = []
        self.filters: list[tuple[Column, str, Any, Any]] = []
        self.pk_filters: list[tuple[Column, str, Any]] = []
        self.ck_filters: list[tuple[Column, str, Any]] = []
        self.has_ck_slice = False

    def partition_keys(self, table: Table) -> list[tuple[Any, ...]] | None:
        """Every partition key the restrictions select, or None for a range scan."""
        if self.pk_slice or len(self.pk) != len(table.partition_key):
            return None
        lists = [self.pk[c.name] for c in table.partition_key]
        seen: dict[tuple[Any, ...], None] = {}
        for combo in itertools.product(*lists):
            seen[combo] = None
        return list(seen)


def _value(rel_rhs: Any, t: CqlType, receiver: str, ctx: EvalContext, col: str) -> Any:
    v = evaluate(rel_rhs, t, receiver, ctx)
    if v is UNSET:
        raise invalid(f"Invalid unset value for column {col}")
    return v


def analyze(
    table: Table, where: tuple[Relation, ...], ctx: EvalContext, *, for_write: bool = False
) -> Restrictions:
    """Evaluate ``where`` against ``table``; raises Cassandra's messages for bad relations."""
    r = Restrictions()
    for rel in where:
        lhs, op = rel.lhs, rel.op
        if isinstance(lhs, tuple) and lhs[0] == "token":
            names = list(lhs[1])
            pk_names = [c.name for c in table.partition_key]
            for n in names:
                table.column(n)
            if sorted(names) != sorted(pk_names):
                raise invalid(
                    "The token() function must be applied to all partition key components "
                    "or none of them"
                )
            if names != pk_names:
                raise invalid(
                    "The token function arguments must be in the partition key order: "
                    + ", ".join(pk_names)
                )
            v = _token_value(table, rel.rhs, ctx)
            r.token.append((op, v))
            continue
        if isinstance(lhs, tuple) and lhs[0] == "tuple":
            cols = [table.column(n) for n in lhs[1]]
            types = [c.type for c in cols]
            tt = TupleType(tuple(types))
            receiver = "(" + ",".join(c.name for c in cols) + ")"
            if op == "IN":
                if isinstance(rel.rhs, Marker):
                    vals = evaluate(rel.rhs, ListType(tt), receiver, ctx) or ()
                else:
                    vals = [evaluate(x, tt, receiver, ctx) for x in rel.rhs]
                if any(v is None or v is UNSET or None in v for v in vals):
                    raise invalid(f"Invalid null value in condition for columns {receiver}")
                r.multi.append((tuple(c.name for c in cols), "IN", [tuple(v) for v in vals]))
                r.ck_in = True
            else:
                v = evaluate(rel.rhs, tt, receiver, ctx)
                if v is None or v is UNSET or any(e is None for e in v):
                    raise invalid(f"Invalid null value in condition for columns {receiver}")
                r.multi.append((tuple(c.name for c in cols), op, [tuple(v)]))
                if op != "=":
                    r.has_ck_slice = True
            continue
        if isinstance(lhs, tuple) and lhs[0] == "entry":
            col = table.column(lhs[1])
            if not isinstance(col.type, MapType | ListType):
                raise invalid(f"Invalid element selection on non-collection column {col.name}")
            kt = col.type.key if isinstance(col.type, MapType) else NATIVE["int"]
            vt = col.type.value if isinstance(col.type, MapType) else col.type.element
            key = _value(lhs[2], kt, f"key({col.name})", ctx, col.name)
            val = _value(rel.rhs, vt, f"value({col.name})", ctx, col.name)
            r.filters.append((col, "ENTRY" + op, key, val))
            continue
        col = table.column(str(lhs))
        _relation(table, r, col, op, rel.rhs, ctx, for_write)
    return r


def _relation(
    table: Table, r: Restrictions, col: Column, op: str, rhs: Any, ctx: EvalContext, for_write: bool
) -> None:
    if op in _FILTER_ONLY_OPS:
        _filter_relation(r, col, op, rhs, ctx)
        return
    if op in _SLICE_OPS and not is_comparable_type(col.type):
        raise invalid("Slice restrictions are not supported on duration columns")
    _restrict(r, col, op, _relation_values(col, op, rhs, ctx))


_FILTER_ONLY_OPS = frozenset({"!=", "IS NOT", "LIKE", "CONTAINS", "CONTAINS KEY"})


def _filter_relation(r: Restrictions, col: Column, op: str, rhs: Any, ctx: EvalContext) -> None:
    """``LIKE`` / ``CONTAINS [KEY]`` become row filters; ``!=`` and ``IS NOT`` are refused."""
    name = col.name
    t = col.type
    if op == "!=":
        raise invalid(f'Unsupported "!=" relation: {name} != {_rhs_text(rhs)}')
    if op == "IS NOT":
        raise invalid(f"Unsupported restriction: {name} IS NOT NULL")
    if op == "LIKE":
        if col.is_primary or not isinstance(t, NativeType) or t.name not in _TEXT_TYPES:
            raise invalid(
                f"LIKE restriction is only supported on properly indexed columns. "
                f"{name} LIKE {_rhs_text(rhs)} is not valid."
            )
        r.filters.append((col, op, _value(rhs, t, name, ctx, name), None))
        return
    if op in ("CONTAINS", "CONTAINS KEY"):
        if op == "CONTAINS KEY" and not isinstance(t, MapType):
            raise invalid(f"Cannot use CONTAINS KEY on non-map column {name}")
        if not isinstance(t, ListType | SetType | MapType):
            raise invalid(f"Cannot use CONTAINS on non-collection column {name}")
        et = (t.key if op == "CONTAINS KEY" else t.value) if isinstance(t, MapType) else t.element
        v = _value(rhs, et, f"value({name})" if op == "CONTAINS" else f"key({name})", ctx, name)
        r.filters.append((col, op, v, None))


def _relation_values(col: Column, op: str, rhs: Any, ctx: EvalContext) -> list[Any]:
    """The values of an ``=``, ``IN`` or slice relation, checked (no nulls, no unset)."""
    name = col.name
    t = col.type
    if op == "IN":
        if col.kind in ("regular", "static"):
            raise invalid(f"IN predicates on non-primary-key columns ({name}) is not yet supported")
        if isinstance(rhs, Marker):
            vals = evaluate(rhs, ListType(t), name, ctx)
            if vals is UNSET:
                raise invalid(f"Invalid unset value for column {name}")
            vals = list(vals or ())
        else:
            vals = []
            for x in rhs:
                v = _value(x, t, name, ctx, name)
                if v is None:
                    raise invalid(f"Invalid null value in condition for column {name}")
                vals.append(v)
    elif op == "=":
        if col.kind in ("regular", "static") and (
            isinstance(t, ListType | SetType | MapType) and not t.frozen
        ):
            raise invalid(
                f"Collection column '{name}' ({t.cql()}) cannot be restricted by a '=' relation"
            )
        v = _value(rhs, t, name, ctx, name)
        if v is None:
            if col.kind in ("regular", "static"):
                raise invalid(f"Unsupported null value for column {name}")
            raise invalid(f"Invalid null value in condition for column {name}")
        vals = [v]
    else:
        v = _value(rhs, t, name, ctx, name)
        if v is None:
            raise invalid(f"Invalid null value in condition for column {name}")
        vals = [v]
    return vals


def _restrict(r: Restrictions, col: Column, op: str, vals: list[Any]) -> None:
    """Record a relation's values as a partition key, clustering or filter restriction."""
    name = col.name
    if col.kind == "partition_key":
        if op in ("=", "IN"):
            if name in r.pk:
                raise invalid(
                    f"{name} cannot be restricted by more than one relation if it includes an Equal"
                )
            r.pk[name] = vals
            r.pk_in = r.pk_in or op == "IN"
        else:
            r.pk_slice = True
            r.pk_filters.append((col, op, vals[0]))
    elif col.kind == "clustering":
        if op in ("=", "IN"):
            if name in r.ck_eq or name in r.ck_slices:
                raise invalid(
                    f"{name} cannot be restricted by more than one relation if it includes an Equal"
                )
            r.ck_eq[name] = vals
            r.ck_in = r.ck_in or op == "IN"
        else:
            if name in r.ck_eq:
                raise invalid(
                    f"{name} cannot be restricted by more than one relation if it includes an Equal"
                )
            existing = r.ck_slices.setdefault(name, [])
            side = "start" if op in (">", ">=") else "end"
            for o, _ in existing:
                if ("start" if o in (">", ">=") else "end") == side:
                    raise invalid(
                        f"More than one restriction was found for the {side} bound on {name}"
                    )
            existing.append((op, vals[0]))
            r.has_ck_slice = True
    else:
        r.filters.append((col, op, vals[0], None))


def _rhs_text(rhs: Any) -> str:
    from coodie.embedded.lexer import TokenKind
    from coodie.embedded.nodes import Const

    if isinstance(rhs, Const):
        return f"'{rhs.text}'" if rhs.kind is TokenKind.STRING else rhs.text
    return "?"


def _token_value(table: Table, rhs: Any, ctx: EvalContext) -> Any:
    from coodie.embedded.keys import partition_bytes
    from coodie.embedded.murmur3 import murmur3_token
    from coodie.embedded.nodes import FuncTerm

    if isinstance(rhs, FuncTerm) and rhs.name.lower() == "token":
        types = [c.type for c in table.partition_key]
        if len(rhs.args) != len(types):
            raise invalid("Invalid number of arguments in call to function system.token")
        vals = [
            _value(a, c.type, c.name, ctx, c.name)
            for a, c in zip(rhs.args, table.partition_key, strict=True)
        ]
        return murmur3_token(partition_bytes(types, vals))
    v = _value(rhs, NATIVE["bigint"], "partition key token", ctx, "token")
    if v is None:
        raise invalid("Invalid null value for partition key token")
    return v
