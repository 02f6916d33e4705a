"""The virtual keyspaces of Cassandra 4.0: ``system_virtual_schema`` and ``system_views``.

Cassandra 4.0 describes its virtual keyspaces in three tables of ``system_virtual_schema``
that drivers read on connect (acsylla / the C++ driver, scylla-driver with protocol v5).
Of ``system_views`` the engine has one table, ``settings`` (``name``, ``value``): the
``cassandra.yaml`` switches its :class:`~coodie.embedded.settings.EngineSettings` set, under
the names the imitated release uses (4.0: ``enable_sasi_indexes``; 5.0:
``sasi_indexes_enabled``), which coodie reads at connect to learn what is disabled. Virtual
keyspaces are not listed in ``system_schema.keyspaces``, as on a real node.

>>> from coodie.embedded import Engine
>>> s = Engine().session()
>>> sorted(s.execute("SELECT keyspace_name FROM system_virtual_schema.keyspaces").rows)
[('system_views',), ('system_virtual_schema',)]
>>> s.execute("SELECT value FROM system_views.settings WHERE name = 'sasi_indexes_enabled'").rows
[('true',)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import NATIVE
from coodie.embedded.catalog import Column, Table, type_text

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

KEYSPACE = "system_virtual_schema"
"""Name of the keyspace; it is local and read-only like Cassandra's."""
VIEWS = "system_views"
"""The keyspace of Cassandra's system views (the engine has ``settings``)."""
KEYSPACES = (VIEWS, KEYSPACE)
"""The virtual keyspaces, in the order Cassandra lists them (by name)."""

_TEXT = NATIVE["text"]


def _table(name: str, columns: list[Column], keyspace: str = KEYSPACE) -> Table:
    table = Table(keyspace, name, columns)
    table.virtual = True
    table.options["comment"] = f"virtual {name[:-1]} definitions"  # as Cassandra 4.0 words it
    return table


def system_views_tables() -> list[Table]:
    """``system_views.settings``: ``name text PRIMARY KEY, value text``, "current settings"."""
    table = _table(
        "settings",
        [Column("name", _TEXT, "partition_key", 0), Column("value", _TEXT, "regular")],
        VIEWS,
    )
    table.options["comment"] = "current settings"
    return [table]


def virtual_schema_tables() -> list[Table]:
    """The three tables of ``system_virtual_schema``, with Cassandra 4.0's columns.

    >>> [t.name for t in virtual_schema_tables()]
    ['keyspaces', 'tables', 'columns']
    """
    ks = Column("keyspace_name", _TEXT, "partition_key", 0)
    return [
        _table("keyspaces", [ks]),
        _table(
            "tables",
            [ks, Column("table_name", _TEXT, "clustering", 0), Column("comment", _TEXT, "regular")],
        ),
        _table(
            "columns",
            [
                ks,
                Column("table_name", _TEXT, "clustering", 0),
                Column("column_name", _TEXT, "clustering", 1),
                Column("clustering_order", _TEXT, "regular"),
                Column("column_name_bytes", NATIVE["blob"], "regular"),
                Column("kind", _TEXT, "regular"),
                Column("position", NATIVE["int"], "regular"),
                Column("type", _TEXT, "regular"),
            ],
        ),
    ]


def _virtual_tables(eng: Engine) -> list[Table]:
    return [t for ks in KEYSPACES for t in eng.keyspaces[ks].tables.values()]


def _keyspaces(eng: Engine) -> list[dict[str, Any]]:
    return [{"keyspace_name": ks} for ks in KEYSPACES]


def _tables(eng: Engine) -> list[dict[str, Any]]:
    return [
        {"keyspace_name": t.keyspace, "table_name": t.name, "comment": t.options.get("comment")}
        for t in _virtual_tables(eng)
    ]


def _columns(eng: Engine) -> list[dict[str, Any]]:
    return [
        {
            "keyspace_name": t.keyspace,
            "table_name": t.name,
            "column_name": c.name,
            "clustering_order": "asc" if c.kind == "clustering" else "none",
            "column_name_bytes": c.name.encode(),
            "kind": c.kind,
            "position": c.position,
            "type": type_text(c.type),
        }
        for t in _virtual_tables(eng)
        for c in t.columns.values()
    ]


def _settings(eng: Engine) -> list[dict[str, Any]]:
    """The engine's switches under the release's names (4.1 renamed ``enable_x`` to
    ``x_enabled``), as Cassandra prints booleans."""
    s = eng.settings
    switches = {
        "materialized_views": s.materialized_views,
        "sasi_indexes": s.sasi,
        "user_defined_functions": False,
    }
    old = s.cassandra == "4.0"
    return [
        {"name": f"enable_{n}" if old else f"{n}_enabled", "value": "true" if on else "false"}
        for n, on in switches.items()
    ]


ROWS: dict[str, Callable[[Engine], list[dict[str, Any]]]] = {
    f"{VIEWS}.settings": _settings,
    f"{KEYSPACE}.keyspaces": _keyspaces,
    f"{KEYSPACE}.tables": _tables,
    f"{KEYSPACE}.columns": _columns,
}
"""``keyspace.table`` → the rows of that virtual table."""
