"""QuerySet terminals as operations, shared by ``coodie.sync`` and ``coodie.aio``.

Each function takes a :class:`~coodie.query.queryset.QuerySetCore` and returns a
:class:`~coodie.executor.runner.Plan` typed by its result; the public query sets run or
await it::

    plan = all_plan(Product.find(brand="acme"))      # Plan[list[Product]]
    products = run_plan(plan)

Reads never truncate: ``all`` follows the paging state to the end; iteration
reads page by page (:func:`page_plan`) so memory holds one page at a time.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import attrs

from coodie.ast.predicates import Predicate
from coodie.ast.statements import AnnOrdering, Select, Table
from coodie.ast.terms import Column
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ConvertedRows, ResultPage
from coodie.exceptions import InvalidValueError, NotSupported, QueryError
from coodie.executor import ops
from coodie.executor.documents import map_nulls_to_removals, typed_existing
from coodie.executor.options import DEFAULT_OPTIONS
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.rowfilter import filtered_select
from coodie.executor.runner import Operation, Plan, Single, done
from coodie.executor.target import model_connection
from coodie.executor.templates import TEMPLATES
from coodie.model.boundary import ModelClass
from coodie.model.document import DocumentCore
from coodie.model.polymorphism import discriminator_filter
from coodie.model.routing import Route, set_route
from coodie.model.table_model import TableModel
from coodie.query import functions
from coodie.query.derived import discriminator_where
from coodie.query.expressions import Field, model_name
from coodie.query.lookups import field_for
from coodie.query.queryset import QuerySetCore

Converter = Callable[[ResultPage], list[Any]]
_NO_TABLE = Table(None, "t", ())
M = TypeVar("M")
T = TypeVar("T", bound=TableModel)


def _compiled(node: Any) -> CompiledStatement:
    return node if isinstance(node, CompiledStatement) else compile(node)


def connection_of(qs: QuerySetCore[Any]) -> str | None:
    """The query's connection: chosen with ``using(connection=)``, else the model's."""
    return qs.connection or model_connection(qs.table_model)


BULK_ROWS = 64
"""Pages with more rows than this are hydrated with the cyclic GC paused."""


def model_rows(model: ModelClass) -> Converter:
    """Page → model instances (the model's cached page hydrator for the page's columns).

    Rows a driver left to convert (:class:`~coodie.drivers.base.ConvertedRows`) are
    converted by the hydrator itself: one call per row instead of two.

    Large pages are hydrated with the cyclic garbage collector paused: the many
    new containers would otherwise trigger repeated full collections that cost
    more than the hydration itself. The objects made are all reachable, so
    nothing is lost by collecting later.
    """
    return partial(model_instances, model)


def model_instances(model: ModelClass, page: ResultPage) -> list[Any]:
    """``model_rows(model)(page)``: the page's rows as instances of ``model``."""
    rows: Sequence[Any] = page.rows
    if type(rows) is ConvertedRows and rows.pending:  # converted as they are hydrated
        hydrate_rows = model._rows_hydrator(page.columns, rows.conversion)
        rows = rows.driver_rows
    else:
        hydrate_rows = model._rows_hydrator(page.columns)
    if len(rows) <= BULK_ROWS or not gc.isenabled():
        return hydrate_rows(rows)
    gc.disable()
    try:
        return hydrate_rows(rows)
    finally:
        gc.enable()


def read_route(qs: QuerySetCore[Any]) -> Route | None:
    """Where ``qs`` reads when ``using()`` moved it (keyspace, connection), else ``None``.

    ``None`` for views too: their rows are never written back.
    """
    if not issubclass(qs.model, DocumentCore):
        return None
    keyspace = qs.select.table.keyspace
    if keyspace == qs.schema.keyspace:
        keyspace = None
    if keyspace is None and qs.connection is None:
        return None
    return Route(keyspace, qs.connection)


def routed_rows(convert: Converter, route: Route) -> Converter:
    """``convert``, each document bound to ``route``: its writes go where it was read."""

    def instances(page: ResultPage) -> list[Any]:
        docs = convert(page)
        for doc in docs:
            set_route(doc, route)
        return docs

    return instances


def scored_rows(model: Any, route: Route | None) -> Converter:
    """Page → ``(instance, score)`` pairs: the model's columns, then the score selector
    (each instance bound to ``route`` when the read was routed)."""

    def pairs(page: ResultPage) -> list[tuple[Any, Any]]:
        n = len(page.columns) - 1
        hydrate = model._hydrator(page.columns[:n])
        out = [(hydrate(row[:n]), row[n]) for row in page.rows]
        if route is not None:
            for doc, _ in out:
                set_route(doc, route)
        return out

    return pairs


def converter(qs: QuerySetCore[Any]) -> Converter:
    """How one page becomes results: model instances, or ``values_list`` tuples/values.

    Documents read through a routed query (``using(keyspace=...)``) keep that route.
    """
    model = qs.table_model
    values = qs.projection.values
    if values is None:
        route = read_route(qs)
        if qs.projection.score is not None:
            return scored_rows(model, route)
        rows = model_rows(model)
        return rows if route is None else routed_rows(rows, route)
    infos = getattr(model, "__coodie_columns__", {})
    attribute = qs.schema.attribute_name  # selectors name columns, infos attributes
    convs = [
        infos[a].from_driver
        if isinstance(s, Column) and (a := attribute(s.name)) in infos
        else None
        for s in values
    ]

    def python(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            c(v) if c is not None and v is not None else v for v, c in zip(row, convs, strict=False)
        )

    if qs.projection.flat:
        return lambda page: [python(row)[0] for row in page.rows]
    return lambda page: [python(row) for row in page.rows]


def reading(
    qs: QuerySetCore[Any], default_limit: int | None = None
) -> tuple[CompiledStatement, Converter, int | None]:
    """The ``SELECT`` to send, how its pages convert, and the client-side row cap.

    ``default_limit`` applies when the query has no limit of its own (``first``
    reads 1 row, ``get`` 2). For a query that filters the discriminator
    client-side (:mod:`coodie.executor.rowfilter`) the limit is never sent.
    """
    if default_limit is None and qs.select.limit is None:
        _require_ann_limit(qs)
    convert = converter(qs)
    row_filter = qs.row_filter
    if row_filter is None:
        limited = qs
        if default_limit is not None and qs.select.limit is None:
            limited = qs.limit(default_limit)
        return limited.compile(), convert, None
    if qs.projection.distinct is not None:
        raise _not_supported(qs, "distinct()")
    select, keep = filtered_select(qs.select, row_filter)
    cap = qs.select.limit.value if qs.select.limit is not None else default_limit
    return compile(select), lambda page: convert(keep(page)), cap


def _require_ann_limit(qs: QuerySetCore[Any]) -> None:
    """An ANN query (``order_by_ann``) returns the ``k`` nearest rows: ``k`` is its limit."""
    for ordering in qs.select.order_by:
        if isinstance(ordering, AnnOrdering):
            raise QueryError(
                "order_by_ann() needs a limit(): the number of nearest rows to return",
                model=model_name(qs.model),
                field=ordering.column.name,
            )


def _not_supported(qs: QuerySetCore[Any], what: str) -> NotSupported:
    column, values = qs.row_filter or ("", frozenset())
    return NotSupported(
        f"{model_name(qs.model)}: {what} is not supported on a polymorphic class whose "
        f"discriminator is not restricted in CQL (it has subclasses, or {column} is not "
        f"Indexed()): rows are told apart client-side ({column} in {sorted(map(str, values))})"
    )


def all_plan(qs: QuerySetCore[M]) -> Plan[list[M]]:
    """Every matching row, all pages."""
    statement, convert, cap = reading(qs)
    return Plan(ops.read_all(statement, qs.options, convert, cap), connection_of(qs))


def page_plan(qs: QuerySetCore[M], paging_state: bytes | None) -> Plan[PagedResult[M]]:
    """One page from ``paging_state`` as a :class:`~coodie.executor.results.PagedResult`."""
    if qs.row_filter is not None and qs.select.limit is not None:
        raise _not_supported(qs, "reading page by page with a limit()")
    statement, convert, _ = reading(qs)
    options = attrs.evolve(qs.options, paging_state=paging_state)
    return Plan(ops.read_page(statement, options, convert), connection_of(qs))


def first_plan(qs: QuerySetCore[M]) -> Plan[M | None]:
    """The first row or ``None`` (``LIMIT 1`` unless the query has a limit)."""
    statement, convert, _ = reading(qs, 1)
    return Plan(ops.read_first(statement, qs.options, convert), connection_of(qs))


def get_plan(qs: QuerySetCore[M]) -> Plan[M]:
    """Exactly one row, else the model's ``DoesNotExist`` / ``MultipleObjectsReturned``."""
    statement, convert, cap = reading(qs, 2)
    where = qs.select.where
    operation = _exactly_one(qs.table_model, statement, qs.options, convert, cap, lambda: where)
    return Plan(operation, connection_of(qs))


def model_get_plan(model: type[T], predicates: tuple[Any, ...], lookups: dict[str, Any]) -> Plan[T]:
    """``Model.get(...)``: the primary-key fast path when it applies, else a query."""
    plan = None if predicates else _get_by_key_plan(model, lookups)
    return plan or get_plan(QuerySetCore(model).filter(*predicates, **lookups))


def _get_by_key_plan(model: ModelClass, lookups: dict[str, Any]) -> Plan[Any] | None:
    """The fast path of ``Model.get(**primary_key)``: ``None`` when it does not apply."""
    names: tuple[str, ...] = model.__schema__.key_attributes
    if len(lookups) != len(names):
        return None
    infos = model.__coodie_columns__
    values = []
    for name in names:
        value = lookups.get(name)
        if value is None:
            return None  # not a key lookup, or a null key: the general path reports it
        try:
            values.append(infos[name].to_driver(value))
        except InvalidValueError as error:
            raise model._field_error(name, error) from None
    restriction = discriminator_filter(model)
    if restriction is None:
        key, params = ("get", model, names), (*values, 2)
        statement = TEMPLATES.lookup(key, params)
        if statement is None:
            compiled = _by_key(model, names, lookups).limit(2).compile()
            statement = TEMPLATES.remember(key, params, compiled)
        finish = partial(_one_by_key, model, names, lookups)
        return Plan(Single(statement, DEFAULT_OPTIONS, finish, paged=True), model_connection(model))
    # A polymorphic subclass: read the row by its key alone and check its class here
    # (a WHERE on the discriminator would need an index, and a key read is cheaper).
    implied = discriminator_where(model)
    keyed_select = _by_key(model, names, lookups).select
    keyed = attrs.evolve(keyed_select, where=keyed_select.where[len(implied) :])
    column, kinds = restriction
    select, keep = filtered_select(keyed, (column, frozenset(kinds)))
    statement = TEMPLATES.bind(("get", model, names), tuple(values), lambda: compile(select))
    convert = _kept(model_rows(model), keep)
    where = partial(_key_where, model, names, lookups)
    operation = _exactly_one(model, statement, DEFAULT_OPTIONS, convert, None, where)
    return Plan(operation, model_connection(model))


def _by_key(
    model: ModelClass, names: tuple[str, ...], lookups: dict[str, Any]
) -> QuerySetCore[Any]:
    """The query of ``Model.get(**primary_key)`` (built on a template miss or for an error)."""
    return QuerySetCore(model).filter(**{n: lookups[n] for n in names})


def _key_where(
    model: ModelClass, names: tuple[str, ...], lookups: dict[str, Any]
) -> tuple[Predicate, ...]:
    """The filter of ``Model.get(**primary_key)``, for an error message."""
    return _by_key(model, names, lookups).select.where[len(discriminator_where(model)) :]


def _one_by_key(
    model: ModelClass, names: tuple[str, ...], lookups: dict[str, Any], page: ResultPage
) -> Any:
    """The instance a key read found (the finish of ``Model.get(**primary_key)``)."""
    found = model_instances(model, page)
    if len(found) == 1:
        return found[0]
    raise _not_exactly_one(model, found, _key_where(model, names, lookups))


def _kept(convert: Converter, keep: Callable[[ResultPage], ResultPage]) -> Converter:
    """``convert`` applied to the rows ``keep`` leaves."""
    return lambda page: convert(keep(page))


def _exactly_one(
    model: ModelClass,
    statement: CompiledStatement,
    options: ExecutionOptions,
    convert: Converter,
    limit: int | None,
    where: Callable[[], tuple[Predicate, ...]],
) -> Operation[Any]:
    """The one row read, else ``DoesNotExist`` / ``MultipleObjectsReturned`` describing
    ``where()`` (the query's filter, only built for the error message)."""
    found = yield from ops.read_all(statement, options, convert, limit)
    if len(found) == 1:
        return found[0]
    raise _not_exactly_one(model, found, where())


def _not_exactly_one(
    model: ModelClass, found: list[Any], where: tuple[Predicate, ...]
) -> Exception:
    """The model's ``DoesNotExist`` (nothing ``found``) or ``MultipleObjectsReturned``,
    describing the filter ``where``."""
    if not found:
        missing: type[Exception] = getattr(model, "DoesNotExist", LookupError)
        return missing(f"{model.__name__}: no row matches {_described(model, where)}")
    several: type[Exception] = getattr(model, "MultipleObjectsReturned", LookupError)
    return several(f"{model.__name__}: more than one row matches {_described(model, where)}")


def _described(model: Any, where: tuple[Predicate, ...]) -> str:
    """:func:`describe_filter` saying attributes where ``ColumnName`` renamed columns."""
    schema = getattr(model, "__schema__", None)
    if schema is not None and schema.renamed:
        where = tuple(_with_attribute(p, schema.attribute_name) for p in where)
    return describe_filter(where)


def _with_attribute(p: Predicate, attribute: Callable[[str], str]) -> Predicate:
    node: Any = p  # every predicate with a column on its left has a ``left`` field
    left = getattr(node, "left", None)
    if isinstance(left, Column):
        renamed: Predicate = attrs.evolve(node, left=Column(attribute(left.name)))
        return renamed
    return p


def describe_filter(where: tuple[Predicate, ...]) -> str:
    """The filter as a reader wrote it, values in place of markers (for error messages).

    >>> describe_filter(())
    '(no filter)'
    """
    if not where:
        return "(no filter)"
    parts = []
    for predicate in where:
        compiled = compile(Select(_NO_TABLE, (), (predicate,)))
        pieces = compiled.cql.partition(" WHERE ")[2].split("?")
        values = [repr(p) for p in compiled.params] + [""]
        parts.append("".join(p + v for p, v in zip(pieces, values, strict=False)).strip())
    return " AND ".join(parts)


def count_plan(qs: QuerySetCore[Any]) -> Plan[int]:
    """``SELECT count(*)`` over the matching rows (capped by the query's limit).

    A polymorphic class with subclasses cannot count in CQL (the discriminator is
    filtered client-side): its count reads the discriminator column of every
    matching row, page by page, and counts the rows of its classes.

    A ``distinct()`` query counts its partitions the same way: CQL's ``count(*)``
    ignores ``DISTINCT`` and would count rows.
    """
    limit = qs.select.limit.value if qs.select.limit is not None else None
    row_filter = qs.row_filter
    if qs.select.distinct:
        if row_filter is not None:
            raise _not_supported(qs, "distinct()")
        pages = ops.read_all(compile(qs.select), qs.options, lambda p: [len(p.rows)])
        return Plan(_client_count(pages, limit), connection_of(qs))
    if row_filter is None:
        return Plan(_count(qs, limit), connection_of(qs))
    s = qs.select
    column = Select(s.table, (), s.where, allow_filtering=s.allow_filtering)
    select, keep = filtered_select(column, row_filter)
    operation = ops.read_all(compile(select), qs.options, lambda p: [len(keep(p).rows)])
    return Plan(_client_count(operation, limit), connection_of(qs))


def _client_count(counts: Operation[list[int]], limit: int | None) -> Operation[int]:
    total = sum((yield from counts))
    return min(total, limit) if limit is not None else total


def _count(qs: QuerySetCore[Any], limit: int | None) -> Operation[int]:
    n = yield from ops.read_scalar(_compiled(qs.count_statement()), qs.options)
    total = int(n or 0)
    return min(total, limit) if limit is not None else total


_AGGREGATES = {
    "sum": functions.sum,
    "avg": functions.avg,
    "min": functions.min,
    "max": functions.max,
}


def aggregate_plan(qs: QuerySetCore[Any], name: str, field: str | Field) -> Plan[Any]:
    """``SELECT sum(col)`` (``avg``, ``min``, ``max``) over the matching rows."""
    if qs.row_filter is not None:
        raise _not_supported(qs, f"{name}()")
    target = field_for(qs.model, field) if isinstance(field, str) else field
    statement = _compiled(qs.aggregate_statement(value=_AGGREGATES[name](target)))
    info = getattr(qs.model, "__coodie_columns__", {}).get(target.name)
    return Plan(_scalar(statement, qs, info.from_driver if info else None), connection_of(qs))


def _scalar(statement: Any, qs: QuerySetCore[Any], conv: Any) -> Operation[Any]:
    value = yield from ops.read_scalar(statement, qs.options)
    return conv(value) if conv is not None and value is not None else value


def update_plan(qs: QuerySetCore[M], changes: dict[str, Any]) -> Plan[LWTResult[M] | None]:
    """Bulk ``UPDATE`` of the matching rows; an LWT returns an :class:`LWTResult`.

    As on a document, ``m__update={"k": None}`` removes key ``k``.
    """
    statement = _compiled(qs.update_statement(**map_nulls_to_removals(changes)))
    return _bulk_write(statement, qs)


def delete_plan(qs: QuerySetCore[M], columns: tuple[str, ...] = ()) -> Plan[LWTResult[M] | None]:
    """Bulk ``DELETE`` of the matching rows (or of some of their columns)."""
    statement = _compiled(qs.delete_statement(*columns))
    return _bulk_write(statement, qs)


def _bulk_write(statement: CompiledStatement, qs: QuerySetCore[Any]) -> Plan[Any]:
    """Send the write, or add it to the queryset's batch (``qs.batch(b)``)."""
    batch = qs.writes.batch
    if batch is None:
        return Plan(_write(statement, qs), connection_of(qs))
    options = qs.options
    if options.consistency is not None or options.timeout is not None or qs.connection:
        raise QueryError(
            "a batched write takes the batch's consistency, timeout and connection",
            model=model_name(qs.model),
        )
    batch.add_model_write(statement, qs.table_model)
    return Plan(done(None), connection_of(qs))


def _write(statement: Any, qs: QuerySetCore[Any]) -> Operation[LWTResult[Any] | None]:
    if statement.is_lwt:
        result = yield from ops.conditional(statement, qs.options, typed_existing(qs.table_model))
        return result
    yield statement, qs.options
    return None
