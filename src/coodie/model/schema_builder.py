"""Building and checking a model's :class:`~coodie.model.schema.TableSchema` from its fields.

Called once per concrete model class; every problem raises
:class:`~coodie.exceptions.ModelDefinitionError` naming the model and field::

    specs = field_specs("Product", Product.model_fields)
    schema = build_table_schema("Product", specs, table="product", keyspace="shop")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from coodie.ast.enums import ClusteringOrder, IndexKind
from coodie.cql.types import (
    CqlType,
    MapType,
    NativeType,
    VectorType,
    inner_types,
    is_collection,
    is_multicell,
)
from coodie.exceptions import ModelDefinitionError
from coodie.model.annotations import cql_type_for, strip_annotation
from coodie.model.converters import Converter, to_driver_converter
from coodie.model.fields import (
    ClusteringKey,
    ColumnName,
    Discriminator,
    Indexed,
    PrimaryKey,
    Static,
    VectorIndex,
)
from coodie.model.hydrate import from_driver_converter
from coodie.model.schema import (
    ColumnKind,
    ColumnSchema,
    IndexSchema,
    TableSchema,
    TypeSchema,
)
from coodie.model.usertype import user_type_classes, user_types_in_order
from coodie.model.vector_checks import checked_converter, vector_check_for, vector_index_of


@attrs.frozen(slots=True)
class FieldSpec:
    """What the markers of one field say, before the table is assembled.

    Example: ``field_specs("Product", Product.model_fields)[0].primary_key`` →
    ``PrimaryKey(partition_key_index=0)``.
    """

    name: str
    annotation: Any
    metadata: tuple[Any, ...]
    cql_type: CqlType
    primary_key: PrimaryKey | None
    clustering: ClusteringKey | None
    static: bool
    indexes: tuple[Indexed | VectorIndex, ...]
    discriminator: bool
    order: int
    column: str = attrs.field(default=attrs.Factory(lambda self: self.name, takes_self=True))
    """The CQL column's name: ``name`` unless the field says ``ColumnName(...)``."""

    @property
    def is_counter(self) -> bool:
        """True for a ``counter`` column."""
        return isinstance(self.cql_type, NativeType) and self.cql_type.name == "counter"


@attrs.frozen(slots=True)
class ColumnInfo:
    """A column plus its precomputed value converters (``cls.__coodie_columns__``).

    Example: ``Product.__coodie_columns__["price"].to_driver(3)`` → ``3.0``.
    """

    schema: ColumnSchema
    to_driver: Converter
    from_driver: Converter | None


def field_specs(model: str, fields: Mapping[str, Any]) -> list[FieldSpec]:
    """One :class:`FieldSpec` per pydantic field (``FieldInfo`` by name), in order.

    Example: ``[s.name for s in field_specs("Product", Product.model_fields)]``.
    """
    specs = []
    for order, (name, info) in enumerate(fields.items()):
        metadata = tuple(info.metadata)
        _, markers, _ = strip_annotation(info.annotation, metadata)
        cql = cql_type_for(info.annotation, metadata, model=model, field=name)
        pks = [m for m in markers if isinstance(m, PrimaryKey)]
        cks = [m for m in markers if isinstance(m, ClusteringKey)]
        if len(pks) + len(cks) > 1:
            raise ModelDefinitionError(model, name, "has more than one key marker")
        renames = [m.name for m in markers if isinstance(m, ColumnName)]
        if len(renames) > 1:
            raise ModelDefinitionError(model, name, "has more than one ColumnName()")
        specs.append(
            FieldSpec(
                name=name,
                annotation=info.annotation,
                metadata=metadata,
                cql_type=cql,
                primary_key=pks[0] if pks else None,
                clustering=cks[0] if cks else None,
                static=any(isinstance(m, Static) for m in markers),
                indexes=tuple(m for m in markers if isinstance(m, Indexed | VectorIndex)),
                discriminator=any(isinstance(m, Discriminator) for m in markers),
                order=order,
                column=renames[0] if renames else name,
            )
        )
    return specs


def build_table_schema(
    model: str,
    specs: list[FieldSpec],
    *,
    table: str,
    keyspace: str | None,
    counter: bool = False,
    default_ttl: int | None = None,
    options: tuple[tuple[str, Any], ...] = (),
    allow_indexes: bool = True,
) -> TableSchema:
    """Check ``specs`` and assemble the table: keys first, then the rest as declared.

    Example: ``build_table_schema("Product", specs, table="product", keyspace=None)``.
    """
    if counter:
        _check_counter_ttl(model, default_ttl, options)
    partition = _partition_key(model, specs)
    clustering = _clustering_key(model, specs)
    has_clustering = bool(clustering)
    for spec in specs:
        _check_column(model, spec, counter=counter, has_clustering=has_clustering)
    _check_column_names(model, specs)
    discriminators = [s.name for s in specs if s.discriminator]
    if len(discriminators) > 1:
        raise ModelDefinitionError(model, discriminators[1], "a model has one Discriminator")
    columns: dict[str, ColumnSchema] = {}
    for position, spec in enumerate(partition):
        columns[spec.column] = _column(spec, ColumnKind.PARTITION_KEY, position)
    for position, spec in enumerate(clustering):
        order = ClusteringOrder(spec.clustering.order if spec.clustering else "ASC")
        columns[spec.column] = _column(spec, ColumnKind.CLUSTERING, position, order)
    for spec in specs:
        if spec.column not in columns:
            kind = ColumnKind.STATIC if spec.static else ColumnKind.REGULAR
            columns[spec.column] = _column(spec, kind, 0)
    indexes = _indexes(model, table, specs, columns, allow_indexes, counter)
    return TableSchema(
        model_name=model,
        keyspace=keyspace,
        name=table,
        columns=columns,
        partition_key=tuple(s.column for s in partition),
        clustering_key=tuple(s.column for s in clustering),
        indexes=indexes,
        options=options,
        default_ttl=default_ttl,
        is_counter=counter,
        user_types=table_user_types(specs),
    )


def _check_column_names(model: str, specs: list[FieldSpec]) -> None:
    """Two attributes cannot share a column (``ColumnName`` can make them collide)."""
    seen: dict[str, str] = {}
    for spec in specs:
        other = seen.get(spec.column)
        if other is not None:
            raise ModelDefinitionError(
                model,
                spec.name,
                f"maps to column {spec.column!r}, which {model}.{other} maps to already; "
                "each column belongs to one attribute",
            )
        seen[spec.column] = spec.name


def _check_counter_ttl(
    model: str, default_ttl: int | None, options: tuple[tuple[str, Any], ...]
) -> None:
    """Cassandra refuses ``default_time_to_live`` on a counter table: fail at definition."""
    ttl = dict(options).get("default_time_to_live", default_ttl)
    if isinstance(ttl, int | str) and str(ttl).strip().isdigit() and int(ttl) > 0:
        raise ModelDefinitionError(
            model,
            None,
            "a counter table cannot have a default TTL (__default_ttl__ / "
            f"default_time_to_live = {ttl}): Cassandra refuses it",
        )


def column_infos(schema: TableSchema, specs: Iterable[FieldSpec]) -> dict[str, ColumnInfo]:
    """Precompute the converters of each column, by attribute (field) name.

    ``info.schema.name`` is the column's CQL name (``ColumnName``), the key the attribute's.
    Example: ``column_infos(Product.__schema__, specs)["price"].from_driver`` → ``None``.
    """
    out = {}
    for spec in specs:
        column = schema.columns[spec.column]
        to_driver = to_driver_converter(column.cql_type)
        index = vector_index_of(schema, column.name)
        if index is not None:  # a vector its index refuses fails before anything is sent
            to_driver = checked_converter(to_driver, vector_check_for(index))
        out[spec.name] = ColumnInfo(
            schema=column,
            to_driver=to_driver,
            from_driver=from_driver_converter(column.cql_type, spec.annotation, spec.metadata),
        )
    return out


def table_user_types(specs: Iterable[FieldSpec]) -> tuple[TypeSchema, ...]:
    """The UDTs the columns use, dependencies first.

    Example: ``[t.name for t in table_user_types(specs)]`` → ``['geo', 'address']``.
    """
    classes: list[Any] = []
    for spec in specs:
        classes.extend(c for c in user_type_classes(spec.annotation) if c not in classes)
    return user_types_in_order(classes)


def _column(
    spec: FieldSpec, kind: ColumnKind, position: int, order: ClusteringOrder = ClusteringOrder.ASC
) -> ColumnSchema:
    return ColumnSchema(
        name=spec.column,
        cql_type=spec.cql_type,
        kind=kind,
        position=position,
        order=order,
        python_type=spec.annotation,
        is_discriminator=spec.discriminator,
        attribute=spec.name,
    )


def _partition_key(model: str, specs: list[FieldSpec]) -> list[FieldSpec]:
    keys = [s for s in specs if s.primary_key is not None]
    if not keys:
        raise ModelDefinitionError(
            model, None, "has no primary key: mark a field Annotated[T, PrimaryKey()]"
        )
    seen: dict[int, str] = {}
    for spec in keys:
        assert spec.primary_key is not None
        index = spec.primary_key.partition_key_index
        if index in seen:
            raise ModelDefinitionError(
                model,
                spec.name,
                f"partition_key_index {index} is used by {seen[index]} too; "
                "give each partition key column its own index",
            )
        seen[index] = spec.name
    return sorted(keys, key=lambda s: s.primary_key.partition_key_index if s.primary_key else 0)


def _clustering_key(model: str, specs: list[FieldSpec]) -> list[FieldSpec]:
    keys = [s for s in specs if s.clustering is not None]
    seen: dict[int, str] = {}
    for spec in keys:
        index = spec.clustering.clustering_key_index if spec.clustering else None
        if index is None:
            continue
        if index in seen:
            raise ModelDefinitionError(
                model, spec.name, f"clustering_key_index {index} is used by {seen[index]} too"
            )
        seen[index] = spec.name

    def rank(spec: FieldSpec) -> tuple[int, int]:
        index = spec.clustering.clustering_key_index if spec.clustering else None
        return (spec.order, 0) if index is None else (index, -1)

    return sorted(keys, key=rank)


def _check_column(model: str, spec: FieldSpec, *, counter: bool, has_clustering: bool) -> None:
    name = spec.name
    in_key = spec.primary_key is not None or spec.clustering is not None
    if in_key:
        if spec.is_counter:
            raise ModelDefinitionError(model, name, "a counter cannot be part of the primary key")
        if is_multicell(spec.cql_type):
            raise ModelDefinitionError(
                model,
                name,
                "a non-frozen collection cannot be part of the primary key; "
                "use Annotated[..., Frozen()]",
            )
        if _contains_duration(spec.cql_type):
            raise ModelDefinitionError(model, name, "a duration cannot be part of the primary key")
        if spec.static:
            raise ModelDefinitionError(
                model, name, "a static column cannot be part of the primary key"
            )
    if spec.static and not has_clustering:
        raise ModelDefinitionError(
            model, name, "static columns need a table with clustering columns"
        )
    if counter and not in_key and not spec.is_counter:
        raise ModelDefinitionError(
            model,
            name,
            "a counter table can only have counter columns outside the primary key; "
            "use Annotated[int, Counter()]",
        )
    if spec.is_counter and not counter:
        raise ModelDefinitionError(
            model, name, "counter columns need a counter model: subclass CounterDocument"
        )
    if spec.discriminator and spec.is_counter:
        raise ModelDefinitionError(model, name, "a discriminator cannot be a counter")


def _contains_duration(t: CqlType) -> bool:
    if isinstance(t, NativeType):
        return t.name == "duration"
    return any(_contains_duration(inner) for inner in inner_types(t))


def _indexes(
    model: str,
    table: str,
    specs: list[FieldSpec],
    columns: Mapping[str, ColumnSchema],
    allowed: bool,
    counter: bool,
) -> tuple[IndexSchema, ...]:
    out: list[IndexSchema] = []
    for spec in specs:
        for marker in spec.indexes:
            _check_index(model, spec, marker, columns, allowed, counter)
            out.append(_index_schema(table, spec.column, marker))
    names = [i.name for i in out]
    for index in out:
        if names.count(index.name) > 1:
            raise ModelDefinitionError(
                model, index.column, f"index name {index.name} is used twice"
            )
    return tuple(out)


def _index_schema(table: str, column: str, marker: Indexed | VectorIndex) -> IndexSchema:
    name = marker.index_name or f"{table}_{column}_idx"
    if isinstance(marker, VectorIndex):
        options = (("similarity_function", marker.similarity_function),)
        return IndexSchema(name=name, column=column, custom_class="sai", options=options)
    return IndexSchema(
        name=name,
        column=column,
        kind=IndexKind(marker.kind),
        custom_class=marker.custom_class,
        options=marker.options or (),
    )


def _check_index(
    model: str,
    spec: FieldSpec,
    marker: Indexed | VectorIndex,
    columns: Mapping[str, ColumnSchema],
    allowed: bool,
    counter: bool,
) -> None:
    name = spec.name
    if not allowed:
        raise ModelDefinitionError(model, name, "a materialized view cannot have indexes")
    if counter:
        raise ModelDefinitionError(model, name, "counter tables do not support secondary indexes")
    partition = [c for c in columns.values() if c.kind is ColumnKind.PARTITION_KEY]
    if spec.primary_key is not None and len(partition) == 1:
        raise ModelDefinitionError(
            model, name, "cannot index the only partition key column (query by it instead)"
        )
    t = spec.cql_type
    if isinstance(marker, VectorIndex):
        if not isinstance(t, VectorType):
            raise ModelDefinitionError(
                model, name, f"VectorIndex() needs a vector column (Vector(n)), not {t.cql()}"
            )
        return
    if marker.kind in ("keys", "entries") and (not isinstance(t, MapType) or t.frozen):
        raise ModelDefinitionError(
            model, name, f"Indexed(kind={marker.kind!r}) needs a non-frozen map column"
        )
    if marker.kind == "full" and not (is_collection(t) and t.frozen):
        raise ModelDefinitionError(
            model, name, "Indexed(kind='full') needs a frozen collection column"
        )
