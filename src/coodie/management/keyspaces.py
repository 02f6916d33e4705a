"""Keyspace DDL: pure builders and the comparison with a live keyspace.

>>> replication(replication_factor=3)
SimpleStrategy(replication_factor=3)
>>> replication(dc_replication_map={"dc1": 3, "dc2": 2})
NetworkTopologyStrategy(datacenters=(('dc1', 3), ('dc2', 2)))
"""

from __future__ import annotations

from collections.abc import Mapping

from coodie.ast.ddl import CreateKeyspace, NetworkTopologyStrategy, Replication, SimpleStrategy
from coodie.exceptions import QueryError
from coodie.management import ddl
from coodie.management.compare import same_class
from coodie.management.introspect import LiveKeyspace


def replication(
    *, replication_factor: int | None = None, dc_replication_map: Mapping[str, int] | None = None
) -> Replication:
    """The replication strategy for exactly one of the two arguments.

    Raises :class:`~coodie.exceptions.QueryError` for none, both, or a factor
    below 1.
    """
    if (replication_factor is None) == (dc_replication_map is None):
        raise QueryError("give exactly one of replication_factor= or dc_replication_map=")
    if replication_factor is not None:
        _check_factor("replication_factor", replication_factor)
        return SimpleStrategy(replication_factor)
    assert dc_replication_map is not None
    if not dc_replication_map:
        raise QueryError("dc_replication_map needs at least one data center")
    for dc, factor in dc_replication_map.items():
        _check_factor(f"dc_replication_map[{dc!r}]", factor)
    return NetworkTopologyStrategy(tuple((str(dc), f) for dc, f in dc_replication_map.items()))


def _check_factor(what: str, factor: object) -> None:
    if not isinstance(factor, int) or isinstance(factor, bool) or factor < 1:
        raise QueryError(f"{what} must be an int >= 1, not {factor!r}")


def create_keyspace_statement(
    name: str, strategy: Replication, *, durable_writes: bool | None = None
) -> CreateKeyspace:
    """``CREATE KEYSPACE IF NOT EXISTS name WITH replication = ...``."""
    return ddl.create_keyspace(name, strategy, durable_writes=durable_writes, if_not_exists=True)


def replication_differences(
    strategy: Replication, durable_writes: bool | None, live: LiveKeyspace
) -> tuple[str, ...]:
    """How an existing keyspace differs from the requested one (empty when equal).

    ``NetworkTopologyStrategy`` with ``replication_factor`` expands to every data
    center server-side; only the declared data centers are compared.
    """
    found: list[str] = []
    live_class = live.replication.get("class", "")
    if isinstance(strategy, SimpleStrategy):
        wanted: dict[str, str] = {"replication_factor": str(strategy.replication_factor)}
        cls = "SimpleStrategy"
    else:
        wanted = {dc: str(factor) for dc, factor in strategy.datacenters}
        cls = "NetworkTopologyStrategy"
    if not same_class(cls, live_class):
        found.append(f"replication class: requested {cls}, the keyspace has {live_class}")
    else:
        found.extend(
            f"replication {key}: requested {value}, the keyspace has "
            f"{live.replication.get(key, 'none')}"
            for key, value in wanted.items()
            if live.replication.get(key) != value
        )
    if durable_writes is not None and durable_writes != live.durable_writes:
        found.append(
            f"durable_writes: requested {durable_writes}, the keyspace has {live.durable_writes}"
        )
    return tuple(found)
