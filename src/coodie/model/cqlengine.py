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

from coodie.exceptions import CqlengineNameError, ModelDefinitionError, UnknownColumnError

__all__ = [
    "check_class_spellings",
    "class_attribute_hint",
    "missing_class_attribute",
    "missing_instance_attribute",
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
    return UnknownColumnError(
        f"no such column (columns: {', '.join(getattr(cls, '__coodie_columns__', ()))})",
        model=model,
        field=name,
    )


def missing_instance_attribute(cls: type, name: str) -> CqlengineNameError | None:
    """The error for ``doc.<name>`` when ``name`` is a cqlengine instance method, else ``None``."""
    hint = _INSTANCE_NAMES.get(name)
    if hint is None:
        return None
    return CqlengineNameError(name, hint.replace("Product", cls.__name__), model=cls.__name__)
