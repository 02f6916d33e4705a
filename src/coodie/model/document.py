"""The model core shared by ``coodie.sync.Document`` and ``coodie.aio.Document`` (no I/O).

A model is a pydantic model whose fields are table columns::

    class Product(DocumentCore):           # users subclass coodie.sync/aio.Document
        id: Annotated[UUID, PrimaryKey()]
        name: str
        price: float = 0.0

        class Settings:
            keyspace = "shop"              # table name defaults to "product"

    Product.__schema__            # TableSchema, computed once at class definition
    Product.price > 10            # Product.price is a coodie.query.expressions.Field
    Product(id=i, name="x").price # instances hold plain values

Executors build on these hooks: ``cls._hydrator(columns)`` (row tuple → instance),
``cls._rows_hydrator(columns)`` (a page's rows → instances),
``doc._write_values(only_changed)``, ``doc._primary_key_values()`` and
``doc._mark_persisted()``. A class whose own ``Settings`` says ``__abstract__ = True``
has no table (``coodie.sync.Document`` itself is such a class).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import pydantic

from coodie.cql.types import SetType
from coodie.exceptions import InvalidValueError, ModelDefinitionError
from coodie.model.polymorphism import PolymorphicRoot, polymorphic_root
from coodie.model.routing import route_of, using_method
from coodie.model.row_writer import column_names, insert_writer, row_writer
from coodie.model.schema import ColumnSchema, TableSchema, ViewSchema
from coodie.model.schema_builder import FieldSpec, build_table_schema
from coodie.model.settings import VIEW_SETTINGS, AbstractSettings, ModelSettings
from coodie.model.table_model import ModelMeta, TableModel

__all__ = ["CounterDocumentCore", "DocumentCore", "MaterializedViewCore", "ModelMeta"]


class DocumentCore(TableModel):
    """Base of table models (see the module docs). Writes are tracked per instance."""

    __slots__ = ("_coodie_route",)
    __settings__: ClassVar[ModelSettings]
    __coodie_discriminator__: ClassVar[tuple[str, Any] | None] = None
    __coodie_polymorphic__: ClassVar[PolymorphicRoot | None] = None

    Settings = AbstractSettings

    @classmethod
    def _coodie_build_schema(cls, specs: list[FieldSpec]) -> TableSchema:
        settings = cls.__settings__
        root = polymorphic_root(cls)
        table, keyspace = settings.name, settings.keyspace
        if root is not None:
            base = root.root.__schema__
            table, keyspace = base.name, base.keyspace
        schema = build_table_schema(
            cls.__name__,
            specs,
            table=table,
            keyspace=keyspace,
            counter=cls._coodie_is_counter(),
            default_ttl=settings.default_ttl,
            options=settings.options,
        )
        _setup_polymorphism(cls, schema, root)
        return schema

    @classmethod
    def _coodie_is_counter(cls) -> bool:
        return False

    using: ClassVar[using_method] = using_method()
    """``doc.using(keyspace=..., connection=...)``: a copy whose writes go there;
    ``Product.using(...)``: ``find``/``get``/``create`` routed (:mod:`coodie.model.routing`)."""

    def get_changed_columns(self) -> list[str]:
        """Columns a ``save()`` would write as changed (cqlengine's spelling).

        A new document: every column with a value. Example:
        ``p = Product.get(id=pid); p.name = "x"; p.get_changed_columns()`` → ``['name']``.
        """
        return list(self._changed_columns())

    def _is_persisted(self) -> bool:
        """True for an instance loaded from (or written to) the database."""
        try:  # not getattr with a default: a miss would go through pydantic's __getattr__
            return object.__getattribute__(self, "_coodie_loaded") is not None
        except AttributeError:  # slot never set: a new instance
            return False

    def _loaded(self) -> tuple[tuple[str, ...], tuple[Any, ...]] | None:
        """``(columns, row)`` as loaded or last written (coodie value form), else ``None``.

        Kept in two slots (the row as read, the page's column names) so loading a
        row allocates no pair. A row of every column in the model's order leaves the
        columns slot unset: hydrating skips a slot write per row.
        """
        try:  # not getattr with a default: a miss would go through pydantic's __getattr__
            row = object.__getattribute__(self, "_coodie_loaded")
        except AttributeError:  # slot never set: a new instance
            return None
        if row is None:
            return None
        try:
            columns: tuple[str, ...] = object.__getattribute__(self, "_coodie_loaded_columns")
        except AttributeError:  # loaded with every column (see TableModel._hydrator)
            columns = column_names(type(self))
        return columns, row

    def _set_loaded(self, columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        """Remember ``row`` (values of ``columns``) as the stored state."""
        _set_loaded_columns(self, columns)
        _set_loaded_row(self, row)

    def _primary_key_values(self) -> dict[str, Any]:
        """Primary key attribute → value in coodie value form; ``None`` keys are refused."""
        cls = type(self)
        out = {}
        for name in cls.__schema__.key_attributes:
            value = self.__dict__.get(name)
            if value is None:
                raise InvalidValueError(
                    "a primary key column cannot be null", model=cls.__name__, field=name
                )
            out[name] = self._driver_value(name, value)
        return out

    def _driver_values(self, names: Iterable[str]) -> list[Any]:
        """This instance's values of columns ``names`` in coodie value form, in order.

        The same as :meth:`_driver_value` per column, in one call (the write paths' loop).
        """
        cls = type(self)
        infos = cls.__coodie_columns__
        data = self.__dict__
        discriminator = cls.__coodie_discriminator__
        out = []
        for name in names:
            value = data.get(name)
            if discriminator is not None and discriminator[0] == name:
                value = discriminator[1]
            try:
                out.append(infos[name].to_driver(value))
            except InvalidValueError as error:
                raise cls._field_error(name, error) from None
        return out

    def _driver_value(self, name: str, value: Any) -> Any:
        cls = type(self)
        discriminator = cls.__coodie_discriminator__
        if discriminator is not None and discriminator[0] == name:
            value = discriminator[1]
        try:
            return cls.__coodie_columns__[name].to_driver(value)
        except InvalidValueError as error:
            raise cls._field_error(name, error) from None

    def _driver_row(self) -> tuple[Any, ...]:
        """Every column's value in coodie value form, in column order.

        A write converts its document once: the row gives the statement's values and,
        once the write succeeded, the stored state (:meth:`_mark_persisted`).
        """
        cls = type(self)
        try:
            return row_writer(cls)(self.__dict__)
        except InvalidValueError:  # again column by column, to name the field
            return tuple(self._driver_values(cls.__coodie_columns__))

    def _changed_columns(self, row: tuple[Any, ...] | None = None) -> tuple[str, ...]:
        """Columns whose value differs from what was loaded or last written.

        Every column with a value counts as changed for a new instance. ``row``:
        this instance's :meth:`_driver_row` when the caller already has it.
        """
        loaded = self._loaded()
        columns = type(self).__coodie_columns__
        if loaded is None:
            return tuple(n for n in columns if self.__dict__.get(n) is not None)
        if row is None:
            row = self._driver_row()
        before = dict(zip(loaded[0], loaded[1], strict=False))
        assigned = self.__pydantic_fields_set__
        changed = []
        for (name, info), now in zip(columns.items(), row, strict=True):
            if name not in before:
                if name in assigned:
                    changed.append(name)
                continue
            if not _same(info.schema, now, before[name]):
                changed.append(name)
        return tuple(changed)

    def _write_values(self, only_changed: bool = False) -> dict[str, Any]:
        """Column → value in coodie value form for an INSERT/UPDATE of this instance.

        Primary key columns are always included. For a new instance ``None`` values
        are left out (no tombstones). For a loaded one, ``only_changed`` keeps just the
        changed columns (a ``None`` there means "delete the value"); otherwise every
        column is included except those that were and still are null.
        """
        return self._write_row(only_changed)[0]

    def _write_row(self, only_changed: bool = False) -> tuple[dict[str, Any], tuple[Any, ...]]:
        """:meth:`_write_values` and this instance's :meth:`_driver_row`, converted once."""
        loaded = self._loaded()
        if loaded is None:
            return self._new_row()
        values = self._primary_key_values()
        row = self._driver_row()
        names = type(self).__coodie_columns__
        if only_changed:
            changed = set(self._changed_columns(row))
            for name, value in zip(names, row, strict=True):
                if name in changed and name not in values:
                    values[name] = value
            return values, row
        before = dict(zip(loaded[0], loaded[1], strict=False))
        for name, value in zip(names, row, strict=True):
            if name in values or (value is None and before.get(name) is None):
                continue
            values[name] = value
        return values, row

    def _new_row(self) -> tuple[dict[str, Any], tuple[Any, ...]]:
        """:meth:`_write_row` of a new instance: key columns first, then every non-null one.

        The row is the model's :func:`~coodie.model.row_writer.insert_writer`'s: each column
        converted once, a null key refused before anything is converted, a bad value named.
        """
        cls = type(self)
        names, write = insert_writer(cls)
        row = write(self)[2]
        by_name = dict(zip(names, row, strict=True))
        values = {name: by_name[name] for name in cls.__schema__.key_attributes}
        for name, value in by_name.items():
            if value is not None and name not in values:
                values[name] = value
        return values, row

    def _forget_stored_state(self) -> None:
        """Forget the stored state: the next ``save()`` writes every non-null field.

        Called after the row was deleted, or when the primary key was reassigned
        (the document then addresses a row whose stored state is unknown).
        """
        object.__setattr__(self, "_coodie_loaded", None)

    def _key_changed(self) -> bool:
        """True when a primary key field differs from what was loaded or last written."""
        loaded = self._loaded()
        if loaded is None:
            return False
        columns, row = loaded
        for name, value in self._primary_key_values().items():
            if name in columns and row[columns.index(name)] != value:
                return True
        return False

    def _mark_persisted(self, row: tuple[Any, ...] | None = None) -> None:
        """Remember the current values (or ``row``, the :meth:`_driver_row` that was
        written) as stored: call after a successful write."""
        self._set_loaded(column_names(type(self)), self._driver_row() if row is None else row)


_set_loaded_columns = TableModel.__dict__["_coodie_loaded_columns"].__set__
_set_loaded_row = TableModel.__dict__["_coodie_loaded"].__set__
"""The slots' own setters: half the cost of ``object.__setattr__``, which looks the name up."""

DocumentCore.__coodie_unset_slots__ = (
    *TableModel.__coodie_unset_slots__,
    DocumentCore.__dict__["_coodie_route"].__set__,
)

_loaded_row = TableModel.__dict__["_coodie_loaded"].__get__
_route = DocumentCore.__dict__["_coodie_route"].__get__


def is_new_and_unrouted(doc: DocumentCore) -> bool:
    """Whether ``doc`` was neither loaded nor saved, nor bound by ``using()``.

    The common ``save()`` of a new document asks this once per row; the slots' own
    getters answer it in half the time of ``_is_persisted()`` and ``route_of()``.
    Example: ``is_new_and_unrouted(Product(id=pid))`` → ``True``; after ``save()``, or for
    ``Product(id=pid).using(keyspace="k2")``, ``False``.
    """
    try:
        return _loaded_row(doc) is None and _route(doc) is None
    except AttributeError:  # a slot never set: an instance made without __init__
        return not doc._is_persisted() and route_of(doc) is None


class CounterDocumentCore(DocumentCore):
    """Base of counter tables: every column outside the primary key is a counter.

    Counters are changed by deltas: :meth:`_counter_deltas` gives, per counter
    column, how much it moved since it was loaded (or from 0 for a new instance).
    """

    Settings = AbstractSettings

    @classmethod
    def _coodie_is_counter(cls) -> bool:
        return True

    def _counter_deltas(self) -> dict[str, int]:
        """Counter column → non-zero increment to apply (``UPDATE ... SET c = c + ?``)."""
        loaded = self._loaded()
        before = dict(zip(loaded[0], loaded[1], strict=False)) if loaded else {}
        key = set(type(self).__schema__.key_attributes)
        deltas = {}
        for name in type(self).__coodie_columns__:
            if name in key:
                continue
            delta = (self.__dict__.get(name) or 0) - (before.get(name) or 0)
            if delta:
                deltas[name] = delta
        return deltas


class MaterializedViewCore(TableModel):
    """Base of read-only materialized view models.

    ``Settings.__base_table__`` is the base Document class (or its table name);
    the view's declared fields are its columns and keys::

        class ProductByBrand(MaterializedView):
            brand: Annotated[str, PrimaryKey()]
            id: Annotated[UUID, ClusteringKey()]
            name: str | None = None

            class Settings:
                __base_table__ = Product

    ``__view_schema__`` is its :class:`~coodie.model.schema.ViewSchema`; ``where_not_null``
    lists every view primary key column.
    """

    __coodie_allowed_settings__: ClassVar[frozenset[str]] = VIEW_SETTINGS
    __view_schema__: ClassVar[ViewSchema]

    Settings = AbstractSettings

    @classmethod
    def _coodie_build_schema(cls, specs: list[FieldSpec]) -> TableSchema:
        from coodie.model.views import build_view_schema

        view = build_view_schema(cls.__name__, cls.__settings__, specs)
        cls.__view_schema__ = view
        return view.table


_SET_FORMS = (list, set, frozenset)
"""Forms of a stored set (a set of unhashable values is a list); a tuple, not a union built
per call."""
_COLLECTIONS = (list, set, dict)


def _same(column: ColumnSchema, now: Any, before: Any) -> bool:
    """Equal as stored: null equals empty, and sets compare without order."""
    now, before = _normalize(column, now), _normalize(column, before)
    if isinstance(column.cql_type, SetType) and isinstance(now, list):
        if not isinstance(before, _SET_FORMS) or len(before) != len(now):
            return False
        return all(item in before for item in now)
    return bool(now == before)


def _normalize(column: ColumnSchema, value: Any) -> Any:
    """Null and empty are the same for a non-frozen collection."""
    if isinstance(value, _COLLECTIONS) and not value and not column.cql_type.frozen:
        return None
    return value


def _setup_polymorphism(
    cls: type[DocumentCore], schema: TableSchema, root: PolymorphicRoot | None
) -> None:
    value = cls.__settings__.discriminator_value
    if root is None:
        column = next((c.name for c in schema.columns.values() if c.is_discriminator), None)
        if column is None:
            if value is not None:
                raise ModelDefinitionError(
                    cls.__name__, None, "__discriminator_value__ needs a Discriminator() column"
                )
            return
        root = PolymorphicRoot(cls, column)
        cls.__coodie_polymorphic__ = root
        if value is None:
            return
    else:
        base_schema = root.root.__schema__
        if schema.primary_key != base_schema.primary_key:
            raise ModelDefinitionError(
                cls.__name__, None, f"must keep the primary key of {root.root.__name__}"
            )
        root.check_columns(cls, schema)
    root.register(value, cls)
    attribute = schema.attribute_name(root.column)
    cls.__coodie_discriminator__ = (attribute, value)
    _default_discriminator(cls, attribute, value)


def _default_discriminator(cls: type[DocumentCore], column: str, value: Any) -> None:
    info = cls.__pydantic_fields__[column]
    cls.__pydantic_fields__[column] = pydantic.fields.FieldInfo.merge_field_infos(
        info, default=value
    )
    cls.model_rebuild(force=True)
