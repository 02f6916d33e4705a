"""Compare what a model declares with what the cluster holds (pure helpers).

Types are compared as Cassandra stores them: tuples are always frozen, anything
nested in a frozen type or inside a collection is frozen, user types compare by
name; ``varchar`` is ``text``::

    >>> from coodie.cql.types import NATIVE, MapType, SetType
    >>> same_type(MapType(NATIVE["int"], SetType(NATIVE["text"]), frozen=True),
    ...           parse_cql_type("frozen<map<int, frozen<set<text>>>>"))
    True

Table options compare only what the model declares: a declared map option
(``compaction``) matches when each declared key has the same text value, and a
``class`` matches its fully qualified name (``LeveledCompactionStrategy`` equals
``org.apache.cassandra.db.compaction.LeveledCompactionStrategy``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import attrs

from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    SetType,
    TupleType,
    UserDefinedType,
)
from coodie.management.cqltype_parser import parse_cql_type

__all__ = ["normalize_type", "option_matches", "parse_cql_type", "same_class", "same_type"]


def normalize_type(t: CqlType, *, inside: bool = False) -> CqlType:
    """``t`` in the form ``system_schema`` stores it (see the module docstring)."""
    if isinstance(t, UserDefinedType):
        return UserDefinedType(name=t.name, fields=(), frozen=t.frozen or inside)
    if isinstance(t, TupleType):
        return TupleType(tuple(normalize_type(e, inside=True) for e in t.elements), frozen=True)
    if isinstance(t, ListType | SetType):
        element = normalize_type(t.element, inside=True)
        return attrs.evolve(t, element=element, frozen=t.frozen or inside)
    if isinstance(t, MapType):
        key = normalize_type(t.key, inside=True)
        value = normalize_type(t.value, inside=True)
        return MapType(key, value, frozen=t.frozen or inside)
    return t


def same_type(model: CqlType, live: CqlType) -> bool:
    """True when a model type and a live type are the same CQL type."""
    return normalize_type(model) == normalize_type(live)


_CLASS_ALIASES = {"sai": "StorageAttachedIndex"}


def same_class(declared: str, live: str) -> bool:
    """Compare class names, allowing a short name (or ``'sai'``) for a fully qualified one.

    >>> same_class("StorageAttachedIndex", "org.apache.cassandra.index.sai.StorageAttachedIndex")
    True
    >>> same_class("sai", "org.apache.cassandra.index.sai.StorageAttachedIndex")
    True
    """
    declared = _CLASS_ALIASES.get(declared.lower(), declared)
    live = _CLASS_ALIASES.get(live.lower(), live)
    if declared == live:
        return True
    if "." not in declared:
        return live.rsplit(".", 1)[-1] == declared
    return False


def _scalar_matches(declared: Any, live: Any) -> bool:
    if isinstance(declared, bool) or isinstance(live, bool):
        return str(declared).lower() == str(live).lower()
    if isinstance(declared, int | float) and not isinstance(declared, bool):
        try:
            return math.isclose(float(declared), float(live), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return str(declared) == str(live)


_PERCENTILE = re.compile(r"(?i)(\d+(?:\.\d+)?)\s*(?:percentile|p)\Z")
_RETRY_OPTIONS = frozenset({"speculative_retry", "additional_write_policy"})


def _retry_text(value: Any) -> str:
    """Cassandra 4.x stores ``'99PERCENTILE'`` as ``'99p'`` and ``'50MS'`` as ``'50ms'``."""
    text = str(value).strip()
    match = _PERCENTILE.match(text)
    if match:
        return f"{float(match[1]):g}p"
    return text.lower()


def option_matches(name: str, declared: Any, live: Any) -> bool:
    """True when the live value of table option ``name`` satisfies the declared one.

    >>> option_matches("compaction", {"class": "LeveledCompactionStrategy"},
    ...     {"class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy",
    ...      "sstable_size_in_mb": "160"})
    True
    >>> option_matches("gc_grace_seconds", 100, 864000)
    False
    """
    if isinstance(declared, tuple):  # a map option as DDL pairs: (("class", "..."), ...)
        declared = dict(declared)
    if isinstance(declared, Mapping):
        if not isinstance(live, Mapping):
            return False
        for key, value in declared.items():
            if key not in live:
                return False
            if key == "class" or key.endswith("_class"):
                if not same_class(str(value), str(live[key])):
                    return False
            elif not _scalar_matches(value, live[key]):
                return False
        return True
    if live is None:
        return False
    if name in _RETRY_OPTIONS:
        return _retry_text(declared) == _retry_text(live)
    if name == "read_repair":
        return str(declared).upper() == str(live).upper()
    return _scalar_matches(declared, live)
