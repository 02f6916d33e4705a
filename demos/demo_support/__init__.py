"""Shared helpers of the coodie demos: database configuration, connecting, seeding, pages.

Every demo connects the same way (see :mod:`demo_support.config`)::

    from demo_support import connect

    connect("blog", [Post, Comment], demo_dir=Path(__file__).parent)

With no environment variable set, the embedded engine runs in-process and keeps its data in the
demo's ``.data/`` folder. ``COODIE_HOSTS=127.0.0.1:9042`` talks to ``coodie serve`` or a real
cluster instead.
"""

from demo_support.config import DatabaseConfig, database_config
from demo_support.db import connect, connect_async, disconnect, disconnect_async
from demo_support.progress import progress

__all__ = [
    "DatabaseConfig",
    "connect",
    "connect_async",
    "database_config",
    "disconnect",
    "disconnect_async",
    "progress",
]
