"""Where a demo's data lives, read from the environment.

* nothing set: the embedded engine, persisted in ``<demo>/.data`` (the data survives a restart);
* ``COODIE_DATA=/some/dir``: the embedded engine persisted there (``:memory:`` keeps nothing);
* ``COODIE_HOSTS=127.0.0.1:9042`` (comma-separated ``host[:port]``): ``coodie serve`` or a real
  ScyllaDB/Cassandra cluster, through ``COODIE_DRIVER`` (``scylla`` by default, or ``acsylla``,
  ``rs``).

>>> database_config(Path("/tmp/blog"), {"COODIE_DATA": ":memory:"}).init_kwargs()
{'driver_type': 'embedded'}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMORY = ":memory:"


@dataclass(frozen=True)
class DatabaseConfig:
    """The arguments of ``init_coodie`` for one demo, and a readable description."""

    driver_type: str
    hosts: tuple[str, ...] = ()
    port: int = 9042
    path: Path | None = None

    def init_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``coodie.sync.init_coodie`` / ``coodie.aio.init_coodie``."""
        kwargs: dict[str, Any] = {"driver_type": self.driver_type}
        if self.hosts:
            kwargs.update(hosts=list(self.hosts), port=self.port)
        if self.path is not None:
            kwargs["path"] = str(self.path)
        return kwargs

    def describe(self) -> str:
        """One line for a page footer or a CLI banner."""
        if self.hosts:
            return f"{self.driver_type} driver -> {', '.join(self.hosts)} (port {self.port})"
        if self.path is None:
            return "embedded engine, in memory"
        return f"embedded engine, data in {self.path}"


def _split(host: str) -> tuple[str, int | None]:
    name, _, port = host.rpartition(":")
    return (name, int(port)) if name and port.isdigit() else (host, None)


def database_config(demo_dir: Path, environ: Mapping[str, str] | None = None) -> DatabaseConfig:
    """The configuration the environment asks for (see the module docs)."""
    env = os.environ if environ is None else environ
    hosts = [h.strip() for h in env.get("COODIE_HOSTS", "").split(",") if h.strip()]
    if hosts:
        split = [_split(h) for h in hosts]
        port = next((p for _, p in split if p is not None), 9042)
        driver = env.get("COODIE_DRIVER", "scylla")
        return DatabaseConfig(driver, tuple(name for name, _ in split), port)
    data = env.get("COODIE_DATA", str(demo_dir / ".data"))
    return DatabaseConfig("embedded", path=None if data == MEMORY else Path(data))
