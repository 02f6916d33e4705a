"""``UserType`` for async code: the same as :class:`coodie.model.usertype.UserType` but
``sync_type()`` is awaited.

Example::

    class Address(UserType):
        street: str
        zipcode: int

    await Address.sync_type()
"""

from __future__ import annotations

from typing import ClassVar

from coodie.compiler.compiled import CompiledStatement
from coodie.management import aio as management
from coodie.model.usertype import UserTypeCore


class UserType(UserTypeCore):
    """A user-defined type whose ``sync_type()`` is awaited (see the module docs)."""

    __coodie_abstract__: ClassVar[bool] = True

    @classmethod
    async def sync_type(
        cls, keyspace: str | None = None, *, dry_run: bool = False
    ) -> tuple[CompiledStatement, ...]:
        """Create the type (and the types it uses) or add missing fields.

        ``dry_run=True`` returns the planned statements without sending them.
        Example: ``await Address.sync_type()``.
        """
        return await management.sync_type(cls, keyspace=keyspace, dry_run=dry_run)

    @classmethod
    async def drop_type(cls, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
        """Drop the type if it exists: ``await Address.drop_type()``."""
        return await management.drop_type(cls, keyspace=keyspace)
