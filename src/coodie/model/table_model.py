"""What documents and materialized views share: the metaclass and the table model base.

:class:`TableModel` computes a model's schema, column converters and ``Field``
descriptors once, when the class is defined, gives each class its own
``DoesNotExist`` / ``MultipleObjectsReturned`` and turns rows into instances
(``cls._hydrator(columns)``, or a page at once: ``cls._rows_hydrator(columns)``).
:class:`~coodie.model.document.DocumentCore` and
:class:`~coodie.model.document.MaterializedViewCore` build on it::

    Product.table_name()                          # 'product'
    Product._hydrator(("id", "name"))(row)        # an instance, without validation
    Product._rows_hydrator(("id", "name"))(rows)  # a list of them
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import pydantic
from pydantic._internal._model_construction import ModelMetaclass
from typing_extensions import Self, dataclass_transform

from coodie import exceptions
from coodie.exceptions import InvalidValueError, ModelDefinitionError
from coodie.model import cqlengine
from coodie.model.init_names import check_init_names, init_names
from coodie.model.instances import RowSource, build_instance_factory, build_rows_factory
from coodie.model.polymorphism import polymorphic_root
from coodie.model.schema import TableSchema
from coodie.model.schema_builder import ColumnInfo, FieldSpec, column_infos, field_specs
from coodie.model.settings import (
    DOCUMENT_SETTINGS,
    ModelSettings,
    document_settings,
    read_settings,
    snake_case,
)

if TYPE_CHECKING:
    from coodie.query.expressions import Field

__all__ = ["ModelMeta", "TableModel"]

_Factory = TypeVar("_Factory")
_HYDRATOR_CACHE_SIZE = 256
_ROWS = "rows"
"""First item of a page hydrator's cache key (a row hydrator's starts with a column name
tuple)."""
_NOT_SELF = (
    "A custom validator is returning a value other than `self`: pydantic ignores it"
    " when validating through `__init__`"
)


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


class TableModel(pydantic.BaseModel, metaclass=ModelMeta):
    """What documents and materialized views share: schema, columns, exceptions, hydration."""

    __slots__ = ("_coodie_loaded", "_coodie_loaded_columns")

    __settings__: ClassVar[ModelSettings]
    __schema__: ClassVar[TableSchema]
    Settings: ClassVar[type[Any]]
    """The model's ``class Settings:`` (table, keyspace...: ``coodie.model.settings``)."""
    __coodie_columns__: ClassVar[Mapping[str, ColumnInfo]]
    __coodie_hydrators__: ClassVar[dict[tuple[Any, ...], Callable[[Any], Any]]]
    __coodie_fields__: ClassVar[dict[str, Field]]
    __coodie_abstract__: ClassVar[bool] = True
    __coodie_init_names__: ClassVar[frozenset[str]] = frozenset()
    __coodie_allowed_settings__: ClassVar[frozenset[str]] = DOCUMENT_SETTINGS
    __coodie_unset_slots__: ClassVar[tuple[Callable[[Any, None], None], ...]] = ()
    """Setters of coodie's per-instance slots, each set to ``None`` when an instance is made:
    reading a slot never set raises (and formats) an ``AttributeError``, which the write
    path would otherwise pay several times per ``save()``."""

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
            for unset in cls.__coodie_unset_slots__:
                unset(self, None)
            # pydantic's BaseModel.__init__, without its frame; unknown fields fail
            # validation (extra="forbid"), and are then named by an UnknownColumnError
            try:
                validated = cls.__pydantic_validator__.validate_python(data, self_instance=self)
            except pydantic.ValidationError:
                check_init_names(cls, data)
                raise
            if validated is not self:
                warnings.warn(_NOT_SELF, stacklevel=2)

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
    def _hydrator(
        cls, columns: tuple[str, ...], conversion: RowSource | None = None
    ) -> Callable[[tuple[Any, ...]], Self]:
        """A function turning a row (values in coodie value form, in ``columns`` order)
        into an instance, without pydantic validation. Cached per column tuple.

        With a driver's ``conversion`` (:class:`~coodie.model.instances.RowSource`) it
        takes the driver's row instead and converts it in the same call.

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
        key = columns if conversion is None else (columns, conversion)
        return _cached(cls, key, _make_hydrator, columns, conversion)

    @classmethod
    def _rows_hydrator(
        cls, columns: tuple[str, ...], conversion: RowSource | None = None
    ) -> Callable[[Sequence[Any]], list[Self]]:
        """:meth:`_hydrator` for a page: ``rows -> instances`` in one call (cached).

        >>> from typing import Annotated
        >>> from coodie.fields import PrimaryKey
        >>> from coodie.sync import Document
        >>> class Bolt(Document):
        ...     id: Annotated[int, PrimaryKey()]
        >>> [bolt.id for bolt in Bolt._rows_hydrator(("id",))([(1,), (2,)])]
        [1, 2]
        """
        return _cached(cls, (_ROWS, columns, conversion), _make_rows_hydrator, columns, conversion)

    @classmethod
    def _field_error(cls, field: str, error: InvalidValueError) -> InvalidValueError:
        return InvalidValueError(error.problem, model=cls.__name__, field=field)


TableModel.__coodie_unset_slots__ = (TableModel.__dict__["_coodie_loaded"].__set__,)


def _install_fields(cls: type[TableModel], schema: TableSchema) -> None:
    from coodie.query.expressions import Field

    cls.__coodie_fields__ = {
        column.attribute: Field(cls, column) for column in schema.columns.values()
    }


def _cached(
    cls: type[TableModel],
    key: tuple[Any, ...],
    make: Callable[[type[TableModel], tuple[str, ...], RowSource | None], _Factory],
    columns: tuple[str, ...],
    conversion: RowSource | None,
) -> _Factory:
    """The model's hydrator cached under ``key``, made by ``make`` on a miss."""
    cache: dict[tuple[Any, ...], _Factory] = cls.__dict__["__coodie_hydrators__"]
    found = cache.get(key)
    if found is None:
        if len(cache) >= _HYDRATOR_CACHE_SIZE:
            cache.clear()
        found = cache[key] = make(cls, columns, conversion)
    return found


def _make_hydrator(
    cls: type[TableModel], columns: tuple[str, ...], conversion: RowSource | None
) -> Callable[[tuple[Any, ...]], Any]:
    root = polymorphic_root(cls)
    if root is None or root.column not in columns:
        return _instance_factory(cls, columns, conversion, build_instance_factory)
    if conversion is not None:  # the class is read from the converted row
        hydrate_converted = cls._hydrator(columns)
        convert = conversion.convert
        return lambda row: hydrate_converted(convert(row))
    own = _instance_factory(cls, columns, None, build_instance_factory)
    index = columns.index(root.column)
    class_for = root.class_for

    def hydrate(row: tuple[Any, ...]) -> Any:
        klass = class_for(row[index], cls)
        if klass is cls:
            return own(row)
        return klass._hydrator(columns)(row)

    return hydrate


def _make_rows_hydrator(
    cls: type[TableModel], columns: tuple[str, ...], conversion: RowSource | None
) -> Callable[[Sequence[Any]], list[Any]]:
    root = polymorphic_root(cls)
    if root is None or root.column not in columns:
        return _instance_factory(cls, columns, conversion, build_rows_factory)
    hydrate = cls._hydrator(columns, conversion)  # each row's class is read from the row
    return lambda rows: list(map(hydrate, rows))


def _instance_factory(
    cls: type[TableModel],
    columns: tuple[str, ...],
    conversion: RowSource | None,
    build: Callable[..., _Factory],
) -> _Factory:
    infos = cls.__coodie_columns__
    converters = {name: info.from_driver for name, info in infos.items()}
    schema = cls.__schema__
    # rows name their columns; instances their attributes (``ColumnName``): mapped once here
    attributes = tuple(map(schema.attribute_name, columns)) if schema.renamed else columns
    # a row of every column in the model's order needs no columns slot (``_loaded()``)
    every_column = attributes == tuple(infos)
    return build(
        cls,
        attributes,
        converters,
        cls.__private_attributes__,
        snapshot_attrs=(None if every_column else "_coodie_loaded_columns", "_coodie_loaded"),
        conversion=conversion,
    )
