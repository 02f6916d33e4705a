"""migration-guide: cqlengine models beside their coodie equivalents, sharing one table."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "guide_demo"
