"""Client-side discriminator filtering for polymorphic subclasses that have subclasses.

A query on ``Dog`` (with subclass ``Puppy``) must return rows whose discriminator
is ``'dog'`` or ``'puppy'``; CQL has no ``IN`` on a regular column, so the
``SELECT`` reads every row the other filters allow and the rows of other classes
are dropped here, before hydration (see :attr:`coodie.query.queryset.QuerySetCore.row_filter`).

Consequences, applied by :mod:`coodie.executor.queries`:

- the discriminator column is selected even when the projection leaves it out
  (``values_list``, ``only``), and removed again before the rows are converted;
- a ``LIMIT`` cannot be sent to the server (it would count rows of other classes):
  ``all()`` / ``first()`` / ``get()`` apply it client-side, and reading page by
  page (``page()``, iteration) with a limit raises :class:`NotSupported`;
- ``count()`` reads the discriminator column of the matching rows and counts
  client-side; aggregates (``sum`` ...) and ``distinct()`` raise :class:`NotSupported`.

Example::

    select, keep = filtered_select(Dog.find().select, ("kind", frozenset({"dog", "puppy"})))
    page = keep(page)          # only the dog and puppy rows, projection restored
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from coodie.ast.statements import Select
from coodie.ast.terms import Column
from coodie.drivers.base import ResultPage

RowFilter = tuple[str, frozenset[Any]]
PageFilter = Callable[[ResultPage], ResultPage]


def filtered_select(select: Select, row_filter: RowFilter) -> tuple[Select, PageFilter]:
    """``select`` without its limit and with the discriminator selected, plus the page filter.

    The page filter keeps the rows whose discriminator is one of the values and
    drops the discriminator column again if it was only added for filtering.
    """
    column, values = row_filter
    selected = any(isinstance(s, Column) and s.name == column for s in select.selectors)
    selectors = select.selectors if selected else (*select.selectors, Column(column))
    read = attrs.evolve(select, selectors=selectors, limit=None)

    def keep(page: ResultPage) -> ResultPage:
        at = page.columns.index(column) if selected else len(page.columns) - 1
        rows = [row for row in page.rows if row[at] in values]
        if selected:
            return attrs.evolve(page, rows=rows)
        return attrs.evolve(page, columns=page.columns[:at], rows=[row[:at] for row in rows])

    return read, keep
