"""cqlengine's QuerySet idioms as plans: ``qs[i]``, ``qs[a:b]`` and ``qs.create(**values)``.

Indexing and slicing read no more rows than needed (the ``LIMIT`` is the end of
the slice)::

    run_plan(item_plan(Product.find(brand="acme"), 2))          # the third row
    run_plan(item_plan(Product.find(brand="acme"), slice(1, 3)))  # rows 1 and 2, LIMIT 3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from coodie.exceptions import QueryError
from coodie.executor import documents, ops, write_options
from coodie.executor.queries import all_plan, connection_of, reading
from coodie.executor.results import LWTResult
from coodie.executor.runner import Operation, Plan, Runnable, done
from coodie.model.document import DocumentCore
from coodie.query.expressions import model_name
from coodie.query.queryset import QuerySetCore

M = TypeVar("M")


def item_plan(qs: QuerySetCore[M], key: int | slice) -> Plan[M | list[M]]:
    """``qs[i]`` (the row, ``IndexError`` past the end) or ``qs[a:b]`` (a list).

    Negative indexes and steps are refused: CQL reads forward and counting from the
    end would read every row.
    """
    if isinstance(key, slice):
        return _slice_plan(qs, key)
    if isinstance(key, bool) or not isinstance(key, int):
        raise TypeError(f"QuerySet indices are ints or slices, not {type(key).__name__}")
    index = _position(qs, key, "index")
    return _read(qs, index + 1, lambda rows: _at(qs, rows, index))


def _slice_plan(qs: QuerySetCore[Any], key: slice) -> Plan[Any]:
    if key.step not in (None, 1):
        raise _error(qs, "a QuerySet slice takes no step")
    start = 0 if key.start is None else _position(qs, key.start, "slice start")
    if key.stop is None:
        return _read(qs, None, lambda rows: rows[start:])
    stop = _position(qs, key.stop, "slice stop")
    if stop <= start:
        return Plan(done([]), connection_of(qs))
    return _read(qs, stop, lambda rows: rows[start:stop])


def _read(qs: QuerySetCore[Any], end: int | None, pick: Callable[[list[Any]], Any]) -> Plan[Any]:
    """Read up to ``end`` rows (never more than the query's own limit) and ``pick``."""
    limit = qs.select.limit
    if end is not None and (limit is None or end < limit.value):
        qs = qs.limit(end)
    if end is None:
        plan = all_plan(qs)
        return Plan(_then(plan.operation, pick), plan.connection)
    statement, convert, cap = reading(qs)
    rows = ops.read_all(statement, qs.options, convert, cap)
    return Plan(_then(rows, pick), connection_of(qs))


def _then(operation: Runnable[list[Any]], pick: Callable[[list[Any]], Any]) -> Operation[Any]:
    rows: list[Any] = yield from operation
    return pick(rows)


def _at(qs: QuerySetCore[Any], rows: list[Any], index: int) -> Any:
    if index >= len(rows):
        raise IndexError(f"{model_name(qs.model)}: index {index} out of range ({len(rows)} rows)")
    return rows[index]


def _position(qs: QuerySetCore[Any], value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"QuerySet {what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise _error(qs, f"a negative {what} is not supported (CQL reads forward)")
    return value


def _error(qs: QuerySetCore[Any], problem: str) -> QueryError:
    return QueryError(problem, model=model_name(qs.model))


def create_plan(qs: QuerySetCore[M], values: dict[str, Any]) -> Plan[M | LWTResult[M]]:
    """``qs.create(**values)``: a new row with the queryset's write options.

    ``ttl()``, ``timestamp()``, ``consistency()``, ``timeout()`` and ``batch()`` apply;
    after ``if_not_exists()`` it is an ``INSERT ... IF NOT EXISTS`` returning an
    :class:`~coodie.executor.results.LWTResult`, else the saved document.
    """
    w, options = qs.writes, qs.options
    if w.if_exists or w.conditions:
        raise _error(qs, "create() writes a new row: if_exists()/iff() apply to update/delete")
    if qs.connection is not None or qs.select.table.keyspace != qs.schema.keyspace:
        raise _error(qs, "create() uses the model's keyspace and connection: use Model(...).save()")
    # a document class at run time (create() is only offered on documents' querysets)
    doc = cast("DocumentCore", qs.table_model(**values))
    given = {
        "ttl": w.ttl,
        "timestamp": w.timestamp,
        "consistency": options.consistency,
        "timeout": options.timeout,
        "batch": w.batch,
    }
    # the options that are set, under their SaveKwargs names (a TypedDict takes no loop)
    kwargs = cast("write_options.SaveKwargs", {k: v for k, v in given.items() if v is not None})
    if w.if_not_exists:
        return cast("Plan[M | LWTResult[M]]", documents.insert_plan(doc, **kwargs))
    return cast("Plan[M | LWTResult[M]]", documents.save_plan(doc, **kwargs))
