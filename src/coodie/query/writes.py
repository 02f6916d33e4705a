"""Pure builders of ``INSERT`` / ``UPDATE`` / ``DELETE`` nodes for documents (no I/O).

They read a document through the model hooks (``_write_values``,
``_primary_key_values``, ``_is_persisted``, ``_counter_deltas``) and return AST
nodes; :func:`coodie.compiler.compile` turns a node into a CompiledStatement::

    compile(insert_statement(product, ttl=3600))
    compile(update_statement(Product, {"id": pid}, price=10, tags__add={"sale"}))
    compile(update_statement(product, if_conditions={"price": 9}))   # changed columns
    compile(delete_statement(Event, {"tenant": "a", "at__gte": t0}))  # a clustering range
    compile(counter_statement(PageViews, {"page": "/"}, views=1))
    batch(insert_statement(a), insert_statement(b))                   # → CompiledBatch

``key`` mappings take filter lookups (``at__gte=``); ``None`` as an update value
deletes the cell.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from coodie.ast.assignments import Assignment, Decrement, Increment
from coodie.ast.conditions import Conditions, IfExists, StatementCondition
from coodie.ast.enums import BatchType
from coodie.ast.predicates import Predicate, conjuncts
from coodie.ast.statements import Batch, Delete, Insert, Table, Update
from coodie.ast.terms import Bind, Column
from coodie.compiler import compile_batch
from coodie.compiler.compiled import CompiledBatch
from coodie.cql.types import CqlType
from coodie.exceptions import QueryError
from coodie.model.boundary import ModelClass
from coodie.model.row_writer import insert_writer
from coodie.model.schema import TableSchema
from coodie.query.checks import (
    bigint_bind,
    check_conditional_timestamp,
    column_names,
    delete_key,
    int_bind,
    refuse_row_delete_on_static_conditions,
    require_key,
    timestamp_micros_for,
    touches_only_static,
    ttl_seconds,
    update_key,
)
from coodie.query.expressions import model_name, schema_of
from coodie.query.lookups import assignment, condition, field_for, filter_predicate, set_value

if TYPE_CHECKING:
    from coodie.model.document import CounterDocumentCore, DocumentCore

Timestamp = int | datetime.datetime | None


def table_of(model: ModelClass, keyspace: str | None = None) -> Table:
    """The :class:`~coodie.ast.statements.Table` of ``model`` (``keyspace`` overrides)."""
    return _interned(schema_of(model), keyspace, ())[0]


_Interned = tuple[Table, tuple[Column, ...], tuple[CqlType, ...]]
_INTERNED: dict[tuple[int, str | None, tuple[str, ...]], tuple[TableSchema, _Interned]] = {}
_INTERNED_MAX = 1024


def _interned(schema: TableSchema, keyspace: str | None, names: tuple[str, ...]) -> _Interned:
    """The table node, a tuple of column nodes and their CQL types, reused between writes.

    ``names`` are model attributes; the nodes name their columns (``ColumnName``).

    Reusing the same node objects lets the compiler's shape memo hit, so a
    repeated write costs a lookup instead of a walk over its columns.
    """
    key = (id(schema), keyspace, names)
    hit = _INTERNED.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    table = Table(keyspace or schema.keyspace, schema.name, schema.partition_key)
    found = tuple(schema.by_attribute[n] for n in names)  # attributes → their columns
    columns = tuple(Column(c.name) for c in found)
    types = tuple(c.cql_type for c in found)
    if len(_INTERNED) >= _INTERNED_MAX:
        _INTERNED.clear()
    _INTERNED[key] = (schema, (table, columns, types))
    return table, columns, types


def _using(
    model: ModelClass, ttl: int | None, timestamp: Timestamp
) -> tuple[Bind | None, Bind | None]:
    seconds, micros = using_values(model, ttl, timestamp)
    return (
        None if seconds is None else int_bind(seconds),
        None if micros is None else bigint_bind(micros),
    )


def _split(target: DocumentCore | ModelClass) -> tuple[ModelClass, DocumentCore | None]:
    """``(model class, document or None)``."""
    if isinstance(target, type):
        return target, None
    return type(target), target


def _where(
    model: ModelClass,
    doc: DocumentCore | None,
    key: Mapping[str, Any] | None,
    required: tuple[str, ...],
    what: str,
    static_only: bool = False,
) -> tuple[Predicate, ...]:
    """The WHERE of a write; ``static_only`` keeps the partition key alone (Cassandra refuses
    clustering restrictions on a write that touches only static columns)."""
    if doc is not None:
        if key is not None:
            raise QueryError(f"{what}: give a document or a key, not both", model=model_name(model))
        key = doc._primary_key_values()
    if not key:
        raise QueryError(f"{what} needs the primary key values", model=model_name(model))
    schema = schema_of(model)
    where = tuple(p for k, v in key.items() for p in conjuncts(filter_predicate(model, k, v)))
    if static_only:
        partition = set(schema.partition_key)
        where = tuple(p for p in where if column_names(p) <= partition)
    require_key(model, schema, where, required, what)
    return where


def _condition(
    model: ModelClass, if_exists: bool, if_conditions: Mapping[str, Any] | None
) -> StatementCondition | None:
    if if_exists and if_conditions:
        raise QueryError("use if_exists or if_conditions, not both", model=model_name(model))
    if if_conditions:
        return Conditions(tuple(condition(model, k, v) for k, v in if_conditions.items()))
    return IfExists() if if_exists else None


def insert_values(doc: DocumentCore) -> dict[str, Any]:
    """Column → driver value that an ``INSERT`` of ``doc`` writes, in column order.

    A new document writes its non-null fields, except empty non-frozen collections
    (null in CQL: writing one only makes a tombstone); a loaded one its changed
    columns (``None`` there deletes the value).
    """
    return insert_row(doc)[0]


def insert_row(doc: DocumentCore) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """:func:`insert_values` and the document's whole row in coodie value form (its
    stored state once the write succeeded), from one conversion of the document."""
    if doc._is_persisted():
        return doc._write_row(only_changed=True)
    return new_insert_row(doc)


def new_insert_row(doc: DocumentCore) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """:func:`insert_row` of a document not loaded nor written yet: what the model's
    :func:`~coodie.model.row_writer.insert_writer` writes, by column."""
    model = type(doc)
    names, write = insert_writer(model)
    shape, params, row = write(doc)
    others = (name for i, name in enumerate(names) if shape >> i & 1)
    written = (*schema_of(model).key_attributes, *others)
    return dict(zip(written, params, strict=True)), row


def using_values(
    model: ModelClass, ttl: int | None, timestamp: Timestamp
) -> tuple[int | None, int | None]:
    """Checked ``USING TTL`` seconds and ``TIMESTAMP`` microseconds (``None``: not set)."""
    return ttl_seconds(model, ttl), timestamp_micros_for(model, timestamp)


def insert_statement(
    doc: DocumentCore,
    *,
    ttl: int | None = None,
    timestamp: Timestamp = None,
    if_not_exists: bool = False,
    keyspace: str | None = None,
) -> Insert:
    """``INSERT`` a document: a new one without its null (or empty collection) fields, a
    loaded one with its changed columns only (``None`` there deletes the value)."""
    model = type(doc)
    schema = schema_of(model)
    if schema.is_counter:
        raise QueryError(
            "a counter table cannot be inserted into; use counter_statement()",
            model=model_name(model),
        )
    values = insert_values(doc)
    check_conditional_timestamp(model, if_not_exists, timestamp)
    ttl_bind, ts_bind = _using(model, ttl, timestamp)
    table, targets, types = _interned(schema, keyspace, tuple(values))
    return Insert(
        table,
        targets,
        tuple([Bind(v, t) for v, t in zip(values.values(), types, strict=True)]),
        if_not_exists=if_not_exists,
        ttl=ttl_bind,
        timestamp=ts_bind,
    )


def update_statement(
    target: DocumentCore | ModelClass,
    key: Mapping[str, Any] | None = None,
    /,
    *,
    if_exists: bool = False,
    if_conditions: Mapping[str, Any] | None = None,
    ttl: int | None = None,
    timestamp: Timestamp = None,
    keyspace: str | None = None,
    **assignments: Any,
) -> Update:
    """``UPDATE`` one row of a document (its changed columns) or of a model class by key.

    ``assignments`` are update lookups (``price=10``, ``tags__add={...}``,
    ``attrs__setitem=(k, v)``); ``x=None`` deletes the cell.
    """
    model, doc = _split(target)
    schema = schema_of(model)
    if assignments:
        sets = tuple(assignment(model, k, v) for k, v in assignments.items())
    elif doc is not None:
        sets = _changed_assignments(model, schema, doc)
    else:
        raise QueryError("update needs at least one column to set", model=model_name(model))
    if not sets:
        raise QueryError("nothing changed: no column to update", model=model_name(model))
    condition = _condition(model, if_exists, if_conditions)
    static_only = touches_only_static(schema, (a.column.name for a in sets), condition)
    where = _where(model, doc, key, update_key(schema, sets), "update", static_only)
    check_conditional_timestamp(model, condition, timestamp)
    ttl_bind, ts_bind = _using(model, ttl, timestamp)
    return Update(
        table_of(model, keyspace),
        sets,
        where,
        condition,
        ttl=ttl_bind,
        timestamp=ts_bind,
    )


def _changed_assignments(
    model: ModelClass, schema: TableSchema, doc: DocumentCore
) -> tuple[Assignment, ...]:
    values = doc._write_values(only_changed=True)
    key = set(schema.key_attributes)
    return tuple(
        set_value(field_for(model, name), value)
        for name, value in values.items()
        if name not in key
    )


def delete_statement(
    target: DocumentCore | ModelClass,
    key: Mapping[str, Any] | None = None,
    /,
    *,
    columns: tuple[str, ...] = (),
    if_exists: bool = False,
    if_conditions: Mapping[str, Any] | None = None,
    timestamp: Timestamp = None,
    keyspace: str | None = None,
) -> Delete:
    """``DELETE`` a document's row, some of its ``columns``, or rows of a model by key.

    With a model class, ``key`` needs the full partition key; clustering columns
    may be left out or given as ranges (``at__gte=t0``) to delete a range of rows.
    Deleting non-static ``columns`` or a condition needs the full primary key.
    """
    model, doc = _split(target)
    schema = schema_of(model)
    targets: list[Column] = []
    for name in columns:
        field = field_for(model, name)
        if field.column.is_primary_key:
            raise QueryError(
                "a primary key column cannot be deleted", model=model_name(model), field=name
            )
        targets.append(field.node)
    names = tuple(t.name for t in targets)
    condition = _condition(model, if_exists, if_conditions)
    check_conditional_timestamp(model, condition, timestamp)
    refuse_row_delete_on_static_conditions(model, schema, names, condition)
    static_only = touches_only_static(schema, names, condition)
    where = _where(model, doc, key, delete_key(schema, names, condition), "delete", static_only)
    _, ts_bind = _using(model, None, timestamp)
    return Delete(
        table_of(model, keyspace),
        where,
        tuple(targets),
        condition,
        timestamp=ts_bind,
    )


def counter_statement(
    target: DocumentCore | ModelClass,
    key: Mapping[str, Any] | None = None,
    /,
    *,
    keyspace: str | None = None,
    **deltas: int,
) -> Update:
    """``UPDATE ... SET c = c + ?`` for counter columns (negative deltas decrement).

    A counter document without ``deltas`` uses how far its counters moved since loaded.
    """
    model, doc = _split(target)
    schema = schema_of(model)
    if not schema.is_counter:
        raise QueryError(
            "counter updates need a counter model (CounterDocument)", model=model_name(model)
        )
    where = _where(model, doc, key, schema.primary_key, "counter update")
    if not deltas and doc is not None:
        deltas = cast("CounterDocumentCore", doc)._counter_deltas()  # is_counter: it is one
    if not deltas:
        raise QueryError("no counter to change", model=model_name(model))
    sets: list[Assignment] = []
    for name, delta in deltas.items():
        field = field_for(model, name)
        if not field.column.is_counter:
            raise field.lookup_error("is not a counter column")
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise field.value_error(f"a counter delta must be an int, not {delta!r}")
        amount = field.bind(delta).value
        if amount < 0:
            sets.append(Decrement(field.node, field.bind(-amount)))
        else:
            sets.append(Increment(field.node, field.bind(amount)))
    return Update(table_of(model, keyspace), tuple(sets), where)


def batch(
    *statements: Insert | Update | Delete,
    batch_type: BatchType = BatchType.LOGGED,
    timestamp: Timestamp = None,
) -> CompiledBatch:
    """Compile write nodes into one batch (``COUNTER`` batches hold counter updates only)."""
    micros = timestamp_micros_for(None, timestamp)
    ts = None if micros is None else bigint_bind(micros)
    return compile_batch(Batch(statements, batch_type, ts))
