"""An in-process CQL engine behaving like a single Cassandra node (5.0 by default; 4.0 with
``EngineSettings.cassandra_4_0()``).

It executes CQL text the way a server does (parse, validate, bind ``?`` / ``:name``
markers, execute) and returns results in coodie value form::

    >>> from coodie.embedded import Engine
    >>> s = Engine().session()
    >>> s.execute("SELECT release_version FROM system.local").rows
    [('5.0.0',)]

What it covers: keyspaces, tables (options kept), user types, secondary indexes (regular,
SASI with ``LIKE``, SAI; real index structures kept current on every write), materialized
views (maintained on every write; both can be disabled as on a node), TRUNCATE,
ALTER; ``system_schema``, ``system_virtual_schema`` and ``system.local`` / ``system.peers``
with Cassandra 4.x's layout; Murmur3 token order, clustering order per type, static
columns, per-cell timestamps with Cassandra's tie-breaks, row markers, partition/range/row/cell
tombstones, TTL and ``default_time_to_live``, non-frozen collections and UDTs cell by
cell, counters, every scalar type with server-side validation; ``=``/range/``IN``/
``CONTAINS [KEY]``/``token()``/multi-column relations, ``ALLOW FILTERING`` where
Cassandra requires it, ``ORDER BY``, ``LIMIT``, ``PER PARTITION LIMIT``, ``DISTINCT``,
``GROUP BY``, aggregates, ``CAST``, JSON, native functions, paging states that resume
exactly, LWT (single and batch), logged/unlogged/counter batches; errors with the
class, code and message a Cassandra 4.0 node returns (see ``tests/conformance``).

``Engine(path=...)`` is durable: every write and schema change is appended to an
fsync'ed write-ahead log of evaluated mutations, replayed exactly at open (and folded
into a snapshot by ``checkpoint()``); tombstones are purged after ``gc_grace_seconds``.

Not covered: user-defined functions/aggregates (refused as on a node with UDFs
disabled), SASI analyzers, DESCRIBE, roles and permissions.
"""

from coodie.embedded.codec import EMPTY
from coodie.embedded.engine import Engine, Prepared, Session
from coodie.embedded.results import ColumnSpec, EngineResult, SchemaChange
from coodie.embedded.settings import EngineSettings
from coodie.embedded.terms import UNSET, RawValue

__all__ = [
    "EMPTY",
    "UNSET",
    "ColumnSpec",
    "Engine",
    "EngineResult",
    "EngineSettings",
    "Prepared",
    "RawValue",
    "SchemaChange",
    "Session",
]
