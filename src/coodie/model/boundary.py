"""The model boundary: what the query, write and executor layers read from a model class.

:class:`ModelClass` is a :class:`~typing.Protocol` satisfied by every table model class
(``Document``, ``CounterDocument``, ``MaterializedView`` and their cores), so the layers
after the model take a ``ModelClass`` instead of ``Any`` and a checker sees what they use:
the table schema, the column converters, the row hydrator and the model's name::

    def table_name(model: ModelClass) -> str:
        return model.__schema__.name

    table_name(Product)        # 'product'

:func:`model_class` checks at run time that a value is one, so bad input fails with a
typed error naming it before anything is built.

>>> model_class(int)
Traceback (most recent call last):
coodie.exceptions.QueryError: int: is not a table model (it has no __schema__)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from coodie.exceptions import InvalidValueError, QueryError
from coodie.model.schema import TableSchema
from coodie.model.schema_builder import ColumnInfo


class ModelClass(Protocol):
    """A table model class, as the query, write and executor layers see it."""

    @property
    def __name__(self) -> str:
        """The class name (error messages name the model with it)."""
        ...

    @property
    def __schema__(self) -> TableSchema:
        """The table: columns, keys, CQL types, indexes."""
        ...

    @property
    def __coodie_columns__(self) -> Mapping[str, ColumnInfo]:
        """Each column with its value converters (to and from the driver)."""
        ...

    def _hydrator(self, columns: tuple[str, ...]) -> Callable[[tuple[Any, ...]], Any]:
        """A function turning a row of ``columns`` into an instance (cached per columns)."""
        ...

    def _field_error(self, field: str, error: InvalidValueError) -> InvalidValueError:
        """``error`` as this model's error about ``field``."""
        ...


def model_class(model: object) -> ModelClass:
    """``model`` as a :class:`ModelClass`, or a :class:`QueryError` if it is not a table model."""
    if not isinstance(getattr(model, "__schema__", None), TableSchema):
        name = getattr(model, "__name__", None) or str(model)
        raise QueryError("is not a table model (it has no __schema__)", model=name)
    return cast(ModelClass, model)
