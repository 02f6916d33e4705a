"""batch-importer's CLI: logged and unlogged imports, rejected lines, dry runs, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_support import DatabaseConfig, connect, disconnect
from importer import KEYSPACE
from importer.cli import main
from importer.csvfile import generate
from importer.models import MODELS, Order, OrderById
from rich.console import Console


def run(*argv: str) -> tuple[int, str]:
    console = Console(record=True, width=200)
    code = main(list(argv), console=console)
    return code, console.export_text()


@pytest.mark.parametrize("batch", ["logged", "unlogged"])
def test_import_writes_both_copies(
    demo_database_on_disk: DatabaseConfig, tmp_path: Path, batch: str
) -> None:
    csv = tmp_path / "orders.csv"
    generate(csv, 120)
    code, out = run("import", str(csv), "--batch", batch, "--size", "10", "--quiet")
    assert code == 0, out
    assert "imported 120 orders" in out
    connect(KEYSPACE, MODELS, config=demo_database_on_disk)
    assert Order.find().count() == 120 == OrderById.find().count()
    some = OrderById.find().first()
    key = {"customer": some.customer, "placed_at": some.placed_at, "order_id": some.order_id}
    assert Order.find(**key).count() == 1
    newest_first = [o.placed_at for o in Order.find(customer=some.customer)]
    assert newest_first == sorted(newest_first, reverse=True)
    disconnect()
    code, out = run("report")
    assert code == 0 and "120 orders" in out and "consistent" in out


def test_logged_batches_hold_both_tables(
    demo_database_on_disk: DatabaseConfig, tmp_path: Path
) -> None:
    csv = tmp_path / "orders.csv"
    generate(csv, 30)
    code, out = run("import", str(csv), "--batch", "logged", "--size", "10", "--dry-run", "--quiet")
    assert code == 0 and "would import 30 orders in 3 batches" in out
    assert "INSERT INTO importer_demo.order_by_id" in out and '"order"' in out
    code, out = run("report")
    assert "0 orders" in out  # a dry run sends nothing


def test_bad_lines_are_reported(demo_database_on_disk: DatabaseConfig, tmp_path: Path) -> None:
    csv = tmp_path / "orders.csv"
    generate(csv, 20, bad_every=7)
    code, out = run("import", str(csv), "--batch", "unlogged", "--quiet")
    assert code == 1
    assert "imported 18 orders" in out
    assert "line 8: quantity:" in out and "line 15: quantity:" in out


def test_usage_errors(demo_database_on_disk: DatabaseConfig, tmp_path: Path) -> None:
    code, out = run("import", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in out
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    code, out = run("import", str(wrong), "--quiet")
    assert code == 2 and "missing columns" in out
    with pytest.raises(SystemExit) as exit_info:
        run("import", str(wrong), "--size", "0")
    assert exit_info.value.code == 2
