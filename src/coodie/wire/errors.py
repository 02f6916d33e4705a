"""The error raised for bytes that are not a valid encoding of a CQL type.

>>> from coodie.wire import deserialize
>>> from coodie.cql.types import NATIVE
>>> deserialize(NATIVE["int"], b"\\x00\\x01\\x02")
Traceback (most recent call last):
...
coodie.wire.errors.MarshalError: Expected 4 or 0 byte int (3)
"""

from __future__ import annotations

from coodie.exceptions import CoodieError


class MarshalError(CoodieError, ValueError):
    """Bytes (or a Python value) that do not fit a CQL type.

    Messages follow Cassandra's ``MarshalException`` texts where known, so a
    server front can answer ``Invalid`` (``0x2200``) with the same words.
    """
