"""What the connected server is: its product and release, learned once per connection.

coodie reads ``system.local`` (and, on ScyllaDB, ``system.versions``) the first time a
connection needs to know, and keeps the answer on the
:class:`~coodie.executor.connections.Connection`. ``sync_table`` uses it to refuse a model
feature the server lacks before sending any DDL, and to spell a vector index the way the
server wants it::

    info = run(server_info_operation(get_connection()))
    info.product, info.version          # ('cassandra', (5, 0, 0))

Products: ``"cassandra"`` (Apache Cassandra, or the embedded engine, which reports the
release its settings imitate) and ``"scylladb"`` (ScyllaDB reports ``release_version``
3.0.8 for compatibility; its own version is in ``system.versions``).

On Cassandra 4.0 and later coodie also reads the ``cassandra.yaml`` switches of the
features a model may ask for from ``system_views.settings`` (``sasi_indexes_enabled`` /
4.0's ``enable_sasi_indexes``, and the same for materialized views); a server without
that table (ScyllaDB, older releases) leaves them unknown (``None``), and nothing is
refused on their account.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from coodie.ast.predicates import Comparison, Operator
from coodie.ast.statements import Select, Table
from coodie.ast.terms import Bind, Column
from coodie.compiler import compile
from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.cql.types import NATIVE
from coodie.drivers.base import ResultPage
from coodie.exceptions import DriverError
from coodie.executor.connections import Connection
from coodie.executor.runner import Operation

Product = Literal["cassandra", "scylladb"]

_OPTIONS = ExecutionOptions()
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_version(text: str) -> tuple[int, int, int]:
    """The leading ``major.minor.patch`` numbers of a release string (missing parts are 0).

    >>> parse_version("5.0.2")
    (5, 0, 2)
    >>> parse_version("2025.4.0~rc1-0.2025")
    (2025, 4, 0)
    >>> parse_version("unknown")
    (0, 0, 0)
    """
    match = _VERSION.match(text.strip())
    if match is None:
        return (0, 0, 0)
    major, minor, patch = (int(g) if g else 0 for g in match.groups())
    return (major, minor, patch)


@attrs.frozen
class ServerInfo:
    """The product and release of the server a connection talks to.

    >>> info = ServerInfo("cassandra", "4.0.11")
    >>> info.version, info.at_least(5, 0), str(info)
    ((4, 0, 11), False, 'Cassandra 4.0.11')
    """

    product: Product
    release_version: str
    sasi_enabled: bool | None = None
    """``sasi_indexes_enabled`` of the server's ``cassandra.yaml`` (``None``: not known)."""
    materialized_views_enabled: bool | None = None
    """``materialized_views_enabled`` of the server's ``cassandra.yaml`` (``None``: not known)."""

    @property
    def known(self) -> bool:
        """False when the server did not say its release (nothing is checked then)."""
        return self.version != (0, 0, 0)

    @property
    def version(self) -> tuple[int, int, int]:
        """``release_version`` as numbers."""
        return parse_version(self.release_version)

    def at_least(self, major: int, minor: int = 0) -> bool:
        """True when the release is ``major.minor`` or later."""
        return self.version[:2] >= (major, minor)

    def __str__(self) -> str:
        name = "ScyllaDB" if self.product == "scylladb" else "Cassandra"
        return f"{name} {self.release_version}"


def _select(table: str) -> CompiledStatement:
    key = Comparison(Column("key"), Operator.EQ, Bind("local", NATIVE["text"]))
    return compile(Select(Table("system", table, ("key",)), where=(key,)))


def _first(page: ResultPage) -> Mapping[str, Any]:
    if not page.rows:
        return {}
    return dict(zip(page.columns, page.rows[0], strict=True))


def _setting(name: str) -> CompiledStatement:
    key = Comparison(Column("name"), Operator.EQ, Bind(name, NATIVE["text"]))
    return compile(Select(Table("system_views", "settings", ("name",)), where=(key,)))


SWITCHES = {
    "sasi_enabled": ("sasi_indexes_enabled", "enable_sasi_indexes"),
    "materialized_views_enabled": ("materialized_views_enabled", "enable_materialized_views"),
}
""":class:`ServerInfo` field → its ``system_views.settings`` names (4.1+ first, then 4.0)."""


def read_switches() -> Operation[dict[str, bool | None]]:
    """The feature switches of a Cassandra 4.0+ node from ``system_views.settings``.

    Each is looked up by its current name, then by 4.0's; a switch neither names is
    ``None``, and so is every switch when the server has no such table.
    """
    found: dict[str, bool | None] = dict.fromkeys(SWITCHES)
    for field, names in SWITCHES.items():
        for name in names:
            try:
                row = _first((yield _setting(name), _OPTIONS))
            except DriverError:  # no system_views.settings on this server
                return dict.fromkeys(SWITCHES)
            if row:
                found[field] = str(row.get("value")).strip().lower() == "true"
                break
    return found


def read_server_info() -> Operation[ServerInfo]:
    """Read the product and release from ``system.local`` (and ``system.versions``).

    A ``system.local`` row with ``supported_features`` comes from ScyllaDB, whose own
    version ``system.versions`` holds; any other server is treated as Cassandra, whose
    feature switches a 4.0 or later release shows in ``system_views.settings``.
    """
    local = _first((yield _select("local"), _OPTIONS))
    release = str(local.get("release_version") or "")
    if "supported_features" not in local:
        if parse_version(release)[:2] < (4, 0):
            return ServerInfo("cassandra", release)
        switches = yield from read_switches()
        return ServerInfo("cassandra", release, **switches)
    try:
        versions = _first((yield _select("versions"), _OPTIONS))
    except DriverError:
        return ServerInfo("scylladb", release)
    return ServerInfo("scylladb", str(versions.get("version") or release))


def server_info_operation(connection: Connection) -> Operation[ServerInfo]:
    """``connection``'s :class:`ServerInfo`: read on first use, then kept on the connection."""
    known = connection.server_info
    if known is not None:
        return known
    info = yield from read_server_info()
    connection.server_info = info
    return info
