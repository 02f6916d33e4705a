"""PREPARE-time validation of SELECT statements, as a Cassandra node does it.

The statement is planned with placeholder values for its markers; only errors that do
not depend on the bound values (restriction shape, ALLOW FILTERING, ORDER BY, DISTINCT,
GROUP BY ...) are reported at PREPARE, the others wait for EXECUTE as they would anyway.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.cql.values import CqlDuration
from coodie.exceptions import DriverError

if TYPE_CHECKING:
    from coodie.embedded.engine import Prepared

STRUCTURAL = (
    "Cannot execute this query as it might involve data filtering",
    "ORDER BY",
    "Order by",
    "Unsupported order by relation",
    "SELECT DISTINCT",
    "Group by",
    "PRIMARY KEY column",
    "Clustering column",
    "More than one restriction",
    "IN predicates on non-primary-key",
    "Collection column",
    "Cannot use CONTAINS",
    "LIKE restriction",
    'Unsupported "!="',
    "Unsupported restriction",
    "The token",
    "Cannot page queries",
    "Undefined column",
    "cannot be restricted by more than one relation",
)

_NATIVE: dict[str, Any] = {
    "ascii": "a", "text": "a", "varchar": "a", "blob": b"a", "boolean": True,
    "tinyint": 1, "smallint": 1, "int": 1, "bigint": 1, "counter": 1, "varint": 1,
    "float": 1.0, "double": 1.0, "decimal": Decimal(1),
    "uuid": uuid.UUID(int=1 << 76), "timeuuid": uuid.UUID("d2177dd0-eaa2-11de-a572-001b779c76e3"),
    "timestamp": dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), "date": dt.date(2000, 1, 1),
    "time": 1, "duration": CqlDuration(0, 1, 0), "inet": ipaddress.ip_address("127.0.0.1"),
}  # fmt: skip


def placeholder(t: CqlType) -> Any:
    """A valid, non-null value of type ``t``.

    >>> from coodie.cql.types import NATIVE
    >>> placeholder(NATIVE["int"])
    1
    """
    if isinstance(t, NativeType):
        return _NATIVE.get(t.name, 1)
    if isinstance(t, ListType | SetType | VectorType):
        return [placeholder(t.element)]
    if isinstance(t, MapType):
        return {placeholder(t.key): placeholder(t.value)}
    if isinstance(t, TupleType):
        return tuple(placeholder(e) for e in t.elements)
    assert isinstance(t, UserDefinedType)
    return {n: placeholder(ft) for n, ft in t.fields}


def check_select(p: Prepared) -> None:
    """Raise the value-independent errors a node reports when preparing ``p``."""
    from coodie.embedded.reads import Query
    from coodie.embedded.terms import EvalContext

    st = p.statement
    eng = p.engine
    values = [placeholder(c.type) for c in p.bind_columns]
    try:
        ksn = eng.resolve_ks(st.keyspace, p.keyspace)
        table = eng.table(ksn, st.table)
        Query(table, eng.table_data(table), st, EvalContext(values), None)
    except DriverError as exc:
        if any(marker in str(exc) for marker in STRUCTURAL):
            raise
