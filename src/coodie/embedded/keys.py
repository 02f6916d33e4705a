"""Partition-key serialization, tokens and clustering sort keys.

>>> from coodie.cql.types import NATIVE
>>> partition_bytes([NATIVE["int"]], (0,))
b'\\x00\\x00\\x00\\x00'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coodie.cql.types import CqlType
from coodie.embedded.codec import serialize
from coodie.embedded.ordering import Rev, key_function


def partition_bytes(types: Sequence[CqlType], values: Sequence[Any]) -> bytes:
    """Serialize a partition key (composite keys as <len><bytes><0> components)."""
    if len(types) == 1:
        return serialize(types[0], values[0])
    out = []
    for t, v in zip(types, values, strict=True):
        b = serialize(t, v)
        out.append(len(b).to_bytes(2, "big") + b + b"\x00")
    return b"".join(out)


def clustering_key_fn(types: Sequence[CqlType], desc: Sequence[bool]) -> Any:
    """A function mapping a clustering prefix (tuple of values) to its sort key."""
    fns = [key_function(t) for t in types]
    flags = list(desc)

    def key(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(Rev(fns[i](v)) if flags[i] else fns[i](v) for i, v in enumerate(values))

    return key
