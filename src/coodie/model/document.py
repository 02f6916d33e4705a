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

Executors build on four hooks: ``cls._hydrator(columns)`` (row tuple → instance),
``doc._write_values(only_changed)``, ``doc._primary_key_values()`` and
``doc._mark_persisted()``. A class whose own ``Settings`` says ``__abstract__ = True``
has no table (``coodie.sync.Document`` itself is such a class).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pydantic
from pydantic._internal._model_construction import ModelMetaclass
from typing_extensions import Self, dataclass_transform

from coodie import exceptions
from coodie.cql.types import SetType
from coodie.exceptions import InvalidValueError, ModelDefinitionError
from coodie.model import cqlengine
from coodie.model.hydrate import build_instance_factory
from coodie.model.init_names import check_init_names, init_names
from coodie.model.polymorphism import PolymorphicRoot, polymorphic_root
from coodie.model.routing import using_method
from coodie.model.schema import ColumnSchema, TableSchema, ViewSchema
from coodie.model.schema_builder import (
    ColumnInfo,
    FieldSpec,
    build_table_schema,
    column_infos,
    field_specs,
)
from coodie.model.settings import (
    DOCUMENT_SETTINGS,
    VIEW_SETTINGS,
    AbstractSettings,
    ModelSettings,
    document_settings,
    read_settings,
    snake_case,
)

if TYPE_CHECKING:
    from coodie.query.expressions import Field

__all__ = ["CounterDocumentCore", "DocumentCore", "MaterializedViewCore", "ModelMeta"]

_HYDRATOR_CACHE_SIZE = 256


def _install_exceptions(cls: type) -> None:
    """Give ``cls`` its own exception classes, deriving from its bases' ones."""
    for attr in ("DoesNotExist", "MultipleObjectsReturned"):
        parents = [
            getattr(b, attr) for b in cls.__bases__ if isinstance(getattr(b, attr, None), type)
        ]
        bases = tuple(
            dict.fromkeys(
                p for p in parents if not any(q is not p and issubclass(q, p) for q in parents)
            )
        )
        namespace = {"__module__": cls.__module__, "__qualname__": f"{cls.__qualname__}.{attr}"}
        setattr(cls, attr, type(attr, bases, namespace))


@dataclass_transform(
    kw_only_default=True, field_specifiers=(pydantic.Field, pydantic.PrivateAttr)
)  # restated: type checkers read it from the metaclass itself, not from its base
class ModelMeta(ModelMetaclass):
    """Pydantic's metaclass plus class access to columns: ``Product.price`` is a ``Field``.

    Type checkers see the fields in ``Product(...)``: the ``dataclass_transform`` of
    pydantic's metaclass is restated here (pyright does not inherit it).

    Fields are looked up only once the class is complete, so pydantic never sees
    them as defaults while it builds subclasses; instances keep plain values.
    """

    if not TYPE_CHECKING:

        def __getattr__(cls, name: str) -> Any:
            fields = cls.__dict__.get("__coodie_fields__")
            if fields is not None:
                if name in fields:
                    return fields[name]
                if not name.startswith("_"):  # Product.colour, Product.objects
                    raise cqlengine.missing_class_attribute(cls, name)
            return super().__getattr__(name)


class _TableModel(pydantic.BaseModel, metaclass=ModelMeta):
    """What documents and materialized views share: schema, columns, exceptions, hydration."""

    __slots__ = ("_coodie_loaded", "_coodie_loaded_columns")

    __settings__: ClassVar[ModelSettings]
    __schema__: ClassVar[TableSchema]
    Settings: ClassVar[type[Any]]
    """The model's ``class Settings:`` (table, keyspace...: ``coodie.model.settings``)."""
    __coodie_columns__: ClassVar[Mapping[str, ColumnInfo]]
    __coodie_hydrators__: ClassVar[dict[tuple[str, ...], Callable[[tuple[Any, ...]], Any]]]
    __coodie_fields__: ClassVar[dict[str, Field]]
    __coodie_abstract__: ClassVar[bool] = True
    __coodie_init_names__: ClassVar[frozenset[str]] = frozenset()
    __coodie_allowed_settings__: ClassVar[frozenset[str]] = DOCUMENT_SETTINGS

    DoesNotExist: ClassVar[type[exceptions.DoesNotExist]] = exceptions.DoesNotExist
    """Raised when a query for one ``Product`` finds none: ``Product.DoesNotExist``."""
    MultipleObjectsReturned: ClassVar[type[exceptions.MultipleObjectsReturned]] = (
        exceptions.MultipleObjectsReturned
    )
    """Raised when a query for one ``Product`` finds several."""

    model_config = pydantic.ConfigDict(extra="forbid")
    """Unknown fields are refused (``UnknownColumnError``); ``extra="ignore"`` opts out."""

    if not TYPE_CHECKING:  # type checkers keep pydantic's per-model signature

        def __init__(self, /, **data: Any) -> None:
            cls = type(self)
            if not data.keys() <= cls.__coodie_init_names__:
                check_init_names(cls, data)
            super().__init__(**data)

        def __getattr__(self, name: str) -> Any:
            found = cqlengine.instance_attribute(self, name)
            if found is not cqlengine.MISSING:
                return found
            return super().__getattr__(name)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cqlengine.check_class_spellings(cls)
        cls.__coodie_init_names__ = init_names(cls)
        _install_exceptions(cls)
        merged = read_settings(cls, cls.__coodie_allowed_settings__, snake_case(cls.__name__))
        settings = document_settings(cls, merged)
        cls.__settings__ = settings
        cls.__coodie_abstract__ = settings.abstract
        if settings.abstract:
            return
        if not cls.__pydantic_complete__ and not cls.model_rebuild(raise_errors=False):
            raise ModelDefinitionError(
                cls.__name__,
                None,
                "has annotations that cannot be resolved (define the types it uses first)",
            )
        specs = field_specs(cls.__name__, cls.model_fields)
        schema = cls._coodie_build_schema(specs)
        cls.__schema__ = schema
        cls.__coodie_columns__ = column_infos(schema, specs)
        cls.__coodie_hydrators__ = {}
        _install_fields(cls, schema)

    @classmethod
    def _coodie_build_schema(cls, specs: list[FieldSpec]) -> TableSchema:
        raise NotImplementedError  # each concrete core class defines how its table is built

    @classmethod
    def table_name(cls) -> str:
        """The table (or view) name: ``Product.table_name()`` → ``'product'``."""
        return cls.__schema__.name

    @classmethod
    def _hydrator(cls, columns: tuple[str, ...]) -> Callable[[tuple[Any, ...]], Self]:
        """A function turning a row (values in coodie value form, in ``columns`` order)
        into an instance, without pydantic validation. Cached per column tuple.

        >>> from typing import Annotated
        >>> from coodie.fields import PrimaryKey
        >>> from coodie.sync import Document
        >>> class Part(Document):
        ...     id: Annotated[int, PrimaryKey()]
        ...     name: str
        ...     price: float
        >>> to_part = Part._hydrator(("id", "name", "price"))
        >>> to_part((7, "bolt", 1.0)).price
        1.0
        """
        cache: dict[tuple[str, ...], Callable[[tuple[Any, ...]], Self]] = cls.__dict__[
            "__coodie_hydrators__"
        ]
        hydrate = cache.get(columns)
        if hydrate is None:
            if len(cache) >= _HYDRATOR_CACHE_SIZE:
                cache.clear()
            hydrate = cache[columns] = _make_hydrator(cls, columns)
        return hydrate

    @classmethod
    def _field_error(cls, field: str, error: InvalidValueError) -> InvalidValueError:
        return InvalidValueError(error.problem, model=cls.__name__, field=field)


class DocumentCore(_TableModel):
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
        row allocates no pair.
        """
        try:  # not getattr with a default: a miss would go through pydantic's __getattr__
            row = object.__getattribute__(self, "_coodie_loaded")
        except AttributeError:  # slot never set: a new instance
            return None
        if row is None:
            return None
        columns: tuple[str, ...] = object.__getattribute__(self, "_coodie_loaded_columns")
        return columns, row

    def _set_loaded(self, columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        """Remember ``row`` (values of ``columns``) as the stored state."""
        object.__setattr__(self, "_coodie_loaded_columns", columns)
        object.__setattr__(self, "_coodie_loaded", row)

    def _primary_key_values(self) -> dict[str, Any]:
        """Primary key column → value in coodie value form; ``None`` keys are refused."""
        cls = type(self)
        out = {}
        for name in cls.__schema__.primary_key:
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
        return tuple(self._driver_values(type(self).__coodie_columns__))

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
        values = self._primary_key_values()
        row = self._driver_row()
        names = type(self).__coodie_columns__
        loaded = self._loaded()
        if loaded is None:
            for name, value in zip(names, row, strict=True):
                if value is not None and name not in values:
                    values[name] = value
            return values, row
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
        self._set_loaded(
            tuple(type(self).__coodie_columns__), self._driver_row() if row is None else row
        )


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
        key = set(type(self).__schema__.primary_key)
        deltas = {}
        for name in type(self).__coodie_columns__:
            if name in key:
                continue
            delta = (self.__dict__.get(name) or 0) - (before.get(name) or 0)
            if delta:
                deltas[name] = delta
        return deltas


class MaterializedViewCore(_TableModel):
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


def _same(column: ColumnSchema, now: Any, before: Any) -> bool:
    """Equal as stored: null equals empty, and sets compare without order."""
    now, before = _normalize(column, now), _normalize(column, before)
    if isinstance(column.cql_type, SetType) and isinstance(now, list):
        if not isinstance(before, list | set | frozenset) or len(before) != len(now):
            return False
        return all(item in before for item in now)
    return bool(now == before)


def _normalize(column: ColumnSchema, value: Any) -> Any:
    """Null and empty are the same for a non-frozen collection."""
    if isinstance(value, list | set | dict) and not value and not column.cql_type.frozen:
        return None
    return value


def _install_fields(cls: type[_TableModel], schema: TableSchema) -> None:
    from coodie.query.expressions import Field

    cls.__coodie_fields__ = {name: Field(cls, column) for name, column in schema.columns.items()}


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
    cls.__coodie_discriminator__ = (root.column, value)
    _default_discriminator(cls, root.column, value)


def _default_discriminator(cls: type[DocumentCore], column: str, value: Any) -> None:
    info = cls.__pydantic_fields__[column]
    cls.__pydantic_fields__[column] = pydantic.fields.FieldInfo.merge_field_infos(
        info, default=value
    )
    cls.model_rebuild(force=True)


def _make_hydrator(
    cls: type[_TableModel], columns: tuple[str, ...]
) -> Callable[[tuple[Any, ...]], Any]:
    infos = cls.__coodie_columns__
    converters = {name: info.from_driver for name, info in infos.items()}
    own = build_instance_factory(
        cls,
        columns,
        converters,
        cls.__private_attributes__,
        snapshot_attrs=("_coodie_loaded_columns", "_coodie_loaded"),
    )
    root = polymorphic_root(cls)
    if root is None or root.column not in columns:
        return own
    index = columns.index(root.column)
    class_for = root.class_for

    def hydrate(row: tuple[Any, ...]) -> Any:
        klass = class_for(row[index], cls)
        if klass is cls:
            return own(row)
        return klass._hydrator(columns)(row)

    return hydrate
