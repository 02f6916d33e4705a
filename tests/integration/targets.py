"""Which database the integration tests talk to, chosen by environment variables.

* default: the embedded engine in-process (``driver_type="embedded"``);
* ``COODIE_TEST_HOSTS=127.0.0.1:9042`` and ``COODIE_TEST_DRIVER=scylla|acsylla|rs``: a
  real cluster (ScyllaDB or Cassandra 4.x);
* ``COODIE_TEST_TARGET=server`` with ``COODIE_TEST_DRIVER``: a real driver talking the
  CQL native protocol to coodie's embedded server (:mod:`coodie.testing`);
* ``COODIE_TEST_TARGET=container``: a ScyllaDB container started with testcontainers
  (needs Docker; ``COODIE_TEST_IMAGE`` picks the image).

On Apache Cassandra 4.x, enable materialized views (``materialized_views_enabled: true``
in ``cassandra.yaml``) for ``test_views.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs

KEYSPACE = os.environ.get("COODIE_TEST_KEYSPACE", "coodie_it")


@attrs.frozen
class Target:
    """Arguments for ``init_coodie`` and a readable name."""

    name: str
    driver_type: str
    hosts: tuple[str, ...] = ()
    port: int = 9042

    def init_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"driver_type": self.driver_type}
        if self.hosts:
            kwargs.update(hosts=list(self.hosts), port=self.port)
        return kwargs


def _split(host: str) -> tuple[str, int]:
    name, _, port = host.rpartition(":")
    return (name, int(port)) if name and port.isdigit() else (host, 9042)


@contextmanager
def _server(driver: str) -> Iterator[Target]:
    from coodie.testing import embedded_server

    with embedded_server() as server:
        yield Target(f"server+{driver}", driver, (server.host,), server.port)


@contextmanager
def _container(driver: str) -> Iterator[Target]:  # pragma: no cover - needs Docker
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    image = os.environ.get("COODIE_TEST_IMAGE", "scylladb/scylla:6.2")
    container = DockerContainer(image).with_command(
        "--smp 1 --memory 512M --overprovisioned 1 --skip-wait-for-gossip-to-settle 0"
    )
    container.with_exposed_ports(9042)
    with container:
        wait_for_logs(container, "Starting listening for CQL clients", timeout=180)
        host = container.get_container_host_ip()
        port = int(container.get_exposed_port(9042))
        yield Target(f"container+{driver}", driver, (host,), port)


@contextmanager
def selected_target() -> Iterator[Target]:
    """The target described by the environment (see the module docs)."""
    driver = os.environ.get("COODIE_TEST_DRIVER", "scylla")
    kind = os.environ.get("COODIE_TEST_TARGET")
    hosts = os.environ.get("COODIE_TEST_HOSTS")
    if kind == "server":
        with _server(driver) as target:
            yield target
    elif kind == "container":
        with _container(driver) as target:
            yield target
    elif hosts:
        first, port = _split(hosts.split(",")[0])
        names = tuple(_split(h)[0] for h in hosts.split(","))
        yield Target(f"hosts+{driver}", driver, names or (first,), port)
    else:
        yield Target("embedded", "embedded")
