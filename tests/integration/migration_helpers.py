"""Helpers for the migration integration tests: a fresh keyspace, files, a runner per API."""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path
from typing import Any

from coodie.management import migrations as mig

from .conftest import Api


def write(
    folder: Path, name: str, upgrade: str, downgrade: str = "pass", *, is_async: bool = False
) -> Path:
    """Write a migration file whose upgrade/downgrade bodies are given as code."""
    prefix = "async " if is_async else ""
    body = textwrap.dedent(
        """\
        from pathlib import Path
        from coodie.management.migrations import Migration

        HERE = Path(__file__).parent


        class ForwardMigration(Migration):
            {prefix}def upgrade(self, ctx):
        {upgrade}

            {prefix}def downgrade(self, ctx):
        {downgrade}
        """
    ).format(
        prefix=prefix,
        upgrade=textwrap.indent(textwrap.dedent(upgrade).strip(), " " * 8),
        downgrade=textwrap.indent(textwrap.dedent(downgrade).strip(), " " * 8),
    )
    path = folder / name
    path.write_text(body)
    return path


class Runner:
    """Runs migrations through the API under test (sync, or aio awaited on its loop)."""

    def __init__(self, api: Api, folder: Path) -> None:
        self.api = api
        self.folder = folder
        self.keyspace = f"mig_{uuid.uuid4().hex[:10]}"
        self.lines: list[str] = []

    def settings(self, **changes: Any) -> mig.RunSettings:
        values: dict[str, Any] = {
            "folder": str(self.folder),
            "keyspace": self.keyspace,
            "create_keyspace": True,
            "report": self.lines.append,
        }
        values.update(changes)
        return mig.RunSettings(**values)

    def migrate(self, **changes: Any) -> mig.RunResult:
        settings = self.settings(**changes)
        if self.api.is_async:
            return self.api(mig.migrate_async(settings))
        return mig.migrate(settings)

    def status(self) -> dict[str, Any]:
        settings = self.settings()
        rows = self.api(mig.status_async(settings)) if self.api.is_async else mig.status(settings)
        return {r.id: r for r in rows}

    def fake(self, target: str) -> tuple[str, ...]:
        settings = self.settings()
        if self.api.is_async:
            return self.api(mig.fake_async(settings, target))
        return mig.fake(settings, target)

    def rows(self, cql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        run = self.api.module.execute_raw(cql.format(ks=self.keyspace), params)
        return self.api(run)
