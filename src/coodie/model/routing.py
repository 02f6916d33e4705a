"""Per-call routing of one document: another keyspace or connection (cqlengine's ``using``).

``doc.using(keyspace=..., connection=...)`` returns a copy of ``doc`` bound to that
keyspace and/or named connection; every write of the copy (``save``, ``insert``,
``update``, ``delete``, ``delete_columns``, counters) and its ``refresh()`` go there.
The original document and its class are never changed::

    tenant = doc.using(keyspace="tenant_42")
    tenant.save()                 # INSERT INTO tenant_42.product ...
    doc.save()                    # still the model's own keyspace

A document read through a routed query (``Product.find(...).using(keyspace=...)``,
``Product.using(...).get(...)``) comes back bound to that route, so saving it writes
where it was read from.

The copy has no stored state (the other keyspace may not hold the row), so its first
``save()`` writes every column with a value, not only the changed ones.

On the class, ``Product.using(...)`` returns a :class:`ModelRoute`: ``find``, ``get``,
``find_one`` and ``create`` bound to the same keyspace / connection::

    Product.using(keyspace="tenant_42").create(id=pid, name="pen")
    Product.using(keyspace="tenant_42").get(id=pid)
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

import attrs

from coodie.cql.identifiers import quote_identifier

T = TypeVar("T")


@attrs.frozen
class Route:
    """Where a routed document's statements go (``None``: the model's own).

    Example: ``Route(keyspace="tenant_42")``.
    """

    keyspace: str | None = None
    connection: str | None = None


def route_of(doc: Any) -> Route | None:
    """The route ``doc.using(...)`` bound ``doc`` to, else ``None``.

    Example: ``route_of(doc.using(keyspace="k2")).keyspace`` → ``'k2'``.
    """
    try:  # not getattr with a default: a miss would go through pydantic's __getattr__
        route: Route | None = object.__getattribute__(doc, "_coodie_route")
    except AttributeError:  # slot never set: not routed
        return None
    return route


def set_route(doc: Any, route: Route) -> None:
    """Bind ``doc`` to ``route`` in place (a row read from a routed query).

    Example: ``set_route(doc, Route(keyspace="k2"))``; ``doc.save()`` then writes to ``k2``.
    """
    object.__setattr__(doc, "_coodie_route", route)


def routed_copy(doc: T, keyspace: str | None, connection: str | None) -> T:
    """A copy of ``doc`` routed to ``keyspace`` / ``connection`` (at least one of them).

    Example: ``routed_copy(doc, "k2", None)``.
    """
    check_route(type(doc), keyspace, connection)
    previous = route_of(doc)
    if previous is not None:  # doc.using(keyspace=a).using(connection=b): both apply
        keyspace = keyspace if keyspace is not None else previous.keyspace
        connection = connection if connection is not None else previous.connection
    out = copy.copy(doc)  # pydantic's copy: fields only, no stored state
    set_route(out, Route(keyspace, connection))
    return out


def check_route(model: type, keyspace: Any, connection: Any) -> None:
    """Refuse a route with neither part, or a part that is not a name (``TypeError``).

    Example: ``check_route(Product, "k2", None)`` passes.
    """
    what = f"{model.__name__}.using()"
    if keyspace is None and connection is None:
        raise TypeError(f"{what} needs keyspace=... and/or connection=...")
    if keyspace is not None:
        if not isinstance(keyspace, str):
            raise TypeError(f"{what}: keyspace must be a str, got {keyspace!r}")
        quote_identifier(keyspace)  # refuses empty names and NUL characters
    if connection is not None and not isinstance(connection, str):
        raise TypeError(f"{what}: connection must be a connection name, got {connection!r}")


M = TypeVar("M")


@attrs.frozen
class ModelRoute(Generic[M]):
    """``Model.using(keyspace=..., connection=...)``: the model's reads and creates, routed.

    Sync and async alike: each method returns what the model's own does (a queryset,
    or the result of ``get`` / ``save``, awaitable with ``coodie.aio``).

    Example: ``Product.using(keyspace="k2").find(id=pid).all()``.
    """

    model: type[M]
    route: Route

    def find(self, *predicates: Any, **lookups: Any) -> Any:
        """``Model.find(...)`` on the route's keyspace / connection."""
        model: Any = self.model  # a Document class of coodie.sync or coodie.aio
        qs = model.find(*predicates, **lookups)
        chosen = {k: v for k, v in attrs.asdict(self.route).items() if v is not None}
        return qs.using(**chosen)

    def get(self, *predicates: Any, **lookups: Any) -> Any:
        """``Model.get(...)`` on the route (``DoesNotExist`` when nothing matches)."""
        return self.find(*predicates, **lookups).get()

    def find_one(self, *predicates: Any, **lookups: Any) -> Any:
        """``Model.find_one(...)`` on the route (``None`` when nothing matches)."""
        return self.find(*predicates, **lookups).first()

    def create(self, **values: Any) -> Any:
        """``Model.create(...)`` on the route: the document is written there."""
        doc: Any = routed_copy(self.model(**values), self.route.keyspace, self.route.connection)
        return doc.save()


class using_method:
    """``using`` on a document (a routed copy) and on its class (a :class:`ModelRoute`).

    Example: ``doc.using(keyspace="k2")`` and ``Product.using(keyspace="k2")``.
    """

    @overload
    def __get__(self, doc: None, owner: type[M]) -> Callable[..., ModelRoute[M]]: ...

    @overload
    def __get__(self, doc: M, owner: type[M]) -> Callable[..., M]: ...

    def __get__(self, doc: Any, owner: type[Any]) -> Callable[..., Any]:
        def bound(*, keyspace: str | None = None, connection: str | None = None) -> Any:
            if doc is None:
                check_route(owner, keyspace, connection)
                return ModelRoute(owner, Route(keyspace, connection))
            return routed_copy(doc, keyspace, connection)

        return bound
