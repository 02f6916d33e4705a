"""argus-tracker: a scaled-down test tracker (inspired by scylladb/argus) on coodie.sync."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "argus_demo"
