"""``coodie makemigration`` and ``coodie schema-diff``: compare the models with the database.

coodie makemigration --name "add rating"   # writes migrations/YYYYMMDD_NNN_add_rating.py
coodie schema-diff                          # exit 1 when the database differs (CI check)
coodie schema-diff --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from coodie.cli import common
from coodie.cli.config import Config
from coodie.cli.output import Printer
from coodie.exceptions import CoodieError
from coodie.executor.runner import run
from coodie.management.migrations.autogen import (
    model_classes,
    read_live,
    schema_changes,
    schemas_of,
)
from coodie.management.migrations.autoviews import views_of
from coodie.management.migrations.changes import Change
from coodie.management.migrations.files import discover, next_file_name
from coodie.management.migrations.render import render_migration


def add_parsers(commands: Any) -> None:
    """Register ``coodie makemigration`` and ``coodie schema-diff``."""
    make: argparse.ArgumentParser = commands.add_parser(
        "makemigration", help="write a migration from the models' differences with the database"
    )
    common.add_connection_flags(make)
    make.add_argument("--name", required=True, help="what the migration does")
    diff: argparse.ArgumentParser = commands.add_parser(
        "schema-diff", help="print how the database differs from the models (exit 1 if it does)"
    )
    common.add_connection_flags(diff)


def _changes(config: Config) -> tuple[Change, ...]:
    """Connect, diff the configured models' tables, types and views with the database."""
    keyspace = config.require_keyspace()
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    classes = model_classes(config.models)
    schemas, views = schemas_of(classes), views_of(classes)
    common.connect(config)
    try:
        return schema_changes(schemas, run(read_live(schemas, keyspace, views)), views)
    finally:
        common.disconnect()


def _warn(changes: tuple[Change, ...], out: Printer) -> None:
    err = out.errors()
    for change in changes:
        if not change.executable:
            err.line(f"warning: {change.summary}: written as a TODO ({change.todo[0]})", "yellow")


def run_makemigration(args: argparse.Namespace) -> int:
    """Write the migration file; print its path (exit 0, even with TODOs)."""
    out = common.printer(args)
    try:
        config = common.config_of(args)
        changes = _changes(config)
        if not changes:
            out.line("no changes: the database matches the models", style="green")
            if out.json_mode:
                out.document({"path": None, "changes": []})
            return common.OK
        folder = Path(config.migrations)
        folder.mkdir(parents=True, exist_ok=True)
        name = next_file_name(discover(folder), args.name, dt.date.today().strftime("%Y%m%d"))
        path = folder / name
        path.write_text(render_migration(changes, description=args.name, models=config.models))
        _warn(changes, out)
        out.line(f"wrote {path} ({len(changes)} changes)", style="green")
        if out.json_mode:
            out.document({"path": str(path), "changes": [c.as_dict() for c in changes]})
        return common.OK
    except CoodieError as error:
        return common.report_error(out, error)


def run_schema_diff(args: argparse.Namespace) -> int:
    """Print the differences; exit 1 when there are some, 0 when none."""
    out = common.printer(args)
    try:
        config = common.config_of(args)
        changes = _changes(config)
    except CoodieError as error:
        return common.report_error(out, error)
    if out.json_mode:
        out.document({"differs": bool(changes), "changes": [c.as_dict() for c in changes]})
    elif not changes:
        out.line("the database matches the models", style="green")
    for change in changes:
        marker = "+" if change.executable else "!"
        out.line(f"{marker} {change.summary}", style="yellow" if change.executable else "red")
        for line in change.todo:
            out.line(f"    {line}")
    return common.FAILED if changes else common.OK
