"""Every write a document can send, obtained without sending it.

The statements come from the same plans the real writes run: the plan is handed a
batch that only collects, so what you inspect is exactly what would be sent::

    p = Product(id=pid, name="pen", price=1.5)
    print(p.save_statement(ttl=60))
    # INSERT INTO shop.product (id, name, price) VALUES (?, ?, ?) USING TTL ?
    # params: (UUID('...'), 'pen', 1.5, 60)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from coodie.ast.enums import BatchType
from coodie.compiler.compiled import CompiledStatement
from coodie.executor import documents as plans
from coodie.model.boundary import model_class
from coodie.query.batch import BatchCore

Timestamp = int | datetime.datetime | None


def _captured(
    doc: object, plan: Callable[..., object], *args: Any, **options: Any
) -> CompiledStatement | None:
    counter = model_class(type(doc)).__schema__.is_counter
    capture = BatchCore(BatchType.COUNTER if counter else BatchType.LOGGED)
    plan(doc, *args, batch=capture, **options)
    statements = capture.statements
    return statements[0] if statements else None


def _written(
    doc: object, plan: Callable[..., object], *args: Any, **options: Any
) -> CompiledStatement:
    statement = _captured(doc, plan, *args, **options)
    if statement is None:  # these plans always write: a broken invariant, not user error
        raise RuntimeError(f"{plan.__name__} produced no statement")
    return statement


class WriteInspection:
    """Pure methods shared by ``coodie.sync.Document`` and ``coodie.aio.Document``.

    Each returns the :class:`~coodie.compiler.compiled.CompiledStatement` the matching write
    would send, and changes nothing: ``print(doc.update_statement(price=2.0))``.
    """

    __slots__ = ()

    def save_statement(
        self, *, ttl: int | None = None, timestamp: Timestamp = None
    ) -> CompiledStatement | None:
        """What ``save()`` would send; ``None`` when a loaded document has no change."""
        return _captured(self, plans.save_plan, ttl=ttl, timestamp=timestamp)

    def insert_statement(
        self, *, ttl: int | None = None, timestamp: Timestamp = None
    ) -> CompiledStatement:
        """What ``insert()`` (``INSERT ... IF NOT EXISTS``) would send."""
        return _written(self, plans.insert_plan, ttl=ttl, timestamp=timestamp)

    def update_statement(
        self,
        *,
        if_exists: bool = False,
        if_conditions: Mapping[str, Any] | None = None,
        ttl: int | None = None,
        timestamp: Timestamp = None,
        **changes: Any,
    ) -> CompiledStatement:
        """What ``update(**changes)`` would send (collection lookups included)."""
        return _written(
            self, plans.update_plan, changes, if_exists=if_exists,
            if_conditions=if_conditions, ttl=ttl, timestamp=timestamp,
        )  # fmt: skip

    def delete_statement(
        self,
        *columns: str,
        if_exists: bool = False,
        if_conditions: Mapping[str, Any] | None = None,
        timestamp: Timestamp = None,
    ) -> CompiledStatement:
        """What ``delete()`` (or ``delete_columns(*columns)``) would send."""
        return _written(
            self, plans.delete_plan, columns=columns, if_exists=if_exists,
            if_conditions=if_conditions, timestamp=timestamp,
        )  # fmt: skip

    def increment_statement(self, **deltas: int) -> CompiledStatement:
        """What ``increment(**deltas)`` on a counter document would send."""
        return _written(self, plans.counter_plan, deltas, 1)
