"""What every database command shares: connection flags, connecting, exit codes.

Exit codes of ``coodie migrate``, ``makemigration`` and ``schema-diff``:

==== =====================================================================
0    success (``schema-diff``: the database matches the models)
1    a migration failed (``schema-diff``: the database differs)
2    bad usage or configuration
3    the migration lock is held by another runner (after ``--lock-timeout``)
4    refused by the recorded state: a changed or missing file, an unfinished rollback
5    the database reported an error outside a migration (e.g. cannot connect)
==== =====================================================================
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coodie.cli.config import Config, load
from coodie.cli.output import Printer
from coodie.exceptions import (
    CoodieError,
    DriverError,
    MigrationError,
    MigrationLockError,
    MigrationRefused,
)

OK, FAILED, USAGE, LOCKED, REFUSED, DATABASE = 0, 1, 2, 3, 4, 5


def add_connection_flags(parser: argparse.ArgumentParser) -> None:
    """``--hosts --port --keyspace --driver --path --username --password``, the folders,
    ``--state-keyspace`` and the output flags (:func:`add_output_flags`)."""
    group = parser.add_argument_group("connection (default: [tool.coodie], then COODIE_*)")
    group.add_argument("--hosts", default=None, help="comma-separated contact points")
    group.add_argument("--port", type=int, default=None)
    group.add_argument("--keyspace", default=None)
    group.add_argument("--driver", default=None, choices=["scylla", "acsylla", "rs", "embedded"])
    group.add_argument("--path", default=None, help="data directory of --driver embedded")
    group.add_argument("--username", default=None)
    group.add_argument("--password", default=None)
    parser.add_argument("--migrations", default=None, help="the migrations folder")
    parser.add_argument("--models", default=None, help="comma-separated model modules")
    parser.add_argument("--state-keyspace", dest="state_keyspace", default=None)
    add_output_flags(parser)


def add_output_flags(parser: argparse.ArgumentParser, *, json: bool = True) -> None:
    """``--no-color`` (plain lines, no progress bar) and, unless ``json=False``, ``--json``."""
    parser.add_argument(
        "--no-color", action="store_true", help="plain lines: no colour, no progress bar"
    )
    if json:
        parser.add_argument("--json", action="store_true", help="machine-readable output")


def printer(args: argparse.Namespace) -> Printer:
    """The standard output of a command, as its ``--json`` and ``--no-color`` flags ask."""
    return Printer.for_stream(sys.stdout, json_mode=args.json, no_color=args.no_color)


def config_of(args: argparse.Namespace) -> Config:
    """The configuration: pyproject.toml < environment < these flags."""
    keys = (
        "hosts", "port", "keyspace", "driver", "path", "username", "password",
        "migrations", "models", "state_keyspace", "lock_timeout", "lock_lease",
    )  # fmt: skip
    return load({k: getattr(args, k, None) for k in keys})


def connect(config: Config) -> None:
    """Register the default connection described by ``config`` (blocking API)."""
    import coodie.sync

    kwargs: dict[str, Any] = {"driver_type": config.driver}
    if config.driver == "embedded":
        if config.path:
            kwargs["path"] = config.path
    else:
        kwargs.update(hosts=list(config.hosts), port=config.port)
        if config.username:
            kwargs.update(username=config.username, password=config.password)
    coodie.sync.init_coodie(**kwargs)


def disconnect() -> None:
    """Close every connection (flushing a persistent embedded engine)."""
    import coodie.sync

    coodie.sync.shutdown()


def exit_code(error: BaseException) -> int:
    """The documented exit code for an error."""
    if isinstance(error, MigrationLockError):
        return LOCKED
    if isinstance(error, MigrationRefused):
        return REFUSED
    if isinstance(error, MigrationError):
        return FAILED if error.path else USAGE
    if isinstance(error, DriverError):
        return DATABASE
    return USAGE


def report_error(out: Printer, error: CoodieError) -> int:
    """One clear line (plus the file and statement when known); returns the exit code."""
    path = getattr(error, "path", None)
    statement = getattr(error, "statement", None)
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    code = exit_code(error)
    if out.json_mode:
        out.document({"error": str(error), "path": path, "statement": statement, "exit": code})
        return code
    err = out.errors()
    err.line(f"error: {message}", style="bold red")
    if path:
        err.line(f"  file: {path}")
    if statement:
        err.line(f"  statement: {statement}")
    return code
