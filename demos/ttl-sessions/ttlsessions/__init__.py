"""ttl-sessions: a session store whose rows expire by themselves (CQL TTL), Flask + coodie.sync."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent
KEYSPACE = "ttl_sessions_demo"
DEFAULT_TTL = 1800
REMEMBER_TTL = 30 * 86400
