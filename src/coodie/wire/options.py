"""CQL types as native protocol ``[option]`` values (result and bind metadata).

>>> from coodie.cql.types import NATIVE, ListType
>>> encode_type_option(ListType(NATIVE["int"])).hex()
'00200009'
>>> decode_type_option(Reader(bytes.fromhex("00200009")))
ListType(element=NativeType(name='int', frozen=False), frozen=False)
"""

from __future__ import annotations

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.wire.errors import MarshalError
from coodie.wire.primitives import Reader, write_short, write_string

NATIVE_IDS: dict[str, int] = {
    "ascii": 0x0001, "bigint": 0x0002, "blob": 0x0003, "boolean": 0x0004, "counter": 0x0005,
    "decimal": 0x0006, "double": 0x0007, "float": 0x0008, "int": 0x0009, "timestamp": 0x000B,
    "uuid": 0x000C, "text": 0x000D, "varint": 0x000E, "timeuuid": 0x000F, "inet": 0x0010,
    "date": 0x0011, "time": 0x0012, "smallint": 0x0013, "tinyint": 0x0014, "duration": 0x0015,
}  # fmt: skip
"""Option id of each native type (``duration`` has an id only from protocol v5)."""

_NAMES_BY_ID = {v: k for k, v in NATIVE_IDS.items()} | {0x000A: "text"}
_LIST, _MAP, _SET, _UDT, _TUPLE, _CUSTOM = 0x0020, 0x0021, 0x0022, 0x0030, 0x0031, 0x0000

_MARSHAL = "org.apache.cassandra.db.marshal."
MARSHAL_CLASSES: dict[str, str] = {
    "ascii": "AsciiType", "bigint": "LongType", "blob": "BytesType", "boolean": "BooleanType",
    "counter": "CounterColumnType", "date": "SimpleDateType", "decimal": "DecimalType",
    "double": "DoubleType", "duration": "DurationType", "float": "FloatType",
    "inet": "InetAddressType", "int": "Int32Type", "smallint": "ShortType", "text": "UTF8Type",
    "time": "TimeType", "timestamp": "TimestampType", "timeuuid": "TimeUUIDType",
    "tinyint": "ByteType", "uuid": "UUIDType", "varint": "IntegerType",
}  # fmt: skip
"""Cassandra's marshal class (without package) of each native type."""

_NATIVE_BY_CLASS = {_MARSHAL + v: k for k, v in MARSHAL_CLASSES.items()}


def marshal_class(cql_type: CqlType) -> str:
    """Cassandra's internal type name, as sent for custom types.

    >>> marshal_class(VectorType(NATIVE["float"], 3))
    'org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, 3)'
    """
    if isinstance(cql_type, NativeType):
        return _MARSHAL + MARSHAL_CLASSES[cql_type.name]
    if isinstance(cql_type, VectorType):
        return f"{_MARSHAL}VectorType({marshal_class(cql_type.element)}, {cql_type.dimensions})"
    if isinstance(cql_type, ListType | SetType):
        kind = "ListType" if isinstance(cql_type, ListType) else "SetType"
        return _frozen(f"{_MARSHAL}{kind}({marshal_class(cql_type.element)})", cql_type.frozen)
    if isinstance(cql_type, MapType):
        inner = f"{marshal_class(cql_type.key)},{marshal_class(cql_type.value)}"
        return _frozen(f"{_MARSHAL}MapType({inner})", cql_type.frozen)
    if isinstance(cql_type, TupleType):
        inner = ",".join(marshal_class(e) for e in cql_type.elements)
        return f"{_MARSHAL}TupleType({inner})"
    fields = ",".join(f"{n.encode().hex()}:{marshal_class(t)}" for n, t in cql_type.fields)
    name = cql_type.name.encode().hex()
    udt = f"{_MARSHAL}UserType({cql_type.keyspace or ''},{name},{fields})"
    return _frozen(udt, cql_type.frozen)


def _frozen(text: str, frozen: bool) -> str:
    return f"{_MARSHAL}FrozenType({text})" if frozen else text


def encode_type_option(cql_type: CqlType, protocol_version: int = 4) -> bytes:
    """The ``[option]`` bytes describing ``cql_type`` in result or bind metadata.

    ``duration`` and ``vector`` are sent as custom types below protocol v5 (vector always),
    as Cassandra does.
    """
    out = bytearray()
    _write_option(out, cql_type, protocol_version)
    return bytes(out)


def _write_option(out: bytearray, cql_type: CqlType, version: int) -> None:
    if isinstance(cql_type, NativeType):
        if cql_type.name == "duration" and version < 5:
            write_short(out, _CUSTOM)
            write_string(out, marshal_class(cql_type))
        else:
            write_short(out, NATIVE_IDS[cql_type.name])
    elif isinstance(cql_type, ListType | SetType):
        write_short(out, _LIST if isinstance(cql_type, ListType) else _SET)
        _write_option(out, cql_type.element, version)
    elif isinstance(cql_type, MapType):
        write_short(out, _MAP)
        _write_option(out, cql_type.key, version)
        _write_option(out, cql_type.value, version)
    elif isinstance(cql_type, TupleType):
        write_short(out, _TUPLE)
        write_short(out, len(cql_type.elements))
        for element in cql_type.elements:
            _write_option(out, element, version)
    elif isinstance(cql_type, UserDefinedType):
        write_short(out, _UDT)
        write_string(out, cql_type.keyspace or "")
        write_string(out, cql_type.name)
        write_short(out, len(cql_type.fields))
        for name, field_type in cql_type.fields:
            write_string(out, name)
            _write_option(out, field_type, version)
    else:
        write_short(out, _CUSTOM)
        write_string(out, marshal_class(cql_type))


def decode_type_option(reader: Reader) -> CqlType:
    """Read one ``[option]`` into a :class:`~coodie.cql.types.CqlType`.

    Collections come back non-frozen at the top (the option does not say), frozen inside.
    """
    return _read_option(reader, nested=False)


def _read_option(reader: Reader, nested: bool) -> CqlType:
    option_id = reader.short()
    if option_id in _NAMES_BY_ID:
        return NATIVE[_NAMES_BY_ID[option_id]]
    if option_id in (_LIST, _SET):
        element = _read_option(reader, nested=True)
        kind = ListType if option_id == _LIST else SetType
        return kind(element, frozen=nested)
    if option_id == _MAP:
        key = _read_option(reader, nested=True)
        return MapType(key, _read_option(reader, nested=True), frozen=nested)
    if option_id == _TUPLE:
        return TupleType(tuple(_read_option(reader, True) for _ in range(reader.short())))
    if option_id == _UDT:
        keyspace, name = reader.string(), reader.string()
        fields = tuple((reader.string(), _read_option(reader, True)) for _ in range(reader.short()))
        return UserDefinedType(name, fields, keyspace=keyspace)
    if option_id == _CUSTOM:
        return parse_marshal_class(reader.string())
    raise MarshalError(f"Unknown type option id 0x{option_id:04x}")


def parse_marshal_class(text: str) -> CqlType:
    """Parse a custom type's class name (native types and vectors of them).

    >>> parse_marshal_class("org.apache.cassandra.db.marshal.DurationType")
    NativeType(name='duration', frozen=False)
    """
    text = text.strip()
    if text in _NATIVE_BY_CLASS:
        return NATIVE[_NATIVE_BY_CLASS[text]]
    prefix = _MARSHAL + "VectorType("
    if text.startswith(prefix) and text.endswith(")"):
        inner, _, size = text[len(prefix) : -1].rpartition(",")
        if size.strip().isdigit():
            return VectorType(parse_marshal_class(inner), int(size))
    raise MarshalError(f"Unsupported custom type {text!r}")
