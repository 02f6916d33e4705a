"""CQL values on the wire: the native protocol encoding shared by the server and the engine.

>>> from coodie.cql.types import NATIVE
>>> deserialize(NATIVE["text"], serialize(NATIVE["text"], "héllo"))
'héllo'
"""

from __future__ import annotations

from coodie.wire.codec import decoder, deserialize, encoder, fixed_size, serialize
from coodie.wire.errors import MarshalError
from coodie.wire.options import (
    decode_type_option,
    encode_type_option,
    marshal_class,
    parse_marshal_class,
)
from coodie.wire.scalars import EMPTY

__all__ = [
    "EMPTY",
    "MarshalError",
    "decode_type_option",
    "decoder",
    "deserialize",
    "encode_type_option",
    "encoder",
    "fixed_size",
    "marshal_class",
    "parse_marshal_class",
    "serialize",
]
