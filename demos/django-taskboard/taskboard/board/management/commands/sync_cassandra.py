"""``python manage.py sync_cassandra``: create the keyspace and the coodie tables (idempotent).

The Cassandra counterpart of ``migrate``: Django's ORM tables come from migrations, the
coodie tables from their models (``sync_table`` creates what is missing, changes nothing else).
"""

from __future__ import annotations

from typing import Any

from demo_support.config import database_config
from django.core.management.base import BaseCommand

from coodie import sync
from coodie.executor import connections
from taskboard import DEMO_DIR, KEYSPACE
from taskboard.board.documents import DOCUMENTS


class Command(BaseCommand):
    help = "Create the Cassandra keyspace and tables of the board (coodie sync_table)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print the CQL, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if "default" not in connections.connection_names():
            sync.init_coodie(**database_config(DEMO_DIR).init_kwargs())
        dry_run = options["dry_run"]
        if dry_run:
            self.stdout.write(f"CREATE KEYSPACE IF NOT EXISTS {KEYSPACE} ...")
        else:
            sync.create_keyspace(KEYSPACE, replication_factor=1)
        sent = 0
        for document in DOCUMENTS:
            for statement in document.sync_table(dry_run=dry_run):
                self.stdout.write(statement.cql)
                sent += 1
        verb = "would run" if dry_run else "ran"
        self.stdout.write(self.style.SUCCESS(f"{verb} {sent} schema statements"))
