"""Which server releases have which search features, and a model's table adapted to one.

Before ``sync_table`` sends DDL it checks the model against the connected server
(:class:`~coodie.executor.server.ServerInfo`): a vector column, a storage-attached (SAI)
index, a vector index or a SASI index the server cannot create raises one
:class:`~coodie.exceptions.UnsupportedByServer` naming the feature and the release it needs.
On ScyllaDB a vector index is spelled ``USING 'vector_index'``::

    schema = for_server(Product.__schema__, ServerInfo("scylladb", "2025.4.0"))
    schema.indexes[0].custom_class          # 'vector_index'

============================  =================  ======================
feature                       Apache Cassandra   ScyllaDB
============================  =================  ======================
SASI index                    3.4 (if enabled)   no
SAI index                     5.0                no
vector column                 5.0                2025.4
vector index (ANN)            5.0                2025.4 (vector_index)
============================  =================  ======================
"""

from __future__ import annotations

import attrs

from coodie.cql.types import CqlType, VectorType, inner_types
from coodie.exceptions import UnsupportedByServer
from coodie.executor.server import ServerInfo
from coodie.management.compare import same_class
from coodie.model.schema import IndexSchema, TableSchema

SCYLLA_VECTOR_INDEX = "vector_index"
"""ScyllaDB's class name for a vector index."""

_SAI = "StorageAttachedIndex"
_SASI = "org.apache.cassandra.index.sasi.SASIIndex"
Needs = tuple[str, tuple[int, int], tuple[int, int] | None]
"""What a feature needs: readable text, the Cassandra release, the ScyllaDB one (or none)."""

_VECTORS: Needs = ("Cassandra 5.0 or ScyllaDB 2025.4", (5, 0), (2025, 4))
_SAI_NEEDS: Needs = ("Cassandra 5.0 (ScyllaDB has no SAI)", (5, 0), None)
_SASI_NEEDS: Needs = ("Cassandra 3.4 with SASI enabled (ScyllaDB has no SASI)", (3, 4), None)


def _has_vector(t: CqlType) -> bool:
    if isinstance(t, VectorType):
        return True
    return any(_has_vector(inner) for inner in inner_types(t))


def _is_vector_index(schema: TableSchema, index: IndexSchema) -> bool:
    column = schema.columns.get(index.column)
    return column is not None and isinstance(column.cql_type, VectorType)


def _index_feature(schema: TableSchema, index: IndexSchema) -> tuple[str, Needs] | None:
    cls = index.custom_class
    if cls is None:
        return None
    if _is_vector_index(schema, index) and (same_class(cls, _SAI) or cls == SCYLLA_VECTOR_INDEX):
        return "vector index", _VECTORS
    if same_class(cls, _SAI):
        return "storage-attached index (SAI)", _SAI_NEEDS
    if same_class(cls, _SASI) or cls == "SASIIndex":
        return "SASI index", _SASI_NEEDS
    return None


def _supported(
    server: ServerInfo, cassandra: tuple[int, int], scylla: tuple[int, int] | None
) -> bool:
    if server.product == "scylladb":
        return scylla is not None and server.at_least(*scylla)
    return server.at_least(*cassandra)


def check_server(schema: TableSchema, server: ServerInfo) -> None:
    """Raise :class:`~coodie.exceptions.UnsupportedByServer` for the first feature ``server``
    lacks (a vector column, then each index in order).

    >>> from coodie.model.schema import TableSchema
    >>> check_server(TableSchema("M", None, "m", {}, (), ()), ServerInfo("cassandra", "4.0.0"))
    """
    for column in schema.columns.values():
        if _has_vector(column.cql_type):
            needs, cassandra, scylla = _VECTORS
            if not _supported(server, cassandra, scylla):
                raise UnsupportedByServer(
                    f"a vector column ({column.cql_type.cql()})",
                    needs,
                    str(server),
                    model=schema.model_name,
                    field=column.name,
                )
    for index in schema.indexes:
        found = _index_feature(schema, index)
        if found is None:
            continue
        feature, (needs, cassandra, scylla) = found
        if not _supported(server, cassandra, scylla):
            raise UnsupportedByServer(
                f"{feature} {index.name}",
                needs,
                str(server),
                model=schema.model_name,
                field=index.column,
            )


def for_server(schema: TableSchema, server: ServerInfo | None) -> TableSchema:
    """``schema`` checked against ``server`` and with its indexes spelled the server's way.

    ``None`` or a server whose release is unknown leaves the schema as it is.
    """
    if server is None or not server.known:
        return schema
    check_server(schema, server)
    if server.product != "scylladb":
        return schema
    indexes = tuple(
        attrs.evolve(index, custom_class=SCYLLA_VECTOR_INDEX)
        if _index_feature(schema, index) is not None and _is_vector_index(schema, index)
        else index
        for index in schema.indexes
    )
    return attrs.evolve(schema, indexes=indexes)
