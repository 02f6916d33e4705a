"""Which database the integration tests talk to, chosen by environment variables.

* default (or ``COODIE_TEST_TARGET=embedded``): the embedded engine in-process
  (``driver_type="embedded"``);
* ``COODIE_TEST_HOSTS=127.0.0.1:9042`` (``COODIE_TEST_TARGET`` unset or ``hosts``) and
  ``COODIE_TEST_DRIVER=scylla|acsylla|rs``: a real cluster (ScyllaDB or Cassandra 4.x);
* ``COODIE_TEST_TARGET=server`` with ``COODIE_TEST_DRIVER``: a real driver talking the
  CQL native protocol to coodie's embedded server (:mod:`coodie.testing`);
* ``COODIE_TEST_TARGET=container``: a ScyllaDB container started with testcontainers
  (needs Docker; ``COODIE_TEST_IMAGE`` picks the image).

The choice is strict: an unknown target or driver, a driver given to the embedded target, or
hosts given to another target is a :class:`TargetChoiceError` that stops the run (so a
misspelt CI setting cannot fall back to the embedded engine). ``COODIE_TEST_DRIVER`` defaults
to ``scylla`` for the targets that use a driver.

On Apache Cassandra 4.x, enable materialized views (``materialized_views_enabled: true``
in ``cassandra.yaml``) for ``test_views.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs

KEYSPACE = os.environ.get("COODIE_TEST_KEYSPACE", "coodie_it")
TARGETS = ("embedded", "server", "container", "hosts")
DRIVERS = ("scylla", "acsylla", "rs")


class TargetChoiceError(ValueError):
    """The environment names a target or driver that does not exist, or does not fit."""


@attrs.frozen
class Choice:
    """Which target and driver the environment asks for (validated)."""

    target: str
    driver: str
    hosts: str = ""


def choose(environ: Mapping[str, str] = os.environ) -> Choice:
    """Read and check ``COODIE_TEST_TARGET``, ``COODIE_TEST_DRIVER`` and ``COODIE_TEST_HOSTS``."""
    hosts = environ.get("COODIE_TEST_HOSTS", "").strip()
    target = environ.get("COODIE_TEST_TARGET") or ("hosts" if hosts else "embedded")
    driver = environ.get("COODIE_TEST_DRIVER")
    if target not in TARGETS:
        raise TargetChoiceError(
            f"COODIE_TEST_TARGET={target!r} is not a target (one of {', '.join(TARGETS)})"
        )
    if target == "hosts" and not hosts:
        raise TargetChoiceError("COODIE_TEST_TARGET=hosts needs COODIE_TEST_HOSTS=host[:port],...")
    if hosts and target != "hosts":
        raise TargetChoiceError(
            f"COODIE_TEST_HOSTS is set but COODIE_TEST_TARGET={target!r} does not use it"
        )
    if target == "embedded":
        if driver not in (None, "", "embedded"):
            raise TargetChoiceError(
                f"COODIE_TEST_DRIVER={driver!r} has no effect on the embedded target: set "
                "COODIE_TEST_TARGET=server|container or COODIE_TEST_HOSTS"
            )
        return Choice("embedded", "embedded")
    driver = driver or "scylla"
    if driver not in DRIVERS:
        raise TargetChoiceError(
            f"COODIE_TEST_DRIVER={driver!r} is not a driver (one of {', '.join(DRIVERS)})"
        )
    return Choice(target, driver, hosts)


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
def selected_target(choice: Choice) -> Iterator[Target]:
    """Start (or point at) the chosen target; see the module docs."""
    driver = choice.driver
    if choice.target == "server":
        with _server(driver) as target:
            yield target
    elif choice.target == "container":
        with _container(driver) as target:
            yield target
    elif choice.target == "hosts":
        hosts = choice.hosts.split(",")
        _, port = _split(hosts[0])
        yield Target(f"hosts+{driver}", driver, tuple(_split(h)[0] for h in hosts), port)
    else:
        yield Target("embedded", "embedded")
