"""Writing orders in batches.

* ``logged``: each batch holds up to ``size`` orders **and** their lookup rows. A LOGGED batch is
  atomic: both copies are written or neither (the batch log replays it after a failure). It
  costs a write to the batch log, so use it for keeping denormalized copies together.
* ``unlogged``: orders are grouped by partition (customer) and each group is one UNLOGGED batch,
  which goes to a single replica set in one round trip; the lookup rows are written on their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from coodie.sync import BatchQuery
from importer.csvfile import Rejected
from importer.models import Order, OrderById


@dataclass
class Report:
    """What an import did."""

    imported: int = 0
    batches: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)


def lookup(order: Order) -> OrderById:
    """The lookup copy of an order."""
    return OrderById(order_id=order.order_id, customer=order.customer, placed_at=order.placed_at)


def _chunks(items: list[Order], size: int) -> Iterable[list[Order]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_logged(orders: list[Order], size: int, report: Report, dry_run: bool) -> int:
    """LOGGED batches of ``size`` orders plus their lookups; returns orders written."""
    for chunk in _chunks(orders, size):
        batch = BatchQuery(batch_type="LOGGED")
        for order in chunk:
            order.save(batch=batch)
            lookup(order).save(batch=batch)
        if dry_run:
            report.statements += [s.cql for s in batch.statements]
        else:
            batch.execute()
        report.batches += 1
    return len(orders)


def write_unlogged(orders: list[Order], size: int, report: Report, dry_run: bool) -> int:
    """One UNLOGGED batch per customer partition (at most ``size`` rows each), then lookups."""
    by_customer: dict[str, list[Order]] = defaultdict(list)
    for order in orders:
        by_customer[order.customer].append(order)
    for group in by_customer.values():
        for chunk in _chunks(group, size):
            batch = BatchQuery(batch_type="UNLOGGED")
            for order in chunk:
                order.save(batch=batch)
            if dry_run:
                report.statements += [s.cql for s in batch.statements]
            else:
                batch.execute()
            report.batches += 1
    for order in orders:
        if dry_run:
            report.statements.append(lookup(order).save_statement().cql)
        else:
            lookup(order).save()
    return len(orders)


WRITERS = {"logged": write_logged, "unlogged": write_unlogged}
