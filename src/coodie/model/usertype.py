"""User-defined types (UDTs) as pydantic models.

::

    from coodie.model.usertype import UserType

    class Address(UserType):
        street: str
        zipcode: int

        class Settings:
            __type_name__ = "address"   # default: snake_case of the class name

    class User(Document):
        id: Annotated[UUID, PrimaryKey()]
        addr: Address                   # frozen<address>
        past: list[Address] = []        # list<frozen<address>>

``Address.__type_schema__`` is its :class:`~coodie.model.schema.TypeSchema`. A UDT column is
always frozen. Values cross the driver boundary as dicts (see
:mod:`coodie.drivers.base`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import pydantic

from coodie.compiler.compiled import CompiledStatement
from coodie.cql.types import UserDefinedType
from coodie.exceptions import ModelDefinitionError
from coodie.model.annotations import cql_type_for, is_user_type, strip_annotation
from coodie.model.cqlengine import MISSING, check_class_spellings, instance_attribute
from coodie.model.fields import (
    ClusteringKey,
    ColumnName,
    Counter,
    Discriminator,
    Indexed,
    PrimaryKey,
    Static,
)
from coodie.model.hydrate import from_driver_converter
from coodie.model.init_names import check_init_names, init_names
from coodie.model.instances import build_instance_factory
from coodie.model.schema import TypeSchema
from coodie.model.settings import USER_TYPE_SETTINGS, check_cql_names, read_settings, snake_case

__all__ = [
    "UserType",
    "UserTypeCore",
    "type_schema_of",
    "user_type_dependencies",
    "user_types_in_order",
]

_IN_PROGRESS: list[type] = []
_FORBIDDEN_MARKERS = (PrimaryKey, ClusteringKey, Indexed, Static, Counter, Discriminator)


class UserTypeCore(pydantic.BaseModel):
    """Base of user-defined types: fields are CQL-typed like document fields.

    The CQL description is computed once, when first needed (normally when the
    class is defined)::

        Address.type_name()              # 'address'
        Address.__type_schema__.fields   # (('street', text), ('zipcode', int))
    """

    __coodie_abstract__: ClassVar[bool] = True
    __coodie_init_names__: ClassVar[frozenset[str]] = frozenset()
    model_config = pydantic.ConfigDict(extra="forbid")
    Settings: ClassVar[type[Any]]
    """The type's ``class Settings:`` (``__type_name__``, ``keyspace``)."""
    __cql_type_name__: ClassVar[str]
    __type_schema__: ClassVar[TypeSchema]
    __user_type_deps__: ClassVar[tuple[type[UserTypeCore], ...]]
    __coodie_pending_keyspace__: ClassVar[str | None]
    """The keyspace of a type defined before the types it uses (built on first use)."""
    __coodie_factory__: ClassVar[Callable[[tuple[Any, ...]], Any]]
    """Row → instance without validation (built on first use)."""

    if not TYPE_CHECKING:  # type checkers keep pydantic's per-model signature

        def __init__(self, /, **data: Any) -> None:
            try:  # unknown fields fail validation (extra="forbid"), then are named
                super().__init__(**data)
            except pydantic.ValidationError:
                check_init_names(type(self), data)
                raise

        def __getattr__(self, name: str) -> Any:
            found = instance_attribute(self, name)
            if found is not MISSING:
                return found
            return super().__getattr__(name)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        check_class_spellings(cls)
        cls.__coodie_init_names__ = init_names(cls)
        if cls.__dict__.get("__coodie_abstract__"):
            return
        merged = read_settings(cls, USER_TYPE_SETTINGS, snake_case(cls.__name__))
        if merged.get("__abstract__"):
            cls.__coodie_abstract__ = True
            return
        cls.__cql_type_name__ = merged.get("__type_name__") or merged["name"]
        check_cql_names(cls.__name__, merged, ("__type_name__", "keyspace"))
        cls.__coodie_abstract__ = False
        if cls.__pydantic_complete__:
            _build(cls, merged.get("keyspace"))
        else:
            cls.__coodie_pending_keyspace__ = merged.get("keyspace")

    @classmethod
    def type_name(cls) -> str:
        """The CQL name of this type.

        >>> class ShippingAddress(UserType):
        ...     street: str
        >>> ShippingAddress.type_name()
        'shipping_address'
        """
        return cls.__cql_type_name__

    @classmethod
    def __cql_type__(cls) -> UserDefinedType:
        """The (frozen) CQL type of a column holding this UDT."""
        schema = type_schema_of(cls)
        return UserDefinedType(schema.name, schema.fields, schema.keyspace)

    @classmethod
    def __from_driver__(cls, value: Any) -> Any:
        """Build an instance from its coodie value form (a dict), without validation."""
        if value is None or isinstance(value, cls):
            return value
        factory = cls.__dict__.get("__coodie_factory__")
        if factory is None:
            factory = _factory(cls)
        return factory(tuple(value.get(name) for name in cls.model_fields))


class UserType(UserTypeCore):
    """The public base class of user-defined types (see the module docs).

    ``Address.sync_type()`` creates or alters the type in the database; it is
    provided by :mod:`coodie.sync` (the model core does no I/O).
    """

    __coodie_abstract__: ClassVar[bool] = True

    @classmethod
    def sync_type(
        cls, keyspace: str | None = None, *, dry_run: bool = False
    ) -> tuple[CompiledStatement, ...]:
        """Create the type (and the types it uses) or add missing fields, synchronously.

        Returns the statements (``dry_run=True``: planned, not sent), as
        ``Document.sync_table()`` does. Example: ``Address.sync_type()``.
        """
        # The I/O side lives in coodie.sync; imported late so this module stays pure.
        sync = importlib.import_module("coodie.sync")
        sent: tuple[CompiledStatement, ...] = sync.sync_type(
            cls, keyspace=keyspace, dry_run=dry_run
        )
        return sent

    @classmethod
    def drop_type(cls, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
        """Drop the type if it exists, synchronously.

        Example: ``Address.drop_type()``.
        """
        sent: tuple[CompiledStatement, ...] = importlib.import_module("coodie.sync").drop_type(
            cls, keyspace=keyspace
        )
        return sent


def type_schema_of(cls: type[UserTypeCore]) -> TypeSchema:
    """``cls.__type_schema__``, computing it first if the class had forward references.

    >>> from coodie.sync import UserType
    >>> class Address(UserType):
    ...     street: str
    >>> type_schema_of(Address).name
    'address'
    """
    schema = cls.__dict__.get("__type_schema__")
    if schema is None:
        if cls.__dict__.get("__coodie_abstract__", False):
            raise ModelDefinitionError(cls.__name__, None, "an abstract user type has no schema")
        schema = _build(cls, cls.__dict__.get("__coodie_pending_keyspace__"))
    assert isinstance(schema, TypeSchema)
    return schema


def _build(cls: type[UserTypeCore], keyspace: str | None) -> TypeSchema:
    model = cls.__name__
    if cls in _IN_PROGRESS:
        cycle = " -> ".join(c.__name__ for c in [*_IN_PROGRESS[_IN_PROGRESS.index(cls) :], cls])
        raise ModelDefinitionError(model, None, f"circular user types: {cycle}")
    _IN_PROGRESS.append(cls)
    try:
        in_progress = {c.__name__: c for c in _IN_PROGRESS}
        if not cls.__pydantic_complete__ and not cls.model_rebuild(
            raise_errors=False, _types_namespace=in_progress
        ):
            raise ModelDefinitionError(model, None, "has annotations that cannot be resolved yet")
        if not cls.model_fields:
            raise ModelDefinitionError(model, None, "a user type needs at least one field")
        fields = []
        deps: list[type[UserTypeCore]] = []
        for name, info in cls.model_fields.items():
            _check_markers(model, name, info.metadata, info.annotation)
            fields.append(
                (name, cql_type_for(info.annotation, info.metadata, model=model, field=name))
            )
            deps.extend(d for d in user_type_classes(info.annotation) if d not in deps)
    finally:
        _IN_PROGRESS.pop()
    schema = TypeSchema(
        model_name=model,
        keyspace=keyspace,
        name=cls.__cql_type_name__,
        fields=tuple(fields),
        dependencies=tuple(d.__cql_type_name__ for d in deps),
    )
    cls.__type_schema__ = schema
    cls.__user_type_deps__ = tuple(deps)
    return schema


def _check_markers(model: str, field: str, metadata: Iterable[Any], annotation: Any) -> None:
    _, markers, _ = strip_annotation(annotation, tuple(metadata))
    for marker in markers:
        if isinstance(marker, ColumnName):
            problem = (
                "ColumnName() is not supported in a user type: a UDT field keeps its "
                "attribute's name (name the attribute as the field)"
            )
            raise ModelDefinitionError(model, field, problem)
        if isinstance(marker, _FORBIDDEN_MARKERS):
            problem = f"{type(marker).__name__}() has no meaning in a user type"
            raise ModelDefinitionError(model, field, problem)


def _factory(cls: type[UserTypeCore]) -> Any:
    schema = type_schema_of(cls)
    converters = {
        name: from_driver_converter(cql, info.annotation, tuple(info.metadata))
        for (name, cql), info in zip(schema.fields, cls.model_fields.values(), strict=True)
    }
    factory = build_instance_factory(
        cls, tuple(cls.model_fields), converters, cls.__private_attributes__
    )
    cls.__coodie_factory__ = factory
    return factory


def user_type_classes(annotation: Any) -> list[type[UserTypeCore]]:
    """The UDT classes an annotation uses directly (also inside collections), in order.

    >>> user_type_classes(dict[str, list[int]])
    []
    """
    found: list[type[UserTypeCore]] = []
    stack = [annotation]
    while stack:
        tp, _, _ = strip_annotation(stack.pop())
        if is_user_type(tp):
            if tp not in found:
                found.append(tp)
            continue
        stack.extend(reversed(getattr(tp, "__args__", ())))
    return found


def user_type_dependencies(cls: type[UserTypeCore]) -> tuple[type[UserTypeCore], ...]:
    """The UDT classes ``cls``'s fields use directly.

    Example: ``user_type_dependencies(Warehouse)`` → ``(ShippingAddress,)``.
    """
    type_schema_of(cls)
    return cls.__user_type_deps__


def user_types_in_order(classes: Iterable[type[UserTypeCore]]) -> tuple[TypeSchema, ...]:
    """The schemas of ``classes`` and everything they use, dependencies first.

    This is the order in which ``CREATE TYPE`` statements must run.

    Example: ``[s.name for s in user_types_in_order([Warehouse])]`` →
    ``['shipping_address', 'warehouse']``.
    """
    ordered: list[TypeSchema] = []
    seen: set[type] = set()

    def visit(cls: type[UserTypeCore]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for dep in user_type_dependencies(cls):
            visit(dep)
        ordered.append(type_schema_of(cls))

    for cls in classes:
        visit(cls)
    return tuple(ordered)
