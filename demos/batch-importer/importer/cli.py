"""``python -m importer``: generate a CSV, import it with batches, report what is stored.

::

    python -m importer generate data/orders.csv --rows 2000
    python -m importer import data/orders.csv --batch unlogged --size 50
    python -m importer report

Exit status: 0 when every line was imported, 1 when some were rejected (they are listed),
2 for a usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from demo_support import connect, disconnect, progress
from rich.console import Console
from rich.table import Table

from importer import DEMO_DIR, KEYSPACE
from importer.csvfile import Rejected, generate, read_orders
from importer.loading import WRITERS, Report
from importer.models import MODELS, Order, OrderById

CHUNK = 200


def positive(text: str) -> int:
    """argparse type: an integer >= 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m importer", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a CSV of random orders")
    gen.add_argument("path", type=Path)
    gen.add_argument("--rows", type=positive, default=2000)
    gen.add_argument("--bad-every", type=int, default=0, help="make every Nth line invalid")
    imp = sub.add_parser("import", help="import a CSV of orders")
    imp.add_argument("path", type=Path)
    imp.add_argument("--batch", choices=sorted(WRITERS), default="logged")
    imp.add_argument("--size", type=positive, default=25, help="orders per batch")
    imp.add_argument("--dry-run", action="store_true", help="print the CQL, send nothing")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("report", help="what is stored")
    return p


def import_file(
    path: Path, batch: str, size: int, *, dry_run: bool = False, quiet: bool = False
) -> Report:
    """Read, validate and write ``path``; returns the report."""
    lines = sum(1 for _ in path.open()) - 1
    report = Report()
    pending: list[Order] = []
    write = WRITERS[batch]
    with progress(f"Importing ({batch} batches)", total=max(lines, 0), quiet=quiet) as advance:
        for item in read_orders(path):
            if isinstance(item, Rejected):
                report.rejected.append(item)
                advance()
                continue
            pending.append(item)
            if len(pending) >= CHUNK:
                report.imported += write(pending, size, report, dry_run)
                advance(len(pending))
                pending = []
        report.imported += write(pending, size, report, dry_run)
        advance(len(pending))
    return report


def show_report(console: Console, report: Report, dry_run: bool) -> None:
    """Print the outcome of an import."""
    verb = "would import" if dry_run else "imported"
    console.print(f"[green]{verb} {report.imported} orders in {report.batches} batches[/]")
    if dry_run:
        for cql in report.statements[:6]:
            console.print(f"  [yellow]{cql}[/]")
        console.print(f"  ... {len(report.statements)} statements in all")
    for bad in report.rejected:
        console.print(f"[red]line {bad.line}: {bad.reason}[/]")


def show_stored(console: Console) -> int:
    """Print the busiest customers and totals; returns the number of orders."""
    orders = Order.find().values_list("customer").all()
    per_customer: dict[str, int] = {}
    for (customer,) in orders:
        per_customer[customer] = per_customer.get(customer, 0) + 1
    table = Table(title=f"{len(orders)} orders, {len(per_customer)} customers")
    table.add_column("customer", style="magenta")
    table.add_column("orders", justify="right", style="green")
    table.add_column("latest order", style="cyan")
    for customer, count in sorted(per_customer.items(), key=lambda kv: -kv[1])[:10]:
        newest = Order.find(customer=customer).first()
        table.add_row(customer, str(count), f"{newest.item} at {newest.placed_at:%Y-%m-%d %H:%M}")
    console.print(table)
    lookups = OrderById.find().count()
    console.print(
        f"lookup rows: {lookups} ({'consistent' if lookups == len(orders) else 'DIFFERENT'})"
    )
    return len(orders)


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run one command; returns the exit status."""
    args = parser().parse_args(argv)
    console = console or Console()
    if args.command == "generate":
        rows = generate(args.path, args.rows, bad_every=args.bad_every)
        console.print(f"[green]wrote {rows} orders to {args.path}[/]")
        return 0
    if args.command == "import" and not args.path.is_file():
        console.print(f"[red]no such file: {args.path}[/]")
        return 2
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    console.print(f"[dim]{config.describe()}[/]")
    try:
        if args.command == "report":
            show_stored(console)
            return 0
        try:
            report = import_file(
                args.path, args.batch, args.size, dry_run=args.dry_run, quiet=args.quiet
            )
        except (ValueError, UnicodeDecodeError) as exc:
            console.print(f"[red]{exc}[/]")
            return 2
        show_report(console, report, args.dry_run)
        return 1 if report.rejected else 0
    finally:
        disconnect()


if __name__ == "__main__":
    sys.exit(main())
