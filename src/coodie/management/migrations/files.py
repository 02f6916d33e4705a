"""Migration files: naming, discovery, ordering, checksums and loading.

A migration is a file ``YYYYMMDD_NNN_description.py`` in a migrations folder
that defines ``class ForwardMigration(Migration)`` with ``upgrade(ctx)`` and
``downgrade(ctx)`` (plain functions or ``async def``). Files are ordered by
name, so the date and the three-digit number give the order::

    files = discover("migrations")
    [f.id for f in files]        # ['20260101_001_create_users', '20260102_001_add_email']
    migration = files[0].load()  # a ForwardMigration instance
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import attrs

from coodie.exceptions import MigrationError

FILE_NAME = re.compile(r"^(?P<date>\d{8})_(?P<number>\d{3})_(?P<slug>[a-z0-9][a-z0-9_]*)\.py$")
"""``YYYYMMDD_NNN_description.py``: a date, a three-digit number, a lower-case description."""


class Migration:
    """Base class of every migration file's ``ForwardMigration``.

    ``upgrade`` and ``downgrade`` receive a :class:`~.context.MigrationContext`
    (or, for ``async def``, an :class:`~.context.AsyncMigrationContext`)::

        class ForwardMigration(Migration):
            def upgrade(self, ctx):
                ctx.execute("ALTER TABLE users ADD email text")

            def downgrade(self, ctx):
                ctx.drop_column("users", "email", destructive=True)
    """

    description: str = ""
    """Shown by ``coodie migrate --status``; the file name's description when empty."""

    def upgrade(self, ctx: Any) -> Any:
        """Apply the change (required)."""
        raise MigrationError(f"{type(self).__name__} does not define upgrade(ctx)")

    def downgrade(self, ctx: Any) -> Any:
        """Undo :meth:`upgrade`; the default refuses (the migration is irreversible)."""
        raise MigrationError(f"{type(self).__name__} is irreversible: it defines no downgrade(ctx)")


def checksum_of(data: bytes) -> str:
    """The checksum recorded for a migration file: SHA-256 of its bytes, hex.

    >>> checksum_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


@attrs.frozen(slots=True)
class MigrationFile:
    """One migration file found on disk: its id (the name without ``.py``) and checksum."""

    id: str
    path: Path
    checksum: str
    slug: str

    @property
    def description(self) -> str:
        """The description from the file name: ``add_email`` -> ``add email``."""
        return self.slug.replace("_", " ")

    def load(self) -> Migration:
        """Import the file and return an instance of its ``ForwardMigration`` class."""
        module_name = f"coodie_migration_{self.id}"
        spec = importlib.util.spec_from_file_location(module_name, self.path)
        if spec is None or spec.loader is None:
            raise MigrationError(f"{self.path}: cannot be imported as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            sys.modules.pop(module_name, None)
            raise MigrationError(f"{self.path}: importing it failed: {error!r}") from error
        found = getattr(module, "ForwardMigration", None)
        if not (isinstance(found, type) and issubclass(found, Migration)):
            raise MigrationError(
                f"{self.path}: defines no `class ForwardMigration(Migration)` "
                "(from coodie.management.migrations import Migration)"
            )
        return found()


def migration_file(path: Path) -> MigrationFile:
    """Describe one file (its name must follow ``YYYYMMDD_NNN_description.py``)."""
    match = FILE_NAME.match(path.name)
    if match is None:
        raise MigrationError(
            f"{path}: migration file names look like 20260131_001_add_email.py "
            "(date, three-digit number, lower-case description)"
        )
    return MigrationFile(path.stem, path, checksum_of(path.read_bytes()), match["slug"])


def discover(folder: str | Path) -> tuple[MigrationFile, ...]:
    """Every migration file in ``folder``, ordered by name.

    Other ``.py`` files (except ``__init__.py`` and names starting with ``_``) are
    refused, and so are two files with the same date and number: the order would
    be ambiguous.
    """
    root = Path(folder)
    if not root.is_dir():
        raise MigrationError(f"migrations folder {root} does not exist (create it or --migrations)")
    paths = sorted(p for p in root.glob("*.py") if not p.name.startswith("_"))
    files = tuple(migration_file(p) for p in paths)
    seen: dict[str, str] = {}
    for f in files:
        prefix = f.id[: -len(f.slug) - 1]
        if prefix in seen:
            raise MigrationError(
                f"{f.path}: {seen[prefix]} has the same date and number {prefix}; renumber one"
            )
        seen[prefix] = f.id
    return files


def next_file_name(files: tuple[MigrationFile, ...], slug: str, today: str) -> str:
    """The file name a new migration gets: today's date and the next free number.

    >>> next_file_name((), "add email", "20260131")
    '20260131_001_add_email.py'
    """
    clean = re.sub(r"[^a-z0-9]+", "_", slug.lower()).strip("_")
    if not clean:
        raise MigrationError(f"migration name {slug!r} has no letters or digits")
    numbers = [int(f.id[9:12]) for f in files if f.id.startswith(today)]
    number = max(numbers, default=0) + 1
    if number > 999:
        raise MigrationError(f"more than 999 migrations dated {today}")
    later = [f.id for f in files if f.id[:8] > today]
    if later:
        raise MigrationError(f"{later[-1]} is dated after today ({today}); check the clock")
    return f"{today}_{number:03d}_{clean}.py"
