"""flask-blog: posts, comments, tags (a set) and view counters; Flask and ``coodie.sync``."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "blog_demo"
