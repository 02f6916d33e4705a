"""Python annotations (plus :mod:`coodie.fields` markers) → CQL types.

>>> from typing import Annotated
>>> from coodie.fields import BigInt
>>> cql_type_for(dict[str, list[int]]).cql()
'map<text, frozen<list<int>>>'
>>> cql_type_for(Annotated[int, BigInt()]).cql()
'bigint'

An ``Enum`` whose values are all ``str`` (or all ``int``) maps to ``text`` (``int``);
its members are stored as their values.

Value conversion lives in :mod:`coodie.model.converters` (to the driver) and
:mod:`coodie.model.hydrate` (back); :func:`to_driver_value` is re-exported here.
"""

from __future__ import annotations

import datetime as _dt
import enum
import ipaddress
import types as _pytypes
import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal, Union
from uuid import UUID

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
    frozen,
)
from coodie.cql.values import CqlDuration
from coodie.exceptions import ModelDefinitionError
from coodie.model.converters import to_driver_converter, to_driver_value
from coodie.model.fields import Counter, Frozen, ScalarType, Vector

__all__ = [
    "DEFAULT_NATIVE",
    "cql_type_for",
    "is_user_type",
    "strip_annotation",
    "to_driver_converter",
    "to_driver_value",
]

DEFAULT_NATIVE: dict[Any, str] = {
    str: "text",
    int: "int",
    float: "float",
    Decimal: "decimal",
    bool: "boolean",
    UUID: "uuid",
    _dt.datetime: "timestamp",
    _dt.date: "date",
    _dt.time: "time",
    _dt.timedelta: "duration",
    CqlDuration: "duration",
    bytes: "blob",
    ipaddress.IPv4Address: "inet",
    ipaddress.IPv6Address: "inet",
}
"""The CQL type each plain Python type maps to."""

_INET_UNION = frozenset({ipaddress.IPv4Address, ipaddress.IPv6Address})
_CONTAINERS = (list, set, frozenset, dict, tuple)
_UNION_TYPES: tuple[Any, ...] = (Union, _pytypes.UnionType)


def is_user_type(tp: Any) -> bool:
    """True for a ``UserType`` subclass (a class carrying ``__cql_type_name__``).

    >>> is_user_type(str)
    False
    """
    return isinstance(tp, type) and hasattr(tp, "__cql_type_name__")


def strip_annotation(
    annotation: Any, metadata: Sequence[Any] = ()
) -> tuple[Any, tuple[Any, ...], bool]:
    """Unwrap ``Annotated`` and ``Optional`` at the top of ``annotation``.

    Returns ``(core_type, markers, optional)``.

    >>> strip_annotation(Annotated[int, "m"] | None)
    (<class 'int'>, ('m',), True)
    """
    markers = list(metadata)
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            markers.extend(annotation.__metadata__)
            annotation = annotation.__origin__
        elif origin in _UNION_TYPES:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == len(typing.get_args(annotation)):
                return annotation, tuple(markers), optional
            optional = True
            if len(args) != 1:
                annotation = Union[tuple(args)]  # noqa: UP007
                return annotation, tuple(markers), optional
            annotation = args[0]
        else:
            return annotation, tuple(markers), optional


def cql_type_for(
    annotation: Any, metadata: Sequence[Any] = (), *, model: str = "?", field: str | None = None
) -> CqlType:
    """The CQL type of a field annotated ``annotation`` (markers may also come in ``metadata``).

    Raises :class:`~coodie.exceptions.ModelDefinitionError` naming ``model`` and
    ``field`` when there is no CQL mapping.

    >>> cql_type_for(list[set[int]] | None).cql()
    'list<frozen<set<int>>>'
    """
    return _Mapper(model, field).map(annotation, metadata, nested=False)


class _Mapper:
    def __init__(self, model: str, field: str | None) -> None:
        self.model = model
        self.field = field

    def error(self, problem: str) -> ModelDefinitionError:
        return ModelDefinitionError(self.model, self.field, problem)

    def map(self, annotation: Any, metadata: Sequence[Any], *, nested: bool) -> CqlType:
        tp, markers, _optional = strip_annotation(annotation, metadata)
        for marker in markers:
            if isinstance(marker, type) and marker.__module__ == Counter.__module__:
                raise self.error(f"use the marker as an instance: {marker.__name__}()")
        result = self._core(tp, markers)
        if (nested or any(isinstance(m, Frozen) for m in markers)) and _is_freezable(result):
            result = frozen(result)
        return result

    def _core(self, tp: Any, markers: tuple[Any, ...]) -> CqlType:
        name = _type_name(tp)
        if any(isinstance(m, Counter) for m in markers):
            if tp is not int:
                raise self.error(f"a counter column must be int, not {name}")
            return NATIVE["counter"]
        vector = next((m for m in markers if isinstance(m, Vector)), None)
        if vector is not None:
            return self._vector(tp, vector)
        override = next((m for m in markers if isinstance(m, ScalarType)), None)
        if override is not None:
            if tp not in override.python_types:
                raise self.error(f"{type(override).__name__}() does not apply to {name}")
            return NATIVE[override.cql_name]
        native = DEFAULT_NATIVE.get(tp)
        if native is not None:
            return NATIVE[native]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(tp)
        if is_user_type(tp):
            cql: CqlType = tp.__cql_type__()
            return cql
        return self._generic(tp, name)

    def _generic(self, tp: Any, name: str) -> CqlType:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is list and len(args) == 1:
            return ListType(self.map(args[0], (), nested=True))
        if origin in (set, frozenset) and len(args) == 1:
            self._check_hashable(args[0], name)
            return SetType(self.map(args[0], (), nested=True))
        if origin is dict and len(args) == 2:
            return MapType(self.map(args[0], (), nested=True), self.map(args[1], (), nested=True))
        if origin is tuple and args and Ellipsis not in args:
            return TupleType(tuple(self.map(a, (), nested=True) for a in args))
        if origin is Literal and args:
            kinds = {type(a) for a in args}
            if len(kinds) == 1 and (kind := kinds.pop()) in (str, int):
                return NATIVE[DEFAULT_NATIVE[kind]]
        if origin in _UNION_TYPES and frozenset(args) == _INET_UNION:
            return NATIVE["inet"]
        if origin in _CONTAINERS or tp in _CONTAINERS:
            raise self.error(f"{name} needs its element types, e.g. list[int] or tuple[int, str]")
        raise self.error(f"no CQL type for the Python type {name}")

    def _check_hashable(self, element: Any, name: str) -> None:
        """Refuse set elements Python cannot hash (they could never be read back)."""
        tp, _markers, _optional = strip_annotation(element, ())
        if is_user_type(tp) and tp.__hash__ is None:
            raise self.error(
                f"{name}: the user type {tp.__name__} is not hashable, so it cannot be a set "
                "element; declare it with model_config = ConfigDict(frozen=True)"
            )
        if typing.get_origin(tp) in (list, set, dict) or tp in (list, set, dict):
            raise self.error(
                f"{name}: {_type_name(tp)} is not hashable, so it cannot be a set element; "
                "use tuple[...] or frozenset[...]"
            )

    def _enum(self, tp: type[enum.Enum]) -> CqlType:
        kinds = {type(member.value) for member in tp}
        for kind in (str, int):
            if issubclass(tp, kind) or kinds == {kind}:
                return NATIVE[DEFAULT_NATIVE[kind]]
        raise self.error(f"enum {tp.__name__} needs all-str or all-int values to map to CQL")

    def _vector(self, tp: Any, vector: Vector) -> CqlType:
        dims = vector.dimensions
        if not isinstance(dims, int) or isinstance(dims, bool) or dims < 1:
            raise self.error(f"a vector needs a positive number of dimensions, not {dims!r}")
        args = typing.get_args(tp)
        if typing.get_origin(tp) is not list or len(args) != 1:
            raise self.error(f"Vector() applies to list[T], not {_type_name(tp)}")
        return VectorType(self.map(args[0], (), nested=True), dims)


def _is_freezable(t: CqlType) -> bool:
    return isinstance(t, ListType | SetType | MapType | TupleType | UserDefinedType)


def _type_name(tp: Any) -> str:
    if isinstance(tp, type) and not typing.get_args(tp):
        return tp.__qualname__
    return repr(tp).replace("typing.", "")
