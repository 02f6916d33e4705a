"""Enumerations the AST's nodes carry (kinds of batches, clustering orders, index targets).

>>> BatchType.UNLOGGED.value
'UNLOGGED'
>>> ClusteringOrder("DESC") is ClusteringOrder.DESC
True
"""

from __future__ import annotations

import enum

__all__ = ["BatchType", "ClusteringOrder", "IndexKind"]


class BatchType(enum.Enum):
    """CQL batch kinds."""

    LOGGED = "LOGGED"
    UNLOGGED = "UNLOGGED"
    COUNTER = "COUNTER"


class ClusteringOrder(enum.Enum):
    """Sort order of a clustering column."""

    ASC = "ASC"
    DESC = "DESC"


class IndexKind(enum.Enum):
    """What a secondary index covers on a collection column."""

    VALUES = "values"
    KEYS = "keys"
    ENTRIES = "entries"
    FULL = "full"
