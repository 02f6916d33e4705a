"""The immutable QuerySet core: a ``Select`` node plus execution options, no I/O.

Every chain method returns a new instance and leaves its source unchanged::

    qs = QuerySetCore(Product).filter(Product.price > 10, brand="acme")
    cheap = qs.order_by("-ts").limit(5)      # qs is unchanged
    cheap.compile().cql
    # 'SELECT ... FROM shop.product WHERE price > ? AND brand = ? ORDER BY ts DESC LIMIT ?'

``coodie.sync.QuerySet`` and ``coodie.aio.QuerySet`` subclass it and add the
terminal methods (``all``, ``first``, ``get``, ``count`` ...). Chain methods are
typed ``Self``, so a chain keeps the subclass.

Type checkers see ``Product.price`` as the field's Python type, so they type
``Product.price > 10`` as ``bool``: :meth:`QuerySetCore.filter` therefore accepts
``Predicate | bool`` and rejects a real ``bool`` at runtime with a
:class:`TypeError`.

Everything wrong is reported before anything is sent, as a typed
:class:`~coodie.exceptions.QueryError` naming the model and the field.
"""

# pyright: reportUnnecessaryIsInstance=false
# (user input is checked at runtime whatever the annotations say)

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar, cast, overload

import attrs
from typing_extensions import Self

from coodie.ast.base import evolver
from coodie.ast.enums import ClusteringOrder
from coodie.ast.predicates import Predicate, conjuncts
from coodie.ast.statements import AnnOrdering, Delete, Ordering, Select, Table, Update
from coodie.ast.terms import Aggregate, Column, FunctionCall, Selector
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import QueryError
from coodie.model.boundary import ModelClass, model_class
from coodie.model.polymorphism import client_discriminator, shared_table_schema
from coodie.model.schema import ColumnKind, TableSchema
from coodie.query import derived
from coodie.query.checks import check_predicate, check_score, check_selector, positive_int
from coodie.query.derived import column_names, discriminator_where, query_error
from coodie.query.expressions import Field, model_name, schema_of
from coodie.query.lookups import field_for, filter_predicate
from coodie.query.queryset_options import QuerySetOptions
from coodie.query.state import Projection, QueryState, WriteOptions

M = TypeVar("M")

_UNSET: Any = object()
_EXTRA_SLOTS: dict[type, tuple[str, ...]] = {}
_evolve_select = evolver(Select)
_new = object.__new__
_set = object.__setattr__
_new_state = tuple.__new__  # QueryState from a tuple, without NamedTuple.__new__'s frame


def _own_slots(cls: type) -> tuple[str, ...]:
    slots = cls.__dict__.get("__slots__", ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def _extra_slots(cls: type) -> tuple[str, ...]:
    """Slots a subclass adds (copied along with the state; cached per class)."""
    names = _EXTRA_SLOTS.get(cls)
    if names is None:
        names = tuple(
            n
            for c in cls.__mro__
            if c is not QuerySetCore and issubclass(c, QuerySetCore)
            for n in _own_slots(c)
        )
        _EXTRA_SLOTS[cls] = names
    return names


def _ann_field(model: Any, column: Any) -> Field:
    if isinstance(column, Field):
        if column.model is not model and not issubclass(model, column.model):
            raise column.lookup_error(f"order_by_ann() needs a field of {model_name(model)}")
        return field_for(model, column.name)
    if not isinstance(column, str):
        raise query_error(model, f"order_by_ann() needs a column name or field, not {column!r}")
    return field_for(model, column)


class QuerySetCore(QuerySetOptions, Generic[M]):
    """An immutable query over model ``M``: ``QuerySetCore(Product).filter(...).limit(5)``.

    Read by executors: :attr:`model`, :attr:`schema`, :attr:`select` (the AST),
    :attr:`options` (:class:`~coodie.drivers.base.ExecutionOptions`),
    :attr:`writes` (:class:`WriteOptions`), :attr:`projection`
    (:class:`Projection`), :attr:`connection`, and :meth:`compile`. The option methods
    (``ttl``, ``consistency``, ``iff``, ``using`` ...) come from
    :class:`~coodie.query.queryset_options.QuerySetOptions`.
    """

    __slots__ = ("_state",)

    # All state sits in one named tuple, so a chain method copies a queryset with
    # one object and one tuple (see :meth:`_copy`).
    _state: QueryState

    def __init__(self, model: type[M], *, keyspace: str | None = None) -> None:
        schema = schema_of(model)
        # A polymorphic model reads every column of the shared table, so rows of
        # its subclasses load completely.
        columns = tuple(shared_table_schema(model_class(model)).columns)
        table = Table(keyspace or schema.keyspace, schema.name, schema.partition_key)
        projection = Projection()
        select = Select(table, projection.selectors(columns), discriminator_where(model))
        state = QueryState(
            model, schema, columns, select, ExecutionOptions(), WriteOptions(), projection, None
        )
        _set(self, "_state", state)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; chain methods return a copy")

    def __bool__(self) -> bool:
        raise TypeError("a QuerySet has no truth value: run it (e.g. .first() / .count())")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.compile().cql}>"

    def _copy(self, state: QueryState) -> Self:
        cls = type(self)
        new: Self = _new(cls)
        _set(new, "_state", state)
        extra = _EXTRA_SLOTS.get(cls)
        if extra is None:
            extra = _extra_slots(cls)
        for slot in extra:
            value = getattr(self, slot, _UNSET)
            if value is not _UNSET:  # a subclass slot may be left unset
                _set(new, slot, value)
        return new

    def _evolve(self, **changes: Any) -> Self:
        return self._copy(self._state.replace(**changes))

    def _with_select(self, **changes: Any) -> Self:
        state = self._state
        return self._copy(state.with_select(_evolve_select(state.select, **changes)))

    def _error(self, problem: str, field: str | None = None) -> QueryError:
        return query_error(self._state.model, problem, field)

    # -- what executors read -------------------------------------------------

    @property
    def state(self) -> QueryState:
        """The whole state (model, schema, select, options, ...) as one named record."""
        return self._state

    @property
    def model(self) -> type[M]:
        """The model class."""
        model: type[M] = self._state.model
        return model

    @property
    def table_model(self) -> ModelClass:
        """The model class as the executor reads it (:attr:`model` is typed by the rows)."""
        return self._state.model

    @property
    def schema(self) -> TableSchema:
        """The model's table schema."""
        return self._state.schema

    @property
    def select(self) -> Select:
        """The ``SELECT`` AST node."""
        return self._state.select

    @property
    def options(self) -> ExecutionOptions:
        """Consistency, timeout, fetch size and paging state for the request."""
        return self._state.options

    @property
    def writes(self) -> WriteOptions:
        """TTL, timestamp and LWT conditions for bulk updates/deletes/inserts."""
        return self._state.writes

    @property
    def projection(self) -> Projection:
        """Model rows, some columns, or ``values_list`` tuples."""
        return self._state.projection

    @property
    def row_filter(self) -> tuple[str, frozenset[Any]] | None:
        """``(column, values)`` rows must match after reading, or ``None``.

        Set for a polymorphic subclass whose discriminator cannot be restricted in
        CQL (it has subclasses of its own, or the column is not ``Indexed()``):
        executors drop rows whose discriminator is not in ``values`` (see
        :mod:`coodie.executor.rowfilter`: the limit is applied client-side,
        ``count()`` counts client-side).
        """
        return client_discriminator(self._state.model)

    @property
    def connection(self) -> str | None:
        """The connection name chosen with :meth:`using` (``None``: the model's)."""
        return self._state.connection

    def compile(self) -> CompiledStatement:
        """The ``SELECT`` as a :class:`~coodie.compiler.compiled.CompiledStatement`."""
        return compile(self._state.select)

    # -- filtering and shaping -----------------------------------------------

    def filter(self, *predicates: Predicate | bool, **lookups: Any) -> Self:
        """Add predicates (``Product.price > 10``) and lookups (``price__gt=10``), AND-ed.

        Predicates are typed ``Predicate | bool`` because type checkers see
        ``Product.price > 10`` as a ``bool``; an actual ``bool`` (a comparison that
        did not involve a model field) raises :class:`TypeError`.
        """
        # The hot path of every query: the state is unpacked by name and rebuilt as one tuple.
        model, schema, columns, select, options, writes, projection, connection = self._state
        where = list(select.where)
        for p in predicates:
            where.extend(conjuncts(check_predicate(model, schema, p)))
        for key, value in lookups.items():
            where.extend(conjuncts(filter_predicate(model, key, value)))
        select = _evolve_select(select, where=tuple(where))
        state = (model, schema, columns, select, options, writes, projection, connection)
        return self._copy(_new_state(QueryState, state))

    def limit(self, n: int | None) -> Self:
        """``LIMIT ?`` (bound as a marker); ``None`` removes the limit."""
        model, schema, columns, select, options, writes, projection, connection = self._state
        bind = None if n is None else positive_int(model, "limit", n)
        select = _evolve_select(select, limit=bind)
        state = (model, schema, columns, select, options, writes, projection, connection)
        return self._copy(_new_state(QueryState, state))

    def per_partition_limit(self, n: int | None) -> Self:
        """``PER PARTITION LIMIT ?``; ``None`` removes it."""
        bind = None if n is None else positive_int(self._state.model, "per_partition_limit", n)
        return self._with_select(per_partition_limit=bind)

    def order_by(self, *columns: str) -> Self:
        """``ORDER BY`` clustering columns: ``order_by("-ts")`` is descending."""
        orderings: list[Ordering] = []
        reversed_: set[bool] = set()
        for position, spec in enumerate(columns):
            name = spec[1:] if spec.startswith("-") else spec
            column = field_for(self._state.model, name).column
            if column.kind is not ColumnKind.CLUSTERING:
                raise self._error("order_by() needs a clustering column", name)
            if column.position != position:
                schema = self._state.schema
                raise self._error(
                    "order_by() must follow the clustering key order: "
                    + ", ".join(map(schema.attribute_name, schema.clustering_key)),
                    name,
                )
            descending = spec.startswith("-")
            reversed_.add(descending != (column.order is ClusteringOrder.DESC))
            orderings.append(Ordering(Column(column.name), descending=descending))
        if len(reversed_) > 1:
            raise self._error(
                "order_by() must use the table's clustering order or its exact reverse",
                columns[-1].lstrip("-"),
            )
        return self._with_select(order_by=tuple(orderings))

    def order_by_ann(self, column: str | Any, vector: Any) -> Self:
        """``ORDER BY column ANN OF ?``: the rows whose vectors are nearest ``vector`` first.

        ``column`` is a vector column's name or field (``Product.embedding``); the
        dimension of ``vector`` is checked now (and, when the model declares the column's
        ``VectorIndex``, what it refuses: a zero vector under cosine), and running the
        query needs a :meth:`limit` (the number of neighbours), all before anything is sent.
        Example: ``Product.find().order_by_ann(Product.embedding, v).limit(5)``.
        """
        field = _ann_field(self._state.model, column)
        bind = field.vector_bind(vector, "order_by_ann()", indexed=True)
        return self._with_select(order_by=(AnnOrdering(field.node, bind),))

    def allow_filtering(self) -> Self:
        """``ALLOW FILTERING``."""
        return self._with_select(allow_filtering=True)

    def _reproject(self, projection: Projection) -> Self:
        select = attrs.evolve(
            self._state.select,
            selectors=projection.selectors(self._state.columns),
            distinct=projection.distinct is not None,
        )
        return self._evolve(projection=projection, select=select)

    def _names(self, what: str, names: tuple[str, ...]) -> tuple[str, ...]:
        return column_names(self._state.model, what, names)

    def only(self, *fields: str) -> Self:
        """Load only these columns.

        Columns not loaded (here, with :meth:`defer` or :meth:`distinct`) keep their
        default, or are ``None`` when the field is required; they are not in the
        instance's ``model_fields_set``. Saving such an instance writes only the
        fields that changed or were assigned, never the unloaded ones; include the
        primary key columns to be able to save it.
        Example: ``Person.find(id=pid).only("id", "home").first()``.
        """
        if self._state.projection.only is not None:
            raise self._error("only() was already called on this queryset")
        if not fields:
            raise self._error("only() needs at least one column")
        names = self._names("only", fields)
        return self._reproject(attrs.evolve(self._state.projection, only=names))

    def defer(self, *fields: str) -> Self:
        """Do not load these columns (primary key columns cannot be deferred)."""
        names = self._names("defer", fields)
        schema = self._state.schema
        for name in names:
            if name in schema.primary_key:
                raise self._error(
                    "a primary key column cannot be deferred", schema.attribute_name(name)
                )
        projection = attrs.evolve(
            self._state.projection, defer=self._state.projection.defer + names
        )
        if not projection.selectors(self._state.columns):
            raise self._error("defer() would leave no column to select")
        return self._reproject(projection)

    @overload
    def values_list(
        self, column: str | Selector, /, *, flat: Literal[True]
    ) -> QuerySetCore[Any]: ...

    @overload
    def values_list(
        self, *columns: str | Selector, flat: Literal[False] = False
    ) -> QuerySetCore[tuple[Any, ...]]: ...

    @overload
    def values_list(self, *columns: str | Selector, flat: bool) -> QuerySetCore[Any]: ...

    def values_list(self, *columns: str | Selector, flat: bool = False) -> QuerySetCore[Any]:
        """Return tuples of these columns (or function/aggregate selectors) instead of models.

        ``flat=True`` with one column returns bare values; with more it raises ``TypeError``.
        Typed by what the rows become: ``QuerySetCore[tuple[Any, ...]]``, or
        ``QuerySetCore[Any]`` with ``flat=True`` (the facades' querysets likewise).
        """
        if flat and len(columns) != 1:
            raise TypeError(f"values_list(flat=True) needs exactly one column, got {len(columns)}")
        if self._state.projection.score is not None:
            raise self._error("values_list() cannot follow with_score(): select the score in it")
        selectors: list[Selector] = []
        for col in columns or tuple(self._state.schema.by_attribute):
            if isinstance(col, str):
                selectors.append(field_for(self._state.model, col).node)
            else:
                selectors.append(check_selector(self._state.model, self._state.schema, col))
        projection = attrs.evolve(self._state.projection, values=tuple(selectors), flat=flat)
        return self._reproject(projection)

    def with_score(self, score: FunctionCall) -> QuerySetCore[tuple[M, float]]:
        """Each row as ``(instance, score)``: the model instance and a similarity selector.

        ``score`` is ``similarity_cosine``, ``similarity_euclidean`` or
        ``similarity_dot_product`` of one of this model's vector fields (see
        :mod:`coodie.functions`), read with the row in the same ``SELECT``.
        Example: ``Product.find().order_by_ann(Product.embedding, q).limit(3)``
        ``.with_score(similarity_cosine(Product.embedding, q)).all()`` →
        ``[(Product(...), 0.98), ...]``.
        """
        state = self._state
        checked = check_score(state.model, state.schema, score)
        if state.projection.values is not None or state.projection.distinct is not None:
            raise self._error("with_score() reads instances: not after values_list() or distinct()")
        scored = self._reproject(attrs.evolve(state.projection, score=checked))
        return cast("QuerySetCore[tuple[M, float]]", scored)

    def distinct(self, *columns: str) -> Self:
        """``SELECT DISTINCT`` partition key (and static) columns; default: the partition key."""
        if self._state.projection.score is not None:
            raise self._error("distinct() cannot follow with_score()")
        names = self._names("distinct", columns) or self._state.schema.partition_key
        for name in names:
            column = self._state.schema.columns[name]
            if column.kind not in (ColumnKind.PARTITION_KEY, ColumnKind.STATIC):
                raise self._error(
                    "DISTINCT selects partition key or static columns only", column.attribute
                )
        return self._reproject(attrs.evolve(self._state.projection, distinct=names))

    # -- derived statements --------------------------------------------------
    # These return AST nodes; ``coodie.compiler.compile(node)`` turns them into
    # CompiledStatements (executors do that, batches collect the results).

    def count_statement(self) -> Select:
        """``SELECT count(*) AS count`` over the same rows (limit and order dropped)."""
        return derived.count_statement(self._state)

    def aggregate_statement(self, **aggregates: Aggregate) -> Select:
        """``SELECT sum(price) AS total, ...``: ``aggregate_statement(total=fn.sum(P.price))``."""
        return derived.aggregate_statement(self._state, aggregates)

    def update_statement(self, **assignments: Any) -> Update:
        """``UPDATE ... SET`` the matching rows (the full primary key must be given)."""
        return derived.update_statement(self._state, assignments)

    def delete_statement(self, *columns: str) -> Delete:
        """``DELETE [columns] FROM ...`` the matching rows (full partition key required).

        With no columns whole rows (or a clustering range) are deleted; naming
        non-static columns, or adding a condition, needs the full primary key.
        """
        return derived.delete_statement(self._state, columns)
