"""django-taskboard: a Kanban board; task events and counters in Cassandra via coodie, users in
SQLite via Django's ORM."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "taskboard_demo"
