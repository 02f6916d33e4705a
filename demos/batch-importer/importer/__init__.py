"""batch-importer: a CSV bulk importer (CLI) with logged and unlogged batches."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "importer_demo"
