"""fastapi-catalog: products, categories and reviews served by FastAPI with ``coodie.aio``."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "catalog_demo"
