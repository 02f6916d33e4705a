"""Clustering restrictions as row predicates (reads) and key ranges (range deletes)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from coodie.embedded.catalog import Table
from coodie.embedded.errors import invalid
from coodie.embedded.ordering import Rev, key_function
from coodie.embedded.where import Restrictions

Pred = Callable[[tuple[Any, ...]], bool]


def _cmp(op: str, a: Any, b: Any) -> bool:
    if op == ">":
        return bool(a > b)
    if op == ">=":
        return bool(a >= b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    return bool(a == b)


def _raw(k: Any) -> Any:
    return k.k if isinstance(k, Rev) else k


def validate_clustering(table: Table, r: Restrictions) -> None:
    """Cassandra's rules on which clustering columns may be restricted."""
    restricted = set(r.ck_eq) | set(r.ck_slices)
    for cols, _, _ in r.multi:
        restricted |= set(cols)
    prev_slice = None
    prev_missing = None
    for c in table.clustering:
        if c.name in restricted:
            if prev_missing is not None:
                raise invalid(
                    f'PRIMARY KEY column "{c.name}" cannot be restricted as preceding column '
                    f'"{prev_missing}" is not restricted'
                )
            if prev_slice is not None:
                raise invalid(
                    f'Clustering column "{c.name}" cannot be restricted (preceding column '
                    f'"{prev_slice}" is restricted by a non-EQ relation)'
                )
            if c.name in r.ck_slices:
                prev_slice = c.name
        elif prev_missing is None:
            prev_missing = c.name


def _eq_check(i: int, allowed: set[Any]) -> Pred:
    return lambda sk: _raw(sk[i]) in allowed


def _slice_check(i: int, op: str, bound: Any) -> Pred:
    return lambda sk: _cmp(op, _raw(sk[i]), bound)


def _multi_eq_check(idx: list[int], allowed: set[Any]) -> Pred:
    return lambda sk: tuple(_raw(sk[i]) for i in idx) in allowed


def _multi_slice_check(idx: list[int], op: str, bound: Any) -> Pred:
    return lambda sk: _cmp(op, tuple(_raw(sk[i]) for i in idx), bound)


def clustering_predicate(table: Table, r: Restrictions) -> Pred | None:
    """A predicate over a row's clustering sort key, or None when unrestricted."""
    checks: list[Pred] = []
    for i, c in enumerate(table.clustering):
        kf = key_function(c.type)
        if c.name in r.ck_eq:
            allowed = {kf(v) for v in r.ck_eq[c.name]}
            checks.append(_eq_check(i, allowed))
        for op, v in r.ck_slices.get(c.name, []):
            bound = kf(v)
            checks.append(_slice_check(i, op, bound))
    positions = {c.name: i for i, c in enumerate(table.clustering)}
    for cols, op, vals in r.multi:
        idx = [positions[n] for n in cols]
        kfs = [key_function(table.columns[n].type) for n in cols]
        keys = [tuple(f(v) for f, v in zip(kfs, val, strict=False)) for val in vals]
        if op == "IN" or op == "=":
            allowed_t = set(keys)
            checks.append(_multi_eq_check(idx, allowed_t))
        else:
            bound_t = keys[0]
            n = len(bound_t)
            checks.append(_multi_slice_check(idx[:n], op, bound_t))
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda sk: all(f(sk) for f in checks)


def clustering_ranges(table: Table, r: Restrictions, ckf: Any) -> list[tuple[Any, bool, Any, bool]]:
    """Sort-key ranges (lo, lo_incl, hi, hi_incl) covered by the restrictions (range deletes)."""
    prefix_lists: list[list[Any]] = []
    slice_col = None
    for c in table.clustering:
        if c.name in r.ck_eq:
            prefix_lists.append(r.ck_eq[c.name])
        else:
            if c.name in r.ck_slices:
                slice_col = c
            break
    out: list[tuple[Any, bool, Any, bool]] = []
    if r.multi:
        lo = hi = None
        lo_i = hi_i = True
        for _cols, op, vals in r.multi:
            k = ckf(vals[0])
            if op in (">", ">="):
                lo, lo_i = k, op == ">="
            elif op in ("<", "<="):
                hi, hi_i = k, op == "<="
            else:
                lo = hi = k
        return [(lo, lo_i, hi, hi_i)]
    for prefix in itertools.product(*prefix_lists):
        pk = ckf(prefix)
        if slice_col is None:
            out.append((pk, True, pk, True))
            continue
        kf = key_function(slice_col.type)
        lo = hi = None
        lo_i = hi_i = True
        for op, v in r.ck_slices[slice_col.name]:
            bk = kf(v)
            if slice_col.desc:
                bk = Rev(bk)
                op = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[op]
            if op in (">", ">="):
                lo, lo_i = (*pk, bk), op == ">="
            else:
                hi, hi_i = (*pk, bk), op == "<="
        out.append(
            (
                lo if lo is not None else (pk or None),
                lo_i if lo is not None else True,
                hi if hi is not None else (pk or None),
                hi_i if hi is not None else True,
            )
        )
    return out
