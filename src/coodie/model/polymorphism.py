"""Table polymorphism: several model classes stored in one table, told apart by a column.

Like cqlengine, a base model declares a ``Discriminator`` column; each subclass
sets ``Settings.__discriminator_value__`` and shares the base's table. A
subclass's ``__schema__`` holds the base's columns plus its own (its extra columns
are regular columns of the shared table; :func:`shared_table_schema` gives the
union over all subclasses defined so far, which is what the table needs)::

    class Pet(Document):
        id: Annotated[UUID, PrimaryKey()]
        kind: Annotated[str, Discriminator()] = ""

    class Cat(Pet):
        lives: int = 9

        class Settings:
            __discriminator_value__ = "cat"

    Cat(id=...).kind             # 'cat' (set automatically)
    polymorphic_values(Pet)      # ('cat',)  (values a query on Pet may return)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from coodie.exceptions import ModelDefinitionError
from coodie.model.schema import ColumnSchema, TableSchema

if TYPE_CHECKING:
    from coodie.model.boundary import ModelClass
    from coodie.model.document import DocumentCore


@attrs.define(slots=True)
class PolymorphicRoot:
    """The registry of one polymorphic hierarchy: discriminator value → class.

    Example: ``polymorphic_root(Cat).classes`` → ``{'cat': Cat, 'dog': Dog}``.
    """

    root: type[DocumentCore]
    column: str
    classes: dict[Any, type[DocumentCore]] = attrs.field(factory=dict)

    def register(self, value: Any, cls: type[DocumentCore]) -> None:
        """Record that rows whose discriminator is ``value`` load as ``cls``."""
        if value is None:
            raise ModelDefinitionError(
                cls.__name__,
                None,
                f"a subclass of polymorphic {self.root.__name__} needs "
                "Settings.__discriminator_value__",
            )
        known = self.classes.get(value)
        if known is not None and known is not cls:
            raise ModelDefinitionError(
                cls.__name__,
                self.column,
                f"discriminator value {value!r} is already used by {known.__name__}",
            )
        self.classes[value] = cls

    def check_columns(self, cls: type, schema: TableSchema) -> None:
        """Refuse a subclass column that clashes in type with one already in the table."""
        for klass in (self.root, *self.classes.values()):
            other = klass.__schema__
            for name, column in schema.columns.items():
                known = other.columns.get(name)
                if known is not None and known.cql_type != column.cql_type:
                    raise ModelDefinitionError(
                        cls.__name__,
                        name,
                        f"is {column.cql_type.cql()} but {klass.__name__}.{name} in the shared "
                        f"table is {known.cql_type.cql()}",
                    )

    def class_for(self, value: Any, default: type[Any]) -> type[DocumentCore] | type[Any]:
        """The class for a row with discriminator ``value``, if it is ``default`` or below."""
        found = self.classes.get(value)
        if found is not None and issubclass(found, default):
            return found
        return default


def polymorphic_root(cls: type[Any] | ModelClass) -> PolymorphicRoot | None:
    """The hierarchy registry ``cls`` belongs to, if any.

    Example: ``polymorphic_root(Cat).root`` → ``Pet``.
    """
    root: PolymorphicRoot | None = getattr(cls, "__coodie_polymorphic__", None)
    return root


def polymorphic_values(cls: type[Any]) -> tuple[Any, ...]:
    """Discriminator values of ``cls`` and of its registered subclasses.

    A query on a subclass filters the discriminator column by these values.

    Example: ``polymorphic_values(Cat)`` → ``('cat',)``.
    """
    root = polymorphic_root(cls)
    if root is None:
        return ()
    return tuple(v for v, klass in root.classes.items() if issubclass(klass, cls))


def discriminator_filter(cls: type[Any]) -> tuple[str, tuple[Any, ...]] | None:
    """``(column, values)`` a query on ``cls`` must restrict the discriminator to.

    ``None`` for the root of a hierarchy (every row is one of its classes) and for
    models outside any hierarchy.

    Example: ``discriminator_filter(Dog)`` → ``('kind', ('dog', 'puppy'))``.
    """
    root = polymorphic_root(cls)
    if root is None or cls is root.root:
        return None
    return root.column, polymorphic_values(cls)


def indexed_discriminator(cls: type[Any]) -> tuple[str, Any] | None:
    """``(column, value)`` when a query on ``cls`` can restrict the discriminator in CQL.

    That needs one value (a leaf class) and an index on the column; otherwise the server
    refuses a filter on a regular column, so executors read the rows and keep those of
    ``cls`` client-side (see :func:`client_discriminator`).

    Example: ``indexed_discriminator(Cat)`` → ``('kind', 'cat')`` when ``kind`` is
    ``Indexed()``, else ``None``.
    """
    restriction = discriminator_filter(cls)
    if restriction is None or len(restriction[1]) != 1:
        return None
    column, values = restriction
    if not any(i.column == column and i.kind.name == "VALUES" for i in cls.__schema__.indexes):
        return None
    return column, values[0]


def client_discriminator(cls: type[Any]) -> tuple[str, frozenset[Any]] | None:
    """``(column, values)`` rows of a query on ``cls`` are kept by after reading, if any.

    Set for a polymorphic subclass whose discriminator cannot be restricted in CQL: it
    has subclasses (CQL has no ``IN`` on a regular column) or the column has no index.

    Example: ``client_discriminator(Dog)`` → ``('kind', frozenset({'dog', 'puppy'}))``.
    """
    restriction = discriminator_filter(cls)
    if restriction is None or indexed_discriminator(cls) is not None:
        return None
    return restriction[0], frozenset(restriction[1])


def shared_table_schema(cls: ModelClass) -> TableSchema:
    """The schema of the table ``cls`` lives in, with every registered subclass's columns.

    For a model outside any hierarchy this is ``cls.__schema__``.

    Example: ``list(shared_table_schema(Pet).columns)`` →
    ``['id', 'kind', 'lives', 'bark']``.
    """
    schema = cls.__schema__
    root = polymorphic_root(cls)
    if root is None:
        return schema
    base = root.root.__schema__
    columns: dict[str, ColumnSchema] = dict(base.columns)
    user_types = list(base.user_types)
    for klass in root.classes.values():
        sub = klass.__schema__
        for name, column in sub.columns.items():
            columns.setdefault(name, column)
        user_types.extend(t for t in sub.user_types if t not in user_types)
    return attrs.evolve(base, columns=columns, user_types=tuple(user_types))
