"""timeseries-iot: sensor readings in day buckets, newest first (FastAPI + ``coodie.aio``)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "iot_demo"
