"""collections-tags: lists, sets, maps, frozen collections and their update operators (Flask)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "tagging_demo"
