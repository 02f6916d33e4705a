"""The model boundary: how the query, write and executor layers name a model class.

:data:`ModelClass` is the type of every table model class (``Document``,
``CounterDocument``, ``MaterializedView`` and their cores: subclasses of
:class:`~coodie.model.table_model.TableModel`), so the layers after the model take a
``ModelClass`` instead of ``Any`` and a checker sees what they read: the table schema
(``__schema__``), the column converters (``__coodie_columns__``), the settings, the row
hydrator (``_hydrator``) and the model's name::

    def table_name(model: ModelClass) -> str:
        return model.__schema__.name

    table_name(Product)        # 'product'

(A ``Protocol`` of those members would not do: mypy does not let a class object satisfy a
protocol member such as ``__name__`` that comes from its metaclass.)

:func:`model_class` checks at run time that a value is one, so bad input fails with a
typed error naming it before anything is built.

>>> model_class(int)
Traceback (most recent call last):
coodie.exceptions.QueryError: int: is not a table model (it has no __schema__)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

from coodie.exceptions import QueryError
from coodie.model.schema import TableSchema

if TYPE_CHECKING:
    from coodie.model.table_model import TableModel

ModelClass: TypeAlias = "type[TableModel]"
"""A table model class, as the query, write and executor layers see it."""


def model_class(model: object) -> ModelClass:
    """``model`` as a :class:`ModelClass`, or a :class:`QueryError` if it is not a table model."""
    if not isinstance(getattr(model, "__schema__", None), TableSchema):
        name = getattr(model, "__name__", None) or str(model)
        raise QueryError("is not a table model (it has no __schema__)", model=name)
    return cast("ModelClass", model)
