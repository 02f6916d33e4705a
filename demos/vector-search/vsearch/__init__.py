"""vector-search: semantic product search with ANN queries (FastAPI + ``coodie.aio``)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "vector_demo"
