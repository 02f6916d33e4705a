"""lwt-user-registry: unique usernames and emails with lightweight transactions (FastAPI, aio)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "registry_demo"
