"""Reading a model's inner ``Settings`` class, with inheritance.

Each model may declare ``class Settings:``; attributes are inherited from base
models except the ones that only make sense for one class (``name``,
``__abstract__``, ``__discriminator_value__``, ``__type_name__``)::

    class Base(Document):
        class Settings:
            __abstract__ = True
            keyspace = "shop"

    class Product(Base):        # table "product" in keyspace "shop"
        id: Annotated[UUID, PrimaryKey()]

        class Settings(Base.Settings):
            name = "products"

Type checkers compare a subclass's ``Settings`` with its base's: coodie's own
bases declare ``Settings: ClassVar[type[Any]]`` (so ``class Settings:`` directly
under ``Document`` is fine), and under a model that has its own ``Settings``,
derive from it as above (pyright reports an incompatible override otherwise).
Only the class's own attributes are read from it; the merge is along the MRO.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from coodie.exceptions import ModelDefinitionError

NOT_INHERITED = frozenset({"name", "__abstract__", "__discriminator_value__", "__type_name__"})
"""Settings that apply to the class that declares them only."""

DOCUMENT_SETTINGS = frozenset(
    {
        "name",
        "keyspace",
        "connection",
        "__default_ttl__",
        "__options__",
        "__abstract__",
        "__discriminator_value__",
    }
)
"""The attributes a document's ``Settings`` may set."""

VIEW_SETTINGS = frozenset({"name", "keyspace", "connection", "__abstract__", "__base_table__"})
"""The attributes a materialized view's ``Settings`` may set."""

USER_TYPE_SETTINGS = frozenset({"__type_name__", "keyspace", "__abstract__"})
"""The attributes a user type's ``Settings`` may set."""


class AbstractSettings:
    """The ``Settings`` of coodie's own abstract base classes.

    Base classes assign it (``Settings = AbstractSettings``) instead of declaring
    an inner class, so the base's ``Settings`` is typed ``ClassVar[type[Any]]``
    and a user model's ``class Settings:`` is a compatible override for type
    checkers. A user base class may do the same.

    >>> AbstractSettings.__abstract__
    True
    """

    __abstract__ = True


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``ShippingAddress`` → ``shipping_address``; ``HTTPLog`` → ``http_log``.

    >>> snake_case("HTTPLogEntry")
    'http_log_entry'
    """
    return _CAMEL.sub("_", name).lower()


@attrs.frozen(slots=True)
class ModelSettings:
    """A model's resolved settings (``cls.__settings__``).

    >>> ModelSettings(name="product").keyspace is None
    True
    """

    name: str
    keyspace: str | None = None
    connection: str | None = None
    default_ttl: int | None = None
    options: tuple[tuple[str, Any], ...] = ()
    abstract: bool = False
    discriminator_value: Any = None
    base_table: Any = None


def read_settings(cls: type, allowed: frozenset[str], default_name: str) -> dict[str, Any]:
    """Merge ``Settings`` along ``cls``'s MRO: base classes first, own settings last.

    Raises :class:`ModelDefinitionError` for an attribute not in ``allowed``.

    Example: ``read_settings(Product, DOCUMENT_SETTINGS, "product")["keyspace"]``.
    """
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        own = klass.__dict__.get("Settings")
        if own is None:
            continue
        values = {k: v for k, v in vars(own).items() if not _is_python_internal(k)}
        unknown = sorted(set(values) - allowed)
        if unknown and klass is cls:
            known = ", ".join(sorted(allowed))
            raise ModelDefinitionError(
                cls.__name__, None, f"unknown Settings attribute(s) {unknown}; known: {known}"
            )
        if klass is not cls:
            values = {k: v for k, v in values.items() if k not in NOT_INHERITED}
        merged.update(values)
    merged.setdefault("name", default_name)
    return merged


def document_settings(cls: type, merged: dict[str, Any]) -> ModelSettings:
    """Build :class:`ModelSettings` from merged ``Settings`` values, checking their types.

    Example: ``document_settings(Product, {"name": "product"}).keyspace`` → ``None``.
    """
    model = cls.__name__
    ttl = merged.get("__default_ttl__")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0):
        raise ModelDefinitionError(model, None, f"__default_ttl__ must be >= 0 seconds: {ttl!r}")
    options = merged.get("__options__") or {}
    if not isinstance(options, dict):
        raise ModelDefinitionError(model, None, "__options__ must be a dict of table options")
    for key in ("name", "keyspace", "connection"):
        value = merged.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise ModelDefinitionError(model, None, f"Settings.{key} must be a non-empty str")
    check_cql_names(model, merged, ("name", "keyspace"))
    return ModelSettings(
        name=merged["name"],
        keyspace=merged.get("keyspace"),
        connection=merged.get("connection"),
        default_ttl=ttl,
        options=tuple((str(k), v) for k, v in options.items()),
        abstract=bool(merged.get("__abstract__", False)),
        discriminator_value=merged.get("__discriminator_value__"),
        base_table=merged.get("__base_table__"),
    )


_CQL_NAME = re.compile(r"[A-Za-z0-9_]+")


def check_cql_names(model: str, merged: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Refuse a keyspace, table or type name Cassandra would refuse (``\\w+`` only).

    Cassandra accepts letters, digits and underscores in these names, even quoted.

    Example: ``check_cql_names("Product", {"name": "my-table"}, ("name",))`` raises
    :class:`ModelDefinitionError`; ``{"name": "products"}`` passes.
    """
    for key in keys:
        value = merged.get(key)
        if isinstance(value, str) and not _CQL_NAME.fullmatch(value):
            raise ModelDefinitionError(
                model,
                None,
                f"Settings.{key} {value!r} is not a valid CQL name "
                "(letters, digits and underscores only)",
            )


def _is_python_internal(name: str) -> bool:
    return name in _PYTHON_INTERNAL


_PYTHON_INTERNAL = frozenset(
    (
        "__module__",
        "__qualname__",
        "__doc__",
        "__dict__",
        "__weakref__",
        "__annotations__",  # ``keyspace: str = "shop"``: the value is the setting
        "__firstlineno__",  # Python 3.13
        "__static_attributes__",  # Python 3.13
        "__annotate__",  # Python 3.14
        "__annotate_func__",  # Python 3.14
        "__annotations_cache__",  # Python 3.14
    )
)
"""What Python itself puts in a class body's namespace: never a setting."""
