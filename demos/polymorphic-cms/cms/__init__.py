"""polymorphic-cms: articles, videos and podcasts in one table with a discriminator (Flask)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "cms_demo"
