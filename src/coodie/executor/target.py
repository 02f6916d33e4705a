"""Where a model's statements go: its connection (``Settings.connection``) and keyspace.

>>> class M:
...     __settings__ = None
>>> model_connection(M) is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from coodie.exceptions import ConfigurationError
from coodie.executor.connections import get_connection

if TYPE_CHECKING:
    from coodie.model.boundary import ModelClass
    from coodie.model.usertype import UserTypeCore

SchemaOwner: TypeAlias = "ModelClass | type[UserTypeCore]"
"""What has a connection and a keyspace: a table model class or a user type class."""


def model_connection(model: SchemaOwner) -> str | None:
    """The connection name a model's ``Settings.connection`` routes to (``None``: default)."""
    settings = getattr(model, "__settings__", None)
    return getattr(settings, "connection", None)


def model_keyspace(
    model: SchemaOwner, keyspace: str | None = None, connection: str | None = None
) -> str:
    """The keyspace for a model: explicit, else its schema's, else its connection's.

    ``connection`` names the connection to fall back on instead of the model's own.
    """
    if keyspace:
        return keyspace
    schema = getattr(model, "__schema__", None) or getattr(model, "__type_schema__", None)
    found = getattr(schema, "keyspace", None) or getattr(
        getattr(model, "__settings__", None), "keyspace", None
    )
    if found:
        return str(found)
    conn = get_connection(connection if connection is not None else model_connection(model))
    if conn.keyspace:
        return conn.keyspace
    raise ConfigurationError(
        f"{getattr(model, '__name__', model)}: no keyspace: set Settings.keyspace or "
        "init_coodie(keyspace=...)"
    )
