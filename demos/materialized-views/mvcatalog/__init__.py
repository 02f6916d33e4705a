"""materialized-views: a catalog read by category through a server-maintained view (Flask)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "mv_demo"
CATEGORIES = ["books", "garden", "kitchen", "music", "toys"]
