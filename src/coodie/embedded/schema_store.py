"""The user schema (keyspaces, tables, views, types, indexes) as plain data for snapshots.

>>> from coodie.embedded import Engine
>>> s = Engine().session()
>>> _ = s.execute("CREATE KEYSPACE ks WITH replication = "
...               "{'class': 'SimpleStrategy', 'replication_factor': 1}")
>>> _ = s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
>>> [ks.name for ks in decode_keyspaces(encode_keyspaces(s.engine.keyspaces))]
['ks']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coodie.embedded.catalog import Column, Index, Keyspace, Table

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine

_SYSTEM = frozenset(
    (
        "system",
        "system_schema",
        "system_auth",
        "system_distributed",
        "system_traces",
        "system_views",
        "system_virtual_schema",
    )
)
_DERIVED = frozenset(
    ("columns", "partition_key", "clustering", "statics", "regulars", "star", "is_counter")
)


def is_user_keyspace(name: str) -> bool:
    """Whether a keyspace is the user's (system keyspaces are rebuilt at every open).

    >>> is_user_keyspace("system"), is_user_keyspace("shop")
    (False, True)
    """
    return name not in _SYSTEM


def encode_keyspaces(keyspaces: dict[str, Keyspace]) -> list[dict[str, Any]]:
    """The user keyspaces as dicts, lists and CQL types."""
    return [
        {
            "name": ks.name,
            "replication": dict(ks.replication),
            "durable_writes": ks.durable_writes,
            "types": dict(ks.types),
            "tables": [_encode_table(t) for t in ks.tables.values()],
        }
        for ks in keyspaces.values()
        if is_user_keyspace(ks.name)
    ]


def decode_keyspaces(data: list[dict[str, Any]]) -> list[Keyspace]:
    """Rebuild keyspaces written by :func:`encode_keyspaces`."""
    out = []
    for d in data:
        ks = Keyspace(d["name"], d["replication"], d["durable_writes"])
        ks.types = d["types"]
        for td in d["tables"]:
            t = _decode_table(td)
            ks.tables[t.name] = t
        out.append(ks)
    return out


def _encode_table(t: Table) -> dict[str, Any]:
    state = {k: v for k, v in vars(t).items() if k not in _DERIVED}
    state["indexes"] = {name: dict(vars(ix)) for name, ix in t.indexes.items()}
    state["columns"] = [(c.name, c.type, c.kind, c.position, c.desc) for c in t.columns.values()]
    return state


def _decode_table(state: dict[str, Any]) -> Table:
    state = dict(state)
    columns = [Column(*c) for c in state.pop("columns")]
    t = Table(state.pop("keyspace"), state.pop("name"), columns, None, state.pop("id"))
    t.indexes = {name: Index(**ix) for name, ix in state.pop("indexes").items()}
    for k, v in state.items():
        setattr(t, k, tuple(v) if k in ("view_of", "view_where") and v is not None else v)
    return t


class SavedSchema:
    """The user schema and table storage before a schema change, to put back if it
    cannot be logged (the change must leave no trace)."""

    def __init__(self, eng: Engine) -> None:
        self.keyspaces = encode_keyspaces(eng.keyspaces)
        self.data = dict(eng.data)
        self.partitions = {k: dict(d.partitions) for k, d in eng.data.items()}
        self.schema_version = eng.schema_version

    def restore(self, eng: Engine) -> None:
        """Put the saved schema and storage back."""
        for name in [n for n in eng.keyspaces if is_user_keyspace(n)]:
            del eng.keyspaces[name]
        for ks in decode_keyspaces(self.keyspaces):
            eng.keyspaces[ks.name] = ks
        eng.data.clear()
        eng.data.update(self.data)
        for key, parts in self.partitions.items():
            data = eng.data[key]
            if data.partitions != parts:
                data.partitions.clear()
                data.partitions.update(parts)
                data._order = None
        eng.schema_version = self.schema_version
        eng._virtual_cache = {}
        for prepared in [*eng.prepared.values(), *eng._parsed.values()]:
            prepared.schema_version = -1  # described against the undone schema
