"""``coodie migrate``: apply, roll back, show status and history, fake, unlock.

coodie migrate                         # apply every pending migration
coodie migrate --dry-run               # print what would run; change nothing
coodie migrate --target 20260131_002   # up to (or back to) that migration
coodie migrate --rollback --steps 2    # undo the last two
coodie migrate --status --json         # for CI
coodie migrate --fake 20260131_002     # adopt an existing database
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coodie.cli import common
from coodie.cli.output import Printer
from coodie.cli.progress import ProgressDisplay
from coodie.exceptions import CoodieError
from coodie.management import migrations as mig


def add_parser(commands: Any) -> None:
    """Register ``coodie migrate`` and its flags."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "migrate",
        help="apply or roll back migrations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_connection_flags(parser)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--status", action="store_true", help="list migrations and their state")
    what.add_argument("--history", action="store_true", help="every apply/rollback, oldest first")
    what.add_argument("--fake", metavar="ID", help="record migrations up to ID as applied")
    what.add_argument("--force-unlock", action="store_true", help="remove another runner's lock")
    what.add_argument("--rollback", action="store_true", help="undo the last --steps migrations")
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--target", metavar="ID", help="apply up to ID, or roll back to it")
    parser.add_argument("--dry-run", action="store_true", help="show statements, send no change")
    parser.add_argument("--allow-changed", action="store_true", help="accept changed files")
    parser.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--lock-lease", type=int, default=None, metavar="SECONDS")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument(
        "--create-keyspace",
        action="store_true",
        help="create missing keyspaces (SimpleStrategy, replication 1: for development)",
    )
    data = parser.add_argument_group("data migrations")
    data.add_argument("--max-rows-per-second", type=float, default=None)
    data.add_argument("--workers", type=int, default=None)
    data.add_argument("--shard", default=None, metavar="I/N", help="only this share of ranges")


def _settings(args: argparse.Namespace, out: Printer, progress: ProgressDisplay) -> mig.RunSettings:
    config = common.config_of(args)
    data: dict[str, Any] = {}
    if args.max_rows_per_second is not None:
        data["max_rows_per_second"] = args.max_rows_per_second
    if args.workers is not None:
        data["workers"] = args.workers
    if args.shard is not None:
        data["shard"] = args.shard
    return mig.RunSettings(
        folder=config.migrations,
        keyspace=config.require_keyspace(),
        state_keyspace=config.state_keyspace,
        dry_run=args.dry_run,
        target=args.target,
        rollback=args.rollback,
        steps=args.steps,
        allow_changed=args.allow_changed,
        lock_timeout=config.lock_timeout,
        lease_seconds=config.lock_lease,
        create_keyspace=args.create_keyspace,
        report=out.line,
        data=data,
        progress=progress,
    )


def run(args: argparse.Namespace) -> int:
    """Run ``coodie migrate``; returns the exit code (see :mod:`coodie.cli.common`)."""
    out = common.printer(args)
    try:
        with ProgressDisplay(out) as progress:
            settings = _settings(args, out, progress)
            common.connect(common.config_of(args))
            try:
                return _dispatch(args, settings, out)
            finally:
                common.disconnect()
    except CoodieError as error:
        return common.report_error(out, error)


def _dispatch(args: argparse.Namespace, settings: mig.RunSettings, out: Printer) -> int:
    if args.status:
        return _status(settings, out)
    if args.history:
        rows = mig.history(settings)
        if out.json_mode:
            out.document(rows)
        else:
            out.table(
                ["at", "id", "action", "outcome", "by", "ms"],
                [[r["at"], r["id"], r["action"], r["outcome"], r["applied_by"], r["duration_ms"]]
                 for r in rows],
            )  # fmt: skip
        return common.OK
    if args.fake:
        stamped = mig.fake(settings, args.fake)
        if out.json_mode:
            out.document({"faked": list(stamped)})
        elif not stamped:
            out.line("nothing to fake: already recorded")
        return common.OK
    if args.force_unlock:
        return _force_unlock(args, settings, out)
    result = mig.migrate(settings)
    if out.json_mode:
        out.document(
            {
                "dry_run": settings.dry_run,
                "migrations": [
                    {"id": o.id, "direction": o.direction, "duration_ms": o.duration_ms,
                     "statements": list(o.statements), "skipped": o.skipped}
                    for o in result.outcomes
                ],
                "warnings": list(result.warnings),
            }
        )  # fmt: skip
    elif not result.outcomes:
        out.line("nothing to do: the database is up to date", style="green")
    return common.OK


def _status(settings: mig.RunSettings, out: Printer) -> int:
    rows = mig.status(settings)
    if out.json_mode:
        out.document([r.as_dict() for r in rows])
        return common.OK
    out.table(
        ["id", "description", "state", "applied at", "checksum"],
        [[r.id, r.description, r.state, r.applied_at or "", r.checksum] for r in rows],
    )
    for r in rows:
        if r.error:
            out.line(f"{r.id}: {r.error} ({r.completed} statements completed)", style="red")
    return common.OK


def _force_unlock(args: argparse.Namespace, settings: mig.RunSettings, out: Printer) -> int:
    holder = mig.lock_holder(settings)
    if holder is None:
        out.line("the migration lock is free")
        return common.OK
    if not args.yes:
        if not sys.stdin.isatty():
            out.line(f"lock {holder.describe()}; pass --yes to remove it without a terminal")
            return common.USAGE
        answer = input(f"Remove the migration lock {holder.describe()}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            out.line("left the lock in place")
            return common.USAGE
    mig.force_unlock(settings)
    out.line("removed the migration lock")
    if out.json_mode:
        out.document({"unlocked": True, "holder": holder.describe()})
    return common.OK
