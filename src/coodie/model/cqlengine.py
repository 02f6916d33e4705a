"""cqlengine spellings and their coodie equivalents: hints instead of silent mistakes.

A model ported from cqlengine may keep cqlengine's class attributes or call its
methods. coodie refuses them with a message naming what to write instead::

    class Product(Document):
        __table_name__ = "products"      # ModelDefinitionError at class definition:
        id: Annotated[UUID, PrimaryKey()]  # "... use class Settings: name = 'products'"

    Product.objects                      # CqlengineNameError: use Product.find()

>>> class_attribute_hint("__keyspace__")
'class Settings: keyspace = ...'
"""

from __future__ import annotations

from typing import Any

import pydantic

from coodie.exceptions import CqlengineNameError, ModelDefinitionError, UnknownColumnError

__all__ = [
    "MISSING",
    "check_class_spellings",
    "class_attribute_hint",
    "instance_attribute",
    "missing_class_attribute",
]

_CLASS_ATTRIBUTES = {
    "__table_name__": "class Settings: name = ...",
    "__table_name_case_sensitive__": "class Settings: name = ... (names are used as written)",
    "__keyspace__": "class Settings: keyspace = ...",
    "__connection__": "class Settings: connection = ...",
    "__options__": "class Settings: __options__ = {...}",
    "__default_ttl__": "class Settings: __default_ttl__ = ...",
    "__abstract__": "class Settings: __abstract__ = True",
    "__discriminator_value__": "class Settings: __discriminator_value__ = ...",
    "__polymorphic_key__": "class Settings: __discriminator_value__ = ...",
    "__type_name__": "class Settings: __type_name__ = ...",
    "__compute_routing_key__": "nothing: coodie routes by the partition key",
}
"""cqlengine's class-level attributes → the coodie ``Settings`` spelling."""

_CLASS_NAMES = {
    "objects": "Product.find() (a QuerySet)",
    "filter": "Product.find(...)",
    "all": "Product.find().all()",
    "column_family_name": "Product.table_name() or Product.__schema__.keyspace",
    "batch": "save(batch=b) / update(..., batch=b) or qs.batch(b)",
    "if_not_exists": "doc.insert() or Product.find().if_not_exists().create(...)",
    "timeout": "save(timeout=...) or Product.find().timeout(...)",
    "consistency": "save(consistency=...) or Product.find().consistency(...)",
    "ttl": "save(ttl=...) or Product.find().ttl(...)",
    "timestamp": "save(timestamp=...) or Product.find().timestamp(...)",
    "iff": "update(..., if_conditions={...}) or Product.find().iff(...)",
    "if_exists": "update(..., if_exists=True) or Product.find().if_exists()",
}
"""cqlengine names read on a model class → what coodie spells."""

_INSTANCE_NAMES = {
    "ttl": "doc.save(ttl=...) / doc.update(..., ttl=...)",
    "timestamp": "doc.save(timestamp=...)",
    "timeout": "doc.save(timeout=...)",
    "consistency": "doc.save(consistency=...)",
    "batch": "doc.save(batch=b)",
    "iff": "doc.update(..., if_conditions={...}) / doc.delete(if_conditions={...})",
    "if_exists": "doc.update(..., if_exists=True) / doc.delete(if_exists=True)",
    "if_not_exists": "doc.insert()",
    "validate": "pydantic validates on construction (Product.model_validate(...))",
    "column_family_name": "Product.table_name()",
    "_as_dict": "doc.model_dump() or dict(doc.items())",
    "_get_column": "Product.__schema__.columns[name]",
}
"""cqlengine names read on a model instance → what coodie spells."""


def class_attribute_hint(name: str) -> str | None:
    """The ``Settings`` spelling of cqlengine class attribute ``name``, or ``None``."""
    return _CLASS_ATTRIBUTES.get(name)


def check_class_spellings(cls: type) -> None:
    """Refuse cqlengine class attributes set directly on ``cls`` (outside ``Settings``).

    Raises :class:`~coodie.exceptions.ModelDefinitionError` naming the ``Settings``
    equivalent (they would otherwise be silently ignored).
    """
    for name in cls.__dict__:
        hint = _CLASS_ATTRIBUTES.get(name)
        if hint is not None:
            raise ModelDefinitionError(
                cls.__name__, None, f"{name} is cqlengine's spelling, ignored by coodie: use {hint}"
            )


def missing_class_attribute(cls: type, name: str) -> AttributeError:
    """The error for ``Model.<name>`` when the class has no such attribute.

    A cqlengine name gets a :class:`~coodie.exceptions.CqlengineNameError`
    naming the coodie equivalent; another public name an
    :class:`~coodie.exceptions.UnknownColumnError` (``Product.colour == 1``).
    """
    hint = _CLASS_NAMES.get(name)
    model = cls.__name__
    if hint is not None:
        return CqlengineNameError(name, hint.replace("Product", model), model=model)
    schema = getattr(cls, "__schema__", None)
    hint = schema.renamed_hint(name) if schema is not None else ""
    return UnknownColumnError(
        f"no such column ({hint + '; ' if hint else ''}"
        f"columns: {', '.join(getattr(cls, '__coodie_columns__', ()))})",
        model=model,
        field=name,
    )


MISSING: Any = object()
"""What :func:`instance_attribute` returns for a name it does not provide."""


def instance_attribute(instance: pydantic.BaseModel, name: str) -> Any:
    """cqlengine's instance names that are not fields (looked up only on a miss).

    ``pk`` (the primary key: one value, or a tuple for a composite key), ``keys()``,
    ``values()`` and ``items()`` (fields as a mapping, documents and user types).
    A field of the same name wins: these exist only when no field is called so,
    and are not class attributes (pydantic would warn that a field shadows them).
    Another cqlengine name raises :class:`~coodie.exceptions.CqlengineNameError`;
    anything else gives :data:`MISSING`.

    Example: ``Product(id=pid, name="pen").pk == pid``;
    ``dict(address.items()) == {"street": "...", "zipcode": 1}``.
    """
    if name in ("keys", "values", "items"):
        data = {field: getattr(instance, field) for field in type(instance).model_fields}
        return getattr(data, name)
    schema = getattr(type(instance), "__schema__", None)
    if name == "pk" and schema is not None:
        key = tuple(getattr(instance, field) for field in schema.key_attributes)
        return key[0] if len(key) == 1 else key
    hint = _INSTANCE_NAMES.get(name)
    if hint is None:
        return MISSING
    model = type(instance).__name__
    raise CqlengineNameError(name, hint.replace("Product", model), model=model)
