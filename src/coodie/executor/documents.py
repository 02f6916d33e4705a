"""Document writes as operations: ``save``, ``insert``, ``update``, ``delete``, counters.

Each builder validates its input and compiles its statement before anything is
sent, then returns a :class:`~coodie.executor.runner.Plan`: the operation and the connection
it runs on.
``coodie.sync.Document`` runs plans blocking, ``coodie.aio.Document`` awaits
them. With ``batch=b`` the statement joins the batch instead (the in-memory
document is marked saved only when the batch succeeds)::

    plan = save_plan(doc, ttl=60)
    run_plan(plan)
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

from typing_extensions import Unpack

from coodie.ast.terms import FunctionCall
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage
from coodie.exceptions import InvalidValueError, QueryError
from coodie.executor import local_state, ops
from coodie.executor.options import DEFAULT_OPTIONS, request_options
from coodie.executor.results import LWTResult
from coodie.executor.runner import Operation, Plan, Single, done
from coodie.executor.target import model_connection
from coodie.executor.templates import TEMPLATES
from coodie.executor.write_options import (
    DELETE_OPTIONS,
    SAVE_OPTIONS,
    DeleteKwargs,
    SaveKwargs,
    WriteKwargs,
    check_options,
)
from coodie.model.boundary import ModelClass
from coodie.model.document import DocumentCore, is_new_and_unrouted
from coodie.model.routing import route_of
from coodie.model.row_writer import column_names, insert_writer
from coodie.query import writes
from coodie.query.batch import BatchCore
from coodie.query.writes import Timestamp

D = TypeVar("D", bound=DocumentCore)


# -- results ----------------------------------------------------------------------------


def typed_existing(model: ModelClass) -> Callable[[dict[str, Any]], Any]:
    """Type the row a failed LWT returned as the model when it has every key column."""
    key = set(model.__schema__.primary_key)

    def typed(row: dict[str, Any]) -> Any:
        if not key <= row.keys():
            return row
        columns = tuple(n for n in row if n in model.__schema__.columns)
        return model._hydrator(columns)(tuple(row[n] for n in columns))

    return typed


# -- running or batching ----------------------------------------------------------------


def _submit(
    doc_or_model: DocumentCore | ModelClass,
    statement: CompiledStatement,
    options: WriteKwargs,
    *,
    on_success: Callable[[], None] | None = None,
    result: Any = None,
) -> Plan[Any]:
    model = doc_or_model if isinstance(doc_or_model, type) else type(doc_or_model)
    connection = _connection(doc_or_model, model)
    batch = options.get("batch") if options else None
    if batch is not None:
        _refuse_request_options(model, options)
        batch.add_model_write(statement, model, connection=connection, on_applied=on_success)
        return Plan(done(None if statement.is_lwt else result), connection)
    consistency = timeout = None
    if options:
        consistency, timeout = options.get("consistency"), options.get("timeout")
    request = request_options(consistency=consistency, timeout=timeout)
    if statement.is_lwt:
        return Plan(_conditional(statement, request, model, on_success), connection)
    return Plan(_plain(statement, request, on_success, result), connection)


def _refuse_request_options(model: ModelClass, options: WriteKwargs) -> None:
    """A batched write's consistency and timeout are its batch's."""
    if options.get("consistency") is not None or options.get("timeout") is not None:
        raise QueryError(
            "consistency and timeout of a batched write are the batch's", model=model.__name__
        )


def _connection(doc_or_model: DocumentCore | ModelClass, model: ModelClass) -> str | None:
    """The connection of a write: the document's ``using(connection=...)``, else the model's."""
    route = None if doc_or_model is model else route_of(doc_or_model)
    if route is not None and route.connection is not None:
        return route.connection
    return model_connection(model)


def _keyspace(doc: DocumentCore) -> str | None:
    """The keyspace ``doc.using(keyspace=...)`` chose, else ``None`` (the model's)."""
    route = route_of(doc)
    return None if route is None else route.keyspace


def _plain(
    statement: CompiledStatement,
    options: ExecutionOptions,
    on_success: Callable[[], None] | None,
    result: Any,
) -> Single[Any]:
    def finish(page: ResultPage) -> Any:
        if on_success is not None:
            on_success()
        return result

    return Single(statement, options, finish)


def _conditional(
    statement: CompiledStatement,
    options: ExecutionOptions,
    model: ModelClass,
    on_success: Callable[[], None] | None,
) -> Operation[LWTResult[Any]]:
    outcome = yield from ops.conditional(statement, options, typed_existing(model))
    if outcome.applied and on_success is not None:
        on_success()
    return outcome


# -- plans --------------------------------------------------------------------------------


def _refuse_counter(doc: DocumentCore, what: str) -> None:
    if type(doc).__schema__.is_counter:
        raise QueryError(
            f"{what}() cannot write a counter table; use increment() / decrement()",
            model=type(doc).__name__,
        )


def _insert(
    doc: DocumentCore,
    values: dict[str, Any],
    ttl: int | None,
    timestamp: Timestamp,
    lwt: bool,
    keyspace: str | None,
) -> CompiledStatement:
    """``INSERT`` of ``values`` (``insert_values``), from a template when warm.

    The template key holds everything the statement's shape and checks depend on,
    so a hit needs no rebuild; a miss builds with :func:`coodie.query.writes.insert_statement`.
    """
    model = type(doc)
    params = tuple(values.values())
    seconds = micros = None
    if ttl is not None or timestamp is not None:
        seconds, micros = writes.using_values(model, ttl, timestamp)
        if seconds is not None:
            params += (seconds,)
        if micros is not None:
            params += (micros,)
    key = ("insert", model, tuple(values), seconds is not None, micros is not None, lwt, keyspace)
    found = TEMPLATES.lookup(key, params)
    if found is not None:
        return found
    node = writes.insert_statement(
        doc, ttl=ttl, timestamp=timestamp, if_not_exists=lwt, keyspace=keyspace
    )
    return TEMPLATES.remember(key, params, compile(node))


def save_plan(doc: D, **options: Unpack[SaveKwargs]) -> Plan[D]:
    """Upsert: a new document writes its non-null fields; a loaded one its changes."""
    if not options and _is_plain_new(doc):
        return _new_document_plan(doc)
    write = _save_write(doc, options)
    if write is None:
        return Plan(done(doc), _connection(doc, type(doc)))  # nothing changed
    statement, stored = write
    return _submit(doc, statement, options, on_success=stored, result=doc)


def _is_plain_new(doc: DocumentCore) -> bool:
    """A new document of a regular table, not bound by ``using()``: the common ``save()``."""
    return is_new_and_unrouted(doc) and not type(doc).__schema__.is_counter


def _new_document_write(doc: DocumentCore) -> tuple[CompiledStatement, Callable[[], None]]:
    """:func:`_save_write` of a :func:`_is_plain_new` document saved without ``ttl``,
    ``timestamp``, ``consistency`` or ``timeout``: without the steps that cannot apply
    (options to check, a changed key, a ``using()`` keyspace, nothing to write).

    The model's :func:`~coodie.model.row_writer.insert_writer` gives the parameters and
    the statement's shape in one call; a template of that shape is the statement.
    """
    names, write = insert_writer(type(doc))
    shape, params, row = write(doc)
    key = (write, shape)  # a remade writer (other columns) keys other templates
    statement = TEMPLATES.lookup(key, params)
    if statement is None:
        statement = TEMPLATES.remember(key, params, compile(writes.insert_statement(doc)))
    return statement, partial(doc._set_loaded, names, row)


def _new_document_plan(doc: D) -> Plan[D]:
    """:func:`save_plan` of a :func:`_is_plain_new` document saved without options."""
    statement, stored = _new_document_write(doc)
    return Plan(_plain(statement, DEFAULT_OPTIONS, stored, doc), model_connection(type(doc)))


def save_to_batch(doc: DocumentCore, batch: BatchCore, options: SaveKwargs) -> None:
    """``save_plan(doc, **options)`` without a plan: add the write to ``batch``
    (``options["batch"]``).

    The same checks and errors as :func:`save_plan`; ``doc.save(batch=b)`` calls it. The
    batch checks the connection exists but does not connect it: it connects when it runs.
    """
    model = type(doc)
    if len(options) == 1 and _is_plain_new(doc):  # no options to check, no using() route
        statement, stored = _new_document_write(doc)
        batch.add_model_write(statement, model, on_applied=stored)
        return
    write = _save_write(doc, options)
    if write is None:
        return
    statement, stored = write
    _refuse_request_options(model, options)
    batch.add_model_write(statement, model, connection=_connection(doc, model), on_applied=stored)


def _save_write(
    doc: DocumentCore, options: SaveKwargs
) -> tuple[CompiledStatement, Callable[[], None]] | None:
    """The statement of ``save()`` and what marks ``doc`` saved, or ``None``: nothing changed."""
    if options:
        check_options("save", options, SAVE_OPTIONS)
    _refuse_counter(doc, "save")
    if doc._key_changed():  # another row now: write it whole, not the changes
        doc._forget_stored_state()
    values, row = writes.insert_row(doc)
    ttl = options.get("ttl")
    if len(values) == len(doc.__schema__.primary_key) and doc._is_persisted() and ttl is None:
        return None
    statement = _insert(doc, values, ttl, options.get("timestamp"), False, _keyspace(doc))
    # the stored state is what was written: the row converted once, not again on success
    return statement, partial(doc._set_loaded, column_names(type(doc)), row)


def insert_plan(doc: D, **options: Unpack[SaveKwargs]) -> Plan[LWTResult[D]]:
    """``INSERT ... IF NOT EXISTS``: returns an :class:`LWTResult`."""
    check_options("insert", options, SAVE_OPTIONS)
    _refuse_counter(doc, "insert")
    ttl, timestamp = options.get("ttl"), options.get("timestamp")
    row = doc
    if doc._is_persisted():  # IF NOT EXISTS creates the row: all of it, not the changes
        row = copy.copy(doc)
        row._forget_stored_state()
    statement = _insert(row, writes.insert_values(row), ttl, timestamp, True, _keyspace(doc))
    return _submit(doc, statement, options, on_success=doc._mark_persisted)


def update_plan(
    doc: D,
    changes: Mapping[str, Any],
    *,
    if_exists: bool = False,
    if_conditions: Mapping[str, Any] | None = None,
    ttl: int | None = None,
    timestamp: int | datetime.datetime | None = None,
    consistency: str | None = None,
    timeout: float | None = None,
    batch: BatchCore | None = None,
) -> Plan[D | LWTResult[D] | None]:
    """``UPDATE ... SET`` from update lookups (``tags__append=[...]``, ``name=None`` ...).

    The in-memory document follows the change only once it is applied. (Explicit
    keywords rather than :class:`SaveKwargs`: this is the hottest write.)
    """
    options: WriteKwargs = {}
    if batch is not None or consistency is not None or timeout is not None:
        options = {"batch": batch, "consistency": consistency, "timeout": timeout}
    if not changes:
        raise QueryError("update() needs at least one column to change", model=type(doc).__name__)
    fast = None if if_conditions else _plain_update(doc, changes, if_exists, ttl, timestamp)
    if fast is not None:
        statement, apply = fast
    else:
        changes = map_nulls_to_removals(changes)
        node = writes.update_statement(
            doc, if_exists=if_exists, if_conditions=if_conditions, ttl=ttl, timestamp=timestamp,
            keyspace=_keyspace(doc), **changes,
        )  # fmt: skip
        assignments = node.assignments
        statement = compile(node)

        def apply() -> None:
            for a in assignments:
                local_state.apply_assignment(doc, a)
            attribute = type(doc).__schema__.attribute_name
            local_state.remember(doc, {attribute(a.column.name) for a in assignments})

    result = None if statement.is_lwt else doc
    return _submit(doc, statement, options, on_success=apply, result=result)


def _plain_update(
    doc: DocumentCore,
    changes: Mapping[str, Any],
    if_exists: bool,
    ttl: int | None,
    timestamp: Timestamp,
) -> tuple[CompiledStatement, Callable[[], None]] | None:
    """The fast path of ``doc.update(col=value, ...)`` (plain values only), else ``None``."""
    model = type(doc)
    schema = model.__schema__
    if schema.is_counter:
        return None
    infos = model.__coodie_columns__
    key_names = schema.key_attributes
    bound: dict[str, Any] = {}  # column → driver value, in the order of changes
    for name, value in changes.items():
        info = infos.get(name)
        if info is None or name in key_names:
            return None
        if value is None:
            bound[name] = None
            continue
        if isinstance(value, FunctionCall):
            return None
        try:
            bound[name] = info.to_driver(value)
        except InvalidValueError:
            return None  # the general path reports it with the lookup's context
    plain = ttl is None and timestamp is None
    seconds, micros = (None, None) if plain else writes.using_values(model, ttl, timestamp)
    if seconds is None and micros is None:
        params = (*bound.values(), *doc._primary_key_values().values())
    else:
        head = tuple(v for v in (seconds, micros) if v is not None)
        params = (*head, *bound.values(), *doc._primary_key_values().values())
    keyspace = _keyspace(doc)
    key = (
        "update", model, tuple(changes), seconds is not None, micros is not None, if_exists,
        keyspace,
    )  # fmt: skip
    statement = TEMPLATES.lookup(key, params)
    if statement is None:
        node = writes.update_statement(
            doc, if_exists=if_exists, ttl=ttl, timestamp=timestamp, keyspace=keyspace, **changes
        )
        statement = TEMPLATES.remember(key, params, compile(node))

    def apply() -> None:
        for name, value in bound.items():
            new = local_state.python_value(doc, name, value)
            object.__setattr__(
                doc, name, local_state.empty_value(doc, name) if new is None else new
            )
        local_state.remember(doc, changes, bound)

    return statement, apply


def map_nulls_to_removals(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``m__update={"k": None}`` removes key ``k`` (a CQL map cannot hold null).

    Example: ``map_nulls_to_removals({"m__update": {"k": None}})`` is
    ``{"m__remove": {"k"}}``.
    """
    out = dict(changes)
    for key, value in changes.items():
        name, _, op = key.partition("__")
        if op != "update" or not isinstance(value, Mapping):
            continue
        gone = {k for k, v in value.items() if v is None}
        if not gone:
            continue
        kept = {k: v for k, v in value.items() if v is not None}
        if kept:
            out[key] = kept
        else:
            del out[key]
        out[f"{name}__remove"] = set(out.get(f"{name}__remove", ())) | gone
    return out


def counter_plan(
    doc: D,
    deltas: Mapping[str, int],
    sign: int,
    **options: Unpack[WriteKwargs],
) -> Plan[D]:
    """``UPDATE ... SET c = c + ?`` for each counter (``sign=-1`` decrements)."""
    model = type(doc)
    if not deltas:
        raise QueryError("increment() needs at least one counter", model=model.__name__)
    if options.get("timestamp") is not None:
        raise QueryError("counter updates cannot take a timestamp", model=model.__name__)
    # only plain ints are negated: anything else reaches counter_statement's check as is
    signed: dict[str, Any] = {
        name: -delta if sign < 0 and type(delta) is int else delta for name, delta in deltas.items()
    }
    statement = compile(writes.counter_statement(doc, keyspace=_keyspace(doc), **signed))

    def apply() -> None:
        for name, delta in deltas.items():
            object.__setattr__(doc, name, (getattr(doc, name) or 0) + sign * delta)
        local_state.remember(doc, deltas)

    return _submit(doc, statement, options, on_success=apply, result=doc)


def delete_plan(
    doc: D,
    *,
    columns: tuple[str, ...] = (),
    **options: Unpack[DeleteKwargs],
) -> Plan[LWTResult[D] | None]:
    """``DELETE [columns] FROM ... WHERE <primary key>`` (``IF EXISTS`` / ``IF ...``)."""
    check_options("delete_columns" if columns else "delete", options, DELETE_OPTIONS)
    statement = compile(
        writes.delete_statement(
            doc,
            columns=columns,
            if_exists=options.get("if_exists", False),
            if_conditions=options.get("if_conditions"),
            timestamp=options.get("timestamp"),
            keyspace=_keyspace(doc),
        )
    )

    def apply() -> None:
        if not columns:  # the row is gone: a later save() must write it whole again
            doc._forget_stored_state()
            return
        for name in columns:
            object.__setattr__(doc, name, local_state.empty_value(doc, name))
        local_state.remember(doc, columns)

    return _submit(doc, statement, options, on_success=apply)
