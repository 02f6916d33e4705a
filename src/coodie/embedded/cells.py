"""A row's cells by column name, stored compactly (a row is mostly its cells).

A :class:`Cells` is one tuple: a *layout* (column name → position, shared by every row
that has the same columns in the same order) followed by the cells themselves. A row
with one column costs one 64-byte tuple instead of a dict (64 bytes) and its key table
(120 bytes). It is immutable: a write builds the row's next ``Cells`` (``with_cell``,
``without``), so a before-image is the old object itself.

>>> cells = EMPTY_CELLS.with_cell("v", 1).with_cell("w", 2).with_cell("v", 3)
>>> list(cells.items()), cells.get("v"), cells.get("x"), "w" in cells, len(cells)
([('v', 3), ('w', 2)], 3, None, True, 2)
>>> list(cells.without("v").items()), bool(cells.without("v").without("w"))
([('w', 2)], False)
>>> cells.with_cell("w", 5)[0] is EMPTY_CELLS.with_cell("v", 0).with_cell("w", 0)[0]
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coodie.embedded.storage import Cell, Complex


class Layout(dict[str, int]):
    """Column name → position of its cell in a :class:`Cells` tuple (1-based); never changed.

    A shared layout also remembers the layout one more column leads to, so a write that
    adds a column to a row looks its next layout up rather than building it.
    """

    __slots__ = ("_after",)

    def __init__(self, names: tuple[str, ...], shared: bool) -> None:
        super().__init__((name, i) for i, name in enumerate(names, 1))
        self._after: dict[str, Layout] | None = {} if shared else None

    def plus(self, name: str) -> Layout:
        """The layout of these columns followed by ``name``."""
        after = self._after
        if after is not None:
            nxt = after.get(name)
            if nxt is not None:
                return nxt
        nxt = _layout((*self, name))
        if after is not None and nxt._after is not None:
            after[name] = nxt
        return nxt


_LAYOUTS: dict[tuple[str, ...], Layout] = {}
_MAX_LAYOUTS = 4096  # distinct column sets kept shared; beyond, rows get their own layout


def _layout(names: tuple[str, ...]) -> Layout:
    layout = _LAYOUTS.get(names)
    if layout is None:
        shared = len(_LAYOUTS) < _MAX_LAYOUTS
        layout = Layout(names, shared)
        if shared:
            _LAYOUTS[names] = layout
    return layout


class Cells(tuple[Any, ...]):
    """An immutable mapping of column name → cell: ``(layout, cell, cell, ...)``.

    ``cells[0]`` is the :class:`Layout`: a loop over many rows may look a column's position
    up in it and index the cell directly, rather than call :meth:`get` for each.
    """

    __slots__ = ()

    def get(self, name: str) -> Cell | Complex | None:
        """The cell of column ``name``, or None."""
        i = self[0].get(name)
        return None if i is None else self[i]

    def items(self) -> Iterator[tuple[str, Cell | Complex]]:
        """(column name, cell) pairs, in the order the columns were first written."""
        return zip(self[0], self[1:], strict=True)

    def __contains__(self, name: object) -> bool:
        return name in self[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self[0])

    def __len__(self) -> int:
        return len(self[0])

    def with_cell(self, name: str, cell: Cell | Complex) -> Cells:
        """These cells with column ``name`` set to ``cell``."""
        layout: Layout = self[0]
        i = layout.get(name)
        if i is None:
            return Cells((layout.plus(name), *self[1:], cell))
        return Cells((layout, *self[1:i], cell, *self[i + 1 :]))

    def without(self, name: str) -> Cells:
        """These cells without column ``name`` (the same object if it has none)."""
        layout: Layout = self[0]
        i = layout.get(name)
        if i is None:
            return self
        names = tuple(n for n in layout if n != name)
        return Cells((_layout(names), *self[1:i], *self[i + 1 :]))


EMPTY_CELLS = Cells((_layout(()),))
"""A row without cells."""
