"""Property tests: any predicate combination compiles with one param per ``?`` marker."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coodie.ast import Predicate
from coodie.compiler import cache, compile
from coodie.functions import token
from coodie.query.queryset import QuerySetCore

from ..catalog import Product
from ..helpers import markers

INT32 = st.integers(-(2**31), 2**31 - 1)
TEXT = st.text(max_size=8)
FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=32)
OPS = ("eq", "ne", "gt", "gte", "lt", "lte")


def _lookup(draw: Any) -> tuple[str, Any]:
    kind = draw(st.sampled_from(["price", "stock", "name", "tags", "attrs", "id", "token"]))
    if kind == "price":
        return f"price__{draw(st.sampled_from(OPS))}", draw(FLOAT)
    if kind == "stock":
        return f"stock__{draw(st.sampled_from(OPS))}", draw(INT32)
    if kind == "name":
        return draw(st.sampled_from(["name", "name__like"])), draw(TEXT)
    if kind == "tags":
        return "tags__contains", draw(TEXT)
    if kind == "attrs":
        return draw(st.sampled_from(["attrs__contains", "attrs__contains_key"])), draw(TEXT)
    if kind == "id":
        return "id__in", draw(st.lists(st.uuids(), max_size=4))
    return f"id__token__{draw(st.sampled_from(['gt', 'lte']))}", draw(st.uuids())


@st.composite
def predicates(draw: Any) -> Predicate:
    """A predicate built either as a lookup or with ``token(...) op int``."""
    if draw(st.booleans()):
        bound = draw(st.integers(-(2**63), 2**63 - 1))
        return token(Product.id) > bound
    key, value = _lookup(draw)
    return QuerySetCore(Product).filter(**{key: value}).select.where[0]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(predicates(), min_size=1, max_size=6),
    st.none() | st.integers(1, 1000),
    st.none() | st.integers(1, 10),
)
def test_params_match_markers_on_miss_and_hit(
    preds: list[Predicate], limit: int | None, ppl: int | None
) -> None:
    qs = QuerySetCore(Product).filter(*preds).limit(limit).per_partition_limit(ppl)
    qs = qs.allow_filtering()
    cache.clear()
    miss = qs.compile()
    hit = compile(qs.select)
    assert markers(miss) == len(miss.params) == len(miss.param_types)
    assert (hit.cql, hit.params, hit.param_types) == (miss.cql, miss.params, miss.param_types)
    assert cache.info().hits == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(OPS), INT32, INT32), min_size=1, max_size=5))
def test_same_shape_different_values_share_text_and_keep_own_params(
    items: list[tuple[str, int, int]],
) -> None:
    first = QuerySetCore(Product).filter(*(_cmp(op, a) for op, a, _ in items))
    second = QuerySetCore(Product).filter(*(_cmp(op, b) for op, _, b in items))
    one, two = first.compile(), second.compile()
    assert one.cql == two.cql
    assert one.params == tuple(a for _, a, _ in items)
    assert two.params == tuple(b for _, _, b in items)


def _cmp(op: str, value: int) -> Predicate:
    return QuerySetCore(Product).filter(**{f"stock__{op}": value}).select.where[0]
