"""The ``system_virtual_schema`` keyspace of Cassandra 4.0: the schema of virtual keyspaces.

Cassandra 4.0 describes its virtual keyspaces (``system_virtual_schema`` itself and
``system_views``) in three tables that drivers read on connect (acsylla / the C++ driver,
scylla-driver with protocol v5). The engine has no ``system_views``, so these tables list
the one virtual keyspace it has: ``system_virtual_schema`` with its three tables. Virtual
keyspaces are not listed in ``system_schema.keyspaces``, as on a real node.

>>> from coodie.embedded import Engine
>>> Engine().session().execute("SELECT keyspace_name FROM system_virtual_schema.keyspaces").rows
[('system_virtual_schema',)]
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

_TEXT = NATIVE["text"]


def _table(name: str, columns: list[Column]) -> Table:
    table = Table(KEYSPACE, name, columns)
    table.virtual = True
    table.options["comment"] = f"virtual {name[:-1]} definitions"  # as Cassandra 4.0 words it
    return table


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
    return list(eng.keyspaces[KEYSPACE].tables.values())


def _keyspaces(eng: Engine) -> list[dict[str, Any]]:
    return [{"keyspace_name": KEYSPACE}]


def _tables(eng: Engine) -> list[dict[str, Any]]:
    return [
        {"keyspace_name": KEYSPACE, "table_name": t.name, "comment": t.options.get("comment")}
        for t in _virtual_tables(eng)
    ]


def _columns(eng: Engine) -> list[dict[str, Any]]:
    return [
        {
            "keyspace_name": KEYSPACE,
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


ROWS: dict[str, Callable[[Engine], list[dict[str, Any]]]] = {
    f"{KEYSPACE}.keyspaces": _keyspaces,
    f"{KEYSPACE}.tables": _tables,
    f"{KEYSPACE}.columns": _columns,
}
"""``keyspace.table`` → the rows of that virtual table."""
