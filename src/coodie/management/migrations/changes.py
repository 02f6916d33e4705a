"""What autogeneration produces: a :class:`Change`, and CQL as a ``ctx.execute`` line.

A change is an executable ``upgrade`` line with its inverse ``downgrade`` line, or a
TODO with the reason and a recipe for what CQL cannot change in place::

    Change("add column product.rating int", ("ctx.add_column('product', 'rating', 'int')",),
           ("ctx.drop_column('product', 'rating', destructive=True)",))
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen(slots=True)
class Change:
    """One difference: a summary, the ctx calls that make and undo it, or a TODO."""

    summary: str
    upgrade: tuple[str, ...] = ()
    downgrade: tuple[str, ...] = ()
    todo: tuple[str, ...] = ()

    @property
    def executable(self) -> bool:
        """False for a change written as a commented TODO (it needs a person)."""
        return not self.todo

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``coodie schema-diff --json``)."""
        return {
            "summary": self.summary,
            "executable": self.executable,
            "upgrade": list(self.upgrade),
            "downgrade": list(self.downgrade),
            "todo": list(self.todo),
        }


PLACEHOLDER = "coodie_ctx_keyspace"
"""Compiled in place of the migration's keyspace, rendered as ``{ctx.keyspace}``."""


def ctx_execute(text: str) -> str:
    """``ctx.execute(...)`` of CQL text; the placeholder keyspace becomes ``ctx.keyspace``.

    >>> print(ctx_execute("CREATE INDEX ON coodie_ctx_keyspace.t (x)"))
    ctx.execute(f'CREATE INDEX ON {ctx.keyspace}.t (x)')
    """
    if PLACEHOLDER not in text:
        return f"ctx.execute({text!r})"
    escaped = text.replace("{", "{{").replace("}", "}}")
    return f"ctx.execute(f{escaped.replace(PLACEHOLDER, '{ctx.keyspace}')!r})"
