"""``doc.refresh()``: read a document's row again, by its primary key (cqlengine's ``refresh``).

The row is read where the document is bound: ``doc.using(keyspace=..., connection=...)``
or the route of the query it was read through, else the model's own keyspace and
connection. Its values replace the document's fields, and it becomes the stored state
(so a later ``save()`` writes only what changes after the refresh)::

    plan = refresh_plan(doc)      # Plan[Product]: doc itself, refreshed
    run_plan(plan)                # Product.DoesNotExist when the row is gone
"""

from __future__ import annotations

from typing import Any, TypeVar

from coodie.executor.queries import get_plan, model_get_plan
from coodie.executor.runner import Operation, Plan, Runnable
from coodie.model.document import DocumentCore
from coodie.model.routing import route_of
from coodie.query.queryset import QuerySetCore

D = TypeVar("D", bound=DocumentCore)


def refresh_plan(doc: D) -> Plan[D]:
    """Read ``doc``'s row by its primary key and copy it into ``doc``.

    A key that is ``None`` raises ``InvalidValueError`` before anything is sent.
    Example: ``run_plan(refresh_plan(doc))``.
    """
    model = type(doc)
    doc._primary_key_values()  # refuses a null key column, naming it
    key = {name: getattr(doc, name) for name in model.__schema__.key_attributes}
    route = route_of(doc)
    if route is None:
        plan: Plan[Any] = model_get_plan(model, (), key)
    else:
        qs = QuerySetCore(model).filter(**key)
        if route.keyspace is not None:
            qs = qs.using(keyspace=route.keyspace)
        if route.connection is not None:
            qs = qs.using(connection=route.connection)
        plan = get_plan(qs)
    return Plan(_refreshed(plan.operation, doc), plan.connection)


def _refreshed(read: Runnable[Any], doc: D) -> Operation[D]:
    fresh = yield from read
    take_row(doc, fresh)
    return doc


def take_row(doc: DocumentCore, fresh: DocumentCore) -> None:
    """Give ``doc`` the field values and stored state of ``fresh`` (the same row, just read).

    Fields ``doc``'s class declares are copied; ``fresh`` may be a polymorphic subclass.
    """
    data = fresh.__dict__
    for name in type(doc).model_fields:
        if name in data:
            object.__setattr__(doc, name, data[name])  # no validation: read values
    object.__setattr__(doc, "__pydantic_fields_set__", set(fresh.__pydantic_fields_set__))
    loaded = fresh._loaded()
    if loaded is None:
        doc._forget_stored_state()
    else:
        doc._set_loaded(*loaded)
