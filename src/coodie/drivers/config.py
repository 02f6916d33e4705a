"""How to reach a database: the settings ``init_coodie`` hands to a driver adapter.

Example::

    config = DriverConfig(hosts=("127.0.0.1",), port=9042, keyspace="shop")
    driver = coodie.drivers.create_driver("scylla", config)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen(slots=True)
class DriverConfig:
    """Connection settings shared by every adapter.

    ``session`` wraps an existing driver session instead of connecting;
    ``path`` is the embedded engine's data directory (``None``: in memory);
    ``options`` are passed through to the underlying driver untouched.

    >>> DriverConfig(hosts=("10.0.0.1",), keyspace="shop").port
    9042
    """

    hosts: tuple[str, ...] = ("127.0.0.1",)
    port: int = 9042
    keyspace: str | None = None
    username: str | None = None
    password: str | None = None
    ssl_context: Any = None
    compression: Any = None
    consistency: str | None = None
    timeout: float | None = None
    session: Any = None
    path: str | None = None
    prepared_cache_size: int = 1024
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def contact_points(self) -> list[str]:
        """``host:port`` strings (a host that names its port keeps it).

        >>> DriverConfig(hosts=("a", "b:9043")).contact_points()
        ['a:9042', 'b:9043']
        """
        out = []
        for host in self.hosts:
            has_port = host.count(":") == 1 or host.startswith("[")
            out.append(host if has_port and not host.endswith("]") else f"{host}:{self.port}")
        return out
