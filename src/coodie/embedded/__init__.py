"""An in-process CQL engine behaving like a single Cassandra 4.x node.

>>> from coodie.embedded import Engine
>>> s = Engine().session()
>>> s.execute("SELECT release_version FROM system.local").rows
[('4.0.0',)]
"""

from coodie.embedded.codec import EMPTY
from coodie.embedded.engine import Engine, Prepared, Session
from coodie.embedded.results import ColumnSpec, EngineResult, SchemaChange
from coodie.embedded.terms import UNSET, RawValue

__all__ = [
    "EMPTY",
    "UNSET",
    "ColumnSpec",
    "Engine",
    "EngineResult",
    "Prepared",
    "RawValue",
    "SchemaChange",
    "Session",
]
