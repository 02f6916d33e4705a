"""Values between coodie's value form and scylladb-rs-driver's, per column type.

Writers and readers are chosen once per prepared statement or result: a value the driver
takes or gives as it is (text, uuid, numbers, timestamps, lists and sets of those) is not
walked per request. :mod:`coodie.drivers.rs` lists the driver's gaps.

>>> to_driver(CqlDuration(1, 2, 3000)).days
2
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeAlias

from coodie.cql.values import CqlDuration, as_utc, map_container
from coodie.exceptions import NotSupported

import scylla.results as sr  # isort: skip

_MIDNIGHT = _dt.datetime(2000, 1, 1)


def _time_from_nanos(nanos: int) -> _dt.time:
    if nanos % 1000:
        raise NotSupported("driver 'rs' cannot write a time with sub-microsecond nanoseconds")
    return (_MIDNIGHT + _dt.timedelta(microseconds=nanos // 1000)).time()


def _relativedelta(value: CqlDuration) -> Any:
    from dateutil.relativedelta import relativedelta

    if value.nanoseconds % 1000:
        raise NotSupported("driver 'rs' cannot write a duration with sub-microsecond nanoseconds")
    if abs(value.months) >= 12:
        raise NotSupported(
            "driver 'rs' cannot write a duration of twelve months or more "
            "(it drops the years of a relativedelta)"
        )
    if abs(value.nanoseconds) >= 10**9:
        raise NotSupported(
            "driver 'rs' cannot write a duration with a time part of a second or more "
            "(it drops the hours, minutes and seconds of a relativedelta)"
        )
    return relativedelta(
        months=value.months, days=value.days, microseconds=value.nanoseconds // 1000
    )


def to_driver(value: Any, column_type: Any = None) -> Any:
    """coodie value form to what the rs driver serializes.

    ``int`` values bound to ``time`` / ``date`` markers are converted using the
    prepared statement's column type (``CqlTime`` / ``CqlDate``).
    """
    type_name = type(column_type).__name__ if column_type is not None else ""
    if isinstance(value, int) and not isinstance(value, bool):
        if type_name == "CqlTime":
            return _time_from_nanos(value)
        if type_name == "CqlDate":
            raise NotSupported("driver 'rs' cannot write a date outside datetime.date's range")
        return value
    if isinstance(value, CqlDuration):
        return _relativedelta(value)
    if isinstance(value, list):
        return [to_driver(v) for v in value]
    if isinstance(value, set):
        return {to_driver(v) for v in value}
    if isinstance(value, tuple):
        return tuple(to_driver(v) for v in value)
    if isinstance(value, dict):
        if any(v is None for v in value.values()):  # maps hold no nulls: a UDT value
            raise NotSupported(
                "driver 'rs' cannot write a user-defined type value with null fields"
            )
        return {to_driver(k): to_driver(v) for k, v in value.items()}
    return value


def from_driver(value: Any) -> Any:
    """An rs driver value to coodie value form."""
    if value is None or isinstance(value, str | int | float | bytes):
        return value
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo else as_utc(value)
    if isinstance(value, _dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return (seconds * 1_000_000 + value.microsecond) * 1000
    if type(value).__name__ == "relativedelta":
        months = value.years * 12 + value.months
        micros = ((value.hours * 60 + value.minutes) * 60 + value.seconds) * 10**6
        return CqlDuration(months, value.days, (micros + value.microseconds) * 1000)
    return map_container(value, from_driver)


class _TupleRows(sr.RowFactory):
    def build(self, column_iterator: Any) -> Any:
        return tuple(from_driver(c.value) for c in column_iterator)


TUPLE_ROWS = _TupleRows()


_UNHASHABLE = frozenset({"CqlUserDefinedType", "CqlSet", "CqlList", "CqlMap", "CqlVector"})


def _hashable_form(cql_type: Any) -> bool:
    """Whether values of this driver type can be Python set elements."""
    name = type(cql_type).__name__
    if name == "CqlTuple":
        return all(_hashable_form(t) for t in cql_type.element_types)
    return name not in _UNHASHABLE


def check_set_type(cql_type: Any, action: str) -> None:
    """Refuse a set whose elements are UDTs or collections (the driver cannot handle it)."""
    if type(cql_type).__name__ == "CqlSet" and not _hashable_form(cql_type.column_type):
        raise NotSupported(
            f"driver 'rs' cannot {action}: a set of user-defined types or collections"
        )


_COLLECTIONS = frozenset({"CqlSet", "CqlList", "CqlMap"})

_CONTAINERS = frozenset(
    {"CqlList", "CqlSet", "CqlMap", "CqlTuple", "CqlUserDefinedType", "CqlVector"}
)
_CONVERTED_NATIVES = frozenset({"CqlTime", "CqlDate", "CqlDuration"})

Writer: TypeAlias = Callable[[Any], Any]
"""One bound value (not ``None``) → what the driver serializes."""


def _left_as_is(cql_type: Any, *, top: bool) -> bool:
    """Whether :func:`to_driver` returns every value of this type unchanged.

    A nested value gets no column type there, so only a duration or a container
    changes inside a list or set; at the top a ``time`` or ``date`` int changes too.
    """
    name = type(cql_type).__name__
    if name in ("CqlList", "CqlSet"):
        return _left_as_is(cql_type.column_type, top=False)
    if name in _CONTAINERS:  # maps (their null check), tuples, UDTs, vectors: converted
        return False
    return name not in _CONVERTED_NATIVES if top else name != "CqlDuration"


def _writer(cql_type: Any) -> Writer | None:
    """How a value bound to a marker of this type is converted (``None``: as it is)."""
    if type(cql_type).__name__ == "CqlSet" and not _hashable_form(cql_type.column_type):

        def refuse(value: Any) -> Any:
            raise NotSupported(
                "driver 'rs' cannot write: a set of user-defined types or collections"
            )

        return refuse
    if _left_as_is(cql_type, top=True):
        return None
    if type(cql_type).__name__ == "CqlMap" and all(
        _left_as_is(t, top=False) for t in (cql_type.key_type, cql_type.value_type)
    ):
        return _plain_map
    return lambda value: to_driver(value, cql_type)


def _plain_map(value: Any) -> Any:
    """A map of values the driver takes as they are: only :func:`to_driver`'s null check."""
    if type(value) is not dict:
        return to_driver(value)
    if None in value.values():
        return to_driver(value)  # refused there, with its message
    return value


def writers(types: Sequence[Any]) -> tuple[Writer | None, ...] | None:
    """The markers' writers, ``None`` when every value goes to the driver as it is."""
    found = tuple(_writer(t) for t in types)
    return found if any(found) else None


def null_empty_collections(columns: Sequence[Any], rows: list[Any]) -> list[Any]:
    """Read an empty collection as null, as CQL stores a non-frozen one.

    The driver gives ``set()``/``[]``/``{}`` for a null collection. A non-frozen
    collection cannot be stored empty (writing one deletes it), so empty means null.
    Result metadata does not say whether a column is frozen, so a stored empty
    *frozen* collection reads as null too (documented as a gap of this driver).
    """
    positions = [i for i, c in enumerate(columns) if type(c.cql_type).__name__ in _COLLECTIONS]
    if not positions:
        return rows
    fixed = []
    for row in rows:
        values = list(row)
        for i in positions:
            if not values[i]:
                values[i] = None
        fixed.append(tuple(values))
    return fixed


Reader: TypeAlias = Callable[[Any], Any]
"""One value read (not ``None``) → coodie value form."""


def _aware(value: Any) -> Any:
    return value if value.tzinfo else as_utc(value)


def _collection(value: Any) -> Any:
    return from_driver(value) if value else None  # a non-frozen collection is never empty


def _plain_collection(value: Any) -> Any:
    if not value:
        return None  # a non-frozen collection is never empty
    return set(value) if type(value) is frozenset else value  # as from_driver gives it


_READ_CONVERTED = frozenset({"CqlTimestamp", "CqlTime", "CqlDuration"})


def _read_as_is(cql_type: Any) -> bool:
    """Whether :func:`from_driver` returns every value of this type unchanged."""
    name = type(cql_type).__name__
    return name not in _READ_CONVERTED and name not in _CONTAINERS


def _reader(cql_type: Any) -> Reader | None:
    """How a value of this result column type is read (``None``: as the driver gives it)."""
    name = type(cql_type).__name__
    if name in _COLLECTIONS:
        inner = (
            (cql_type.key_type, cql_type.value_type)
            if name == "CqlMap"
            else (cql_type.column_type,)
        )
        return _plain_collection if all(map(_read_as_is, inner)) else _collection
    if name == "CqlTimestamp":
        return _aware
    if name in _CONTAINERS or name in _CONVERTED_NATIVES:
        return from_driver
    return None


def dict_rows(columns: Sequence[Any], page: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The driver's dict rows (one per row, keys in column order) as tuples in coodie form,
    the same as :class:`_TupleRows` and :func:`null_empty_collections` give."""
    readers = [(i, r) for i, c in enumerate(columns) if (r := _reader(c.cql_type)) is not None]
    if not readers:
        return [tuple(row.values()) for row in page]
    rows = []
    for row in page:
        values = list(row.values())
        for i, read in readers:
            value = values[i]
            if value is not None:
                values[i] = read(value)
        rows.append(tuple(values))
    return rows
