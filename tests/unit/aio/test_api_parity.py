"""coodie.sync and coodie.aio expose the same names with the same signatures (modulo async)."""

from __future__ import annotations

import inspect
from typing import Any

import coodie.aio
import coodie.sync

ASYNC_ONLY = {"AsyncBatchQuery"}


def public(obj: Any) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in dir(obj) if not n.startswith("_")}


def signature(fn: Any) -> list[tuple[str, Any, Any]]:
    params = inspect.signature(fn).parameters.values()
    return [(p.name, p.kind, p.default) for p in params]


def test_same_names() -> None:
    assert set(coodie.sync.__all__) == set(coodie.aio.__all__) - ASYNC_ONLY


def test_same_signatures_and_async_where_sync_does_io() -> None:
    for name in coodie.sync.__all__:
        s, a = getattr(coodie.sync, name), getattr(coodie.aio, name)
        if inspect.isclass(s):
            s_members, a_members = public(s), public(a)
            assert set(s_members) == set(a_members), name
            for member, s_attr in s_members.items():
                a_attr = a_members[member]
                if callable(s_attr) and not inspect.isclass(s_attr):
                    assert signature(s_attr) == signature(a_attr), f"{name}.{member}"
        elif callable(s):
            assert signature(s) == signature(a), name
            assert inspect.iscoroutinefunction(a), name


def test_io_methods_are_coroutines_in_aio() -> None:
    io = {
        "Document": ["save", "insert", "update", "delete", "delete_columns", "create", "get"],
        "CounterDocument": ["increment", "decrement"],
        "QuerySet": ["all", "first", "get", "count", "paged_all", "update", "delete"],
        "BatchQuery": ["execute"],
        "UserType": ["sync_type"],
    }
    for cls, methods in io.items():
        for method in methods:
            assert inspect.iscoroutinefunction(getattr(getattr(coodie.aio, cls), method)), method
            assert not inspect.iscoroutinefunction(getattr(getattr(coodie.sync, cls), method))
    assert hasattr(coodie.aio.QuerySet, "__aiter__") and hasattr(coodie.sync.QuerySet, "__iter__")
    # one meaning per name: page(state) chains in both APIs, paged_all() reads
    for api in (coodie.sync, coodie.aio):
        assert api.QuerySet.page is coodie.sync.QuerySet.__mro__[1].page
