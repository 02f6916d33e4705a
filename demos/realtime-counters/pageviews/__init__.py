"""realtime-counters: page-view analytics with counter tables, FastAPI + ``coodie.aio``."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "counters_demo"
