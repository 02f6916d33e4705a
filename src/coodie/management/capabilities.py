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
materialized view             3.0 (if enabled)   yes
============================  =================  ======================

"If enabled": a switch of the server's ``cassandra.yaml`` (off by default since 4.0), which
coodie reads from ``system_views.settings``
(:attr:`~coodie.executor.server.ServerInfo.sasi_enabled`); where the server does not say,
the DDL is sent and the server's own error stands.
"""

from __future__ import annotations

from collections.abc import Set

import attrs

from coodie.cql.types import CqlType, VectorType, inner_types
from coodie.exceptions import UnsupportedByServer
from coodie.executor.server import ServerInfo
from coodie.management.compare import same_class
from coodie.model.schema import IndexSchema, TableSchema, ViewSchema

SCYLLA_VECTOR_INDEX = "vector_index"
"""ScyllaDB's class name for a vector index."""

_SAI = "StorageAttachedIndex"
_SASI = "org.apache.cassandra.index.sasi.SASIIndex"
Needs = tuple[str, tuple[int, int], tuple[int, int] | None]
"""What a feature needs: readable text, the Cassandra release, the ScyllaDB one (or none)."""

_VECTORS: Needs = ("Cassandra 5.0 or ScyllaDB 2025.4", (5, 0), (2025, 4))
_SAI_NEEDS: Needs = ("Cassandra 5.0 (ScyllaDB has no SAI)", (5, 0), None)
_SASI_NEEDS: Needs = ("Cassandra 3.4 with SASI enabled (ScyllaDB has no SASI)", (3, 4), None)
_SASI_SWITCH = "SASI indexes enabled (sasi_indexes_enabled: true in cassandra.yaml)"
_VIEWS_SWITCH = "materialized views enabled (materialized_views_enabled: true in cassandra.yaml)"


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


def check_switches(schema: TableSchema, server: ServerInfo | None, existing: Set[str]) -> None:
    """Raise :class:`~coodie.exceptions.UnsupportedByServer` for a SASI index to create
    (not among the ``existing`` index names) on a server with SASI switched off.

    An index created before the switch was turned off keeps working, so it is not refused.

    >>> from coodie.model.schema import IndexSchema, TableSchema
    >>> idx = IndexSchema("p_name_idx", "name", custom_class=_SASI)
    >>> people = TableSchema("Person", None, "p", {}, (), (), indexes=(idx,))
    >>> off = ServerInfo("cassandra", "4.0.0", sasi_enabled=False)
    >>> check_switches(people, off, set())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coodie.exceptions.UnsupportedByServer: Person.name: SASI index p_name_idx needs SASI ...
    >>> check_switches(people, off, {"p_name_idx"})
    """
    if server is None or server.sasi_enabled is not False:
        return
    for index in schema.indexes:
        found = _index_feature(schema, index)
        if found is not None and found[0] == "SASI index" and index.name not in existing:
            raise UnsupportedByServer(
                f"SASI index {index.name}",
                _SASI_SWITCH,
                f"{server} with SASI indexes disabled",
                model=schema.model_name,
                field=index.column,
            )


def check_view_server(schema: ViewSchema, server: ServerInfo | None, exists: bool) -> None:
    """Raise :class:`~coodie.exceptions.UnsupportedByServer` when the view is to be created
    (it does not ``exist``) on a server with materialized views switched off
    (``materialized_views_enabled: false``, Cassandra 4.0's default).

    >>> from coodie.model.schema import TableSchema, ViewSchema
    >>> view = ViewSchema(TableSchema("ByName", None, "by_name", {}, (), ()), None, "t", ())
    >>> off = ServerInfo("cassandra", "4.0.0", materialized_views_enabled=False)
    >>> check_view_server(view, off, exists=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coodie.exceptions.UnsupportedByServer: ByName: materialized view by_name needs materialized ...
    """
    if exists or server is None or server.materialized_views_enabled is not False:
        return
    raise UnsupportedByServer(
        f"materialized view {schema.table.name}",
        _VIEWS_SWITCH,
        f"{server} with materialized views disabled",
        model=schema.table.model_name,
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
