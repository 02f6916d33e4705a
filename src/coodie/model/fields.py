"""Markers that give a model field its CQL role and type, used inside ``Annotated``.

Markers are used as instances::

    from typing import Annotated
    from uuid import UUID
    from coodie import PrimaryKey, ClusteringKey, Indexed, BigInt

    class Event(Document):
        tenant: Annotated[str, PrimaryKey()]
        at: Annotated[datetime, ClusteringKey(order="DESC")]
        kind: Annotated[str, Indexed()]
        size: Annotated[int, BigInt()] = 0
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import ClassVar, Literal
from uuid import UUID

import attrs

from coodie.cql.values import CqlDuration

__all__ = [
    "Ascii",
    "BigInt",
    "ClusteringKey",
    "ColumnName",
    "Counter",
    "Discriminator",
    "Double",
    "Duration",
    "Frozen",
    "Indexed",
    "PrimaryKey",
    "ScalarType",
    "SmallInt",
    "Static",
    "Time",
    "TimeUUID",
    "TinyInt",
    "VarInt",
    "Vector",
    "VectorIndex",
]


@attrs.frozen(slots=True)
class PrimaryKey:
    """A partition key column; composite partition keys number their parts.

    >>> PrimaryKey(partition_key_index=1)
    PrimaryKey(partition_key_index=1)

    Example: ``region: Annotated[str, PrimaryKey(partition_key_index=0)]``.
    """

    partition_key_index: int = 0


@attrs.frozen(slots=True)
class ClusteringKey:
    """A clustering column, sorted ``"ASC"`` or ``"DESC"`` within a partition.

    Without ``clustering_key_index`` clustering columns keep declaration order.

    >>> ClusteringKey(order="DESC").order
    'DESC'
    """

    order: Literal["ASC", "DESC"] = "ASC"
    clustering_key_index: int | None = None

    def __attrs_post_init__(self) -> None:
        order = self.order.upper() if isinstance(self.order, str) else self.order
        if order not in ("ASC", "DESC"):
            raise ValueError(f"clustering order must be 'ASC' or 'DESC', not {self.order!r}")
        object.__setattr__(self, "order", order)


SAI_CLASS = "StorageAttachedIndex"


def _option_pairs(
    options: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...] | None:
    """Index options as sorted ``(name, value)`` pairs: hashable, and equal when equal."""
    if options is None:
        return None
    pairs = options.items() if isinstance(options, Mapping) else options
    return tuple(sorted((str(k), str(v)) for k, v in pairs))


@attrs.frozen(slots=True)
class Indexed:
    """A secondary index on the column.

    ``kind`` selects what a collection index covers (``"values"``, ``"keys"``,
    ``"entries"`` or ``"full"``); ``custom_class`` makes a custom index, and
    ``sai=True`` is short for ``custom_class="StorageAttachedIndex"``.
    The default index name is ``<table>_<column>_idx`` as Cassandra names it.

    >>> Indexed(sai=True).custom_class
    'StorageAttachedIndex'
    >>> Indexed(kind="keys", index_name="by_tag").kind
    'keys'
    >>> Indexed(options={"mode": "CONTAINS"}).options
    (('mode', 'CONTAINS'),)
    """

    index_name: str | None = None
    kind: Literal["values", "keys", "entries", "full"] = "values"
    custom_class: str | None = None
    options: tuple[tuple[str, str], ...] | None = attrs.field(default=None, converter=_option_pairs)
    sai: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.kind not in ("values", "keys", "entries", "full"):
            raise ValueError(f"index kind must be values/keys/entries/full, not {self.kind!r}")
        if self.sai:
            if self.custom_class not in (None, SAI_CLASS):
                raise ValueError("Indexed(sai=True) cannot name another custom_class")
            object.__setattr__(self, "custom_class", SAI_CLASS)


@attrs.frozen(slots=True)
class ColumnName:
    """The column's name in the table when it differs from the attribute's.

    cqlengine's ``db_field``: the model says ``name``, the table (and every CQL
    statement coodie sends) says ``legacy_name``; rows read back fill ``name``.
    Queries, lookups and expressions keep using the attribute name
    (``find(name="x")``, ``Product.name > "a"``). The name is quoted in CQL when
    it needs it (``ColumnName("Legacy Name")``).

    >>> ColumnName("legacy_name").name
    'legacy_name'

    Example: ``name: Annotated[str, ColumnName("legacy_name")]``.
    """

    name: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or "\x00" in self.name:
            raise ValueError(f"ColumnName() needs a non-empty column name, not {self.name!r}")


@attrs.frozen(slots=True)
class Static:
    """A static column: one value shared by all rows of a partition.

    Example: ``owner: Annotated[str, Static()]`` (the table needs clustering keys).
    """


@attrs.frozen(slots=True)
class Counter:
    """A ``counter`` column (only in a counter model: ``CounterDocument``).

    Example: ``views: Annotated[int, Counter()] = 0``.
    """


@attrs.frozen(slots=True)
class Frozen:
    """Freeze a collection: ``Annotated[list[int], Frozen()]`` is ``frozen<list<int>>``.

    Frozen collections are written and read as a whole and may be key columns.
    """


@attrs.frozen(slots=True)
class Discriminator:
    """The column that tells subclasses of a polymorphic model apart.

    Example: ``kind: Annotated[str, Discriminator()]`` on the base model; each
    subclass sets ``Settings.__discriminator_value__``.
    """


@attrs.frozen(slots=True)
class Vector:
    """A ``vector<T, N>`` column: ``Annotated[list[float], Vector(dimensions=3)]``.

    >>> Vector(3).dimensions
    3
    """

    dimensions: int | None = None


SIMILARITY_FUNCTIONS = ("COSINE", "DOT_PRODUCT", "EUCLIDEAN")


@attrs.frozen(slots=True)
class VectorIndex:
    """A vector index for ANN search: ``Annotated[list[float], Vector(384), VectorIndex()]``.

    ``similarity_function`` is ``"COSINE"`` (the default), ``"DOT_PRODUCT"`` or
    ``"EUCLIDEAN"``. On Cassandra 5.0 it is a storage-attached index
    (``USING 'sai' WITH OPTIONS = {'similarity_function': ...}``); on
    ScyllaDB ``sync_table`` spells it ``USING 'vector_index'``. The default index name
    is ``<table>_<column>_idx``.

    >>> VectorIndex("dot_product").similarity_function
    'DOT_PRODUCT'
    """

    similarity_function: Literal["COSINE", "DOT_PRODUCT", "EUCLIDEAN"] = "COSINE"
    index_name: str | None = None

    def __attrs_post_init__(self) -> None:
        fn = self.similarity_function
        upper = fn.upper() if isinstance(fn, str) else fn
        if upper not in SIMILARITY_FUNCTIONS:
            raise ValueError(
                f"similarity_function must be one of {', '.join(SIMILARITY_FUNCTIONS)}, not {fn!r}"
            )
        object.__setattr__(self, "similarity_function", upper)


class ScalarType:
    """Base of the markers that choose a narrower CQL scalar than the default.

    Subclasses set ``cql_name`` and the Python types they apply to.

    >>> BigInt().cql_name
    'bigint'
    """

    __slots__ = ()
    cql_name: ClassVar[str] = ""
    python_types: ClassVar[tuple[type, ...]] = ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Ascii(ScalarType):
    """``ascii`` for a ``str`` field: ``Annotated[str, Ascii()]``."""

    __slots__ = ()
    cql_name = "ascii"
    python_types = (str,)


class BigInt(ScalarType):
    """``bigint`` (64-bit) for an ``int`` field: ``Annotated[int, BigInt()]``."""

    __slots__ = ()
    cql_name = "bigint"
    python_types = (int,)


class SmallInt(ScalarType):
    """``smallint`` (16-bit) for an ``int`` field: ``Annotated[int, SmallInt()]``."""

    __slots__ = ()
    cql_name = "smallint"
    python_types = (int,)


class TinyInt(ScalarType):
    """``tinyint`` (8-bit) for an ``int`` field: ``Annotated[int, TinyInt()]``."""

    __slots__ = ()
    cql_name = "tinyint"
    python_types = (int,)


class VarInt(ScalarType):
    """``varint`` (arbitrary size) for an ``int`` field: ``Annotated[int, VarInt()]``."""

    __slots__ = ()
    cql_name = "varint"
    python_types = (int,)


class Double(ScalarType):
    """``double`` (64-bit) for a ``float`` field: ``Annotated[float, Double()]``."""

    __slots__ = ()
    cql_name = "double"
    python_types = (float,)


class TimeUUID(ScalarType):
    """``timeuuid`` for a ``UUID`` field: ``Annotated[UUID, TimeUUID()]``."""

    __slots__ = ()
    cql_name = "timeuuid"
    python_types = (UUID,)


class Time(ScalarType):
    """``time`` (explicit; plain ``datetime.time`` maps to it already).

    Example: ``opens: Annotated[datetime.time, Time()]``; an ``int`` of
    nanoseconds since midnight is accepted too.
    """

    __slots__ = ()
    cql_name = "time"
    python_types = (_dt.time, int)


class Duration(ScalarType):
    """``duration`` (explicit; ``timedelta`` and ``CqlDuration`` map to it already).

    This marker is not the value type: values are ``timedelta`` or
    :class:`coodie.cql.values.CqlDuration`. Example:
    ``every: Annotated[CqlDuration, Duration()]``.
    """

    __slots__ = ()
    cql_name = "duration"
    python_types = (_dt.timedelta, CqlDuration)
