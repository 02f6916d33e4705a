"""Value types for CQL values that have no exact standard-library equivalent.

>>> CqlDuration(months=1, days=2, nanoseconds=3)
CqlDuration(months=1, days=2, nanoseconds=3)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import attrs
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_NANOS_PER_DAY = 86_400 * 10**9


@attrs.frozen(slots=True)
class CqlDuration:
    """A CQL ``duration``: months, days and nanoseconds, each signed alike.

    A :class:`datetime.timedelta` cannot hold months or nanoseconds; coodie
    reads a ``duration`` as ``timedelta`` when it fits and as ``CqlDuration``
    otherwise.
    """

    months: int = 0
    days: int = 0
    nanoseconds: int = 0

    def __attrs_post_init__(self) -> None:
        signs = {(v > 0) - (v < 0) for v in (self.months, self.days, self.nanoseconds)} - {0}
        if len(signs) > 1:
            raise ValueError("a duration's months, days and nanoseconds must share one sign")

    @classmethod
    def from_timedelta(cls, value: _dt.timedelta) -> CqlDuration:
        """Exact conversion: days stay days, the rest becomes nanoseconds.

        >>> CqlDuration.from_timedelta(_dt.timedelta(days=1, seconds=2))
        CqlDuration(months=0, days=1, nanoseconds=2000000000)
        """
        micros = (value.days * 86_400 + value.seconds) * 10**6 + value.microseconds
        sign = -1 if micros < 0 else 1
        days, rest = divmod(abs(micros) * 1000, _NANOS_PER_DAY)
        return cls(0, sign * days, sign * rest)

    def to_timedelta(self) -> _dt.timedelta | None:
        """The equal ``timedelta``, or ``None`` when months or sub-microseconds prevent it."""
        if self.months or self.nanoseconds % 1000:
            return None
        return _dt.timedelta(days=self.days, microseconds=self.nanoseconds // 1000)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Pydantic accepts a ``CqlDuration``, a ``timedelta`` or a dict of the three parts.

        JSON holds ``{"months": .., "days": .., "nanoseconds": ..}``.
        """
        parts = core_schema.typed_dict_schema(
            {
                name: core_schema.typed_dict_field(core_schema.int_schema(), required=False)
                for name in ("months", "days", "nanoseconds")
            }
        )
        from_parts = core_schema.no_info_after_validator_function(lambda d: cls(**d), parts)
        from_timedelta = core_schema.no_info_after_validator_function(
            cls.from_timedelta, core_schema.timedelta_schema()
        )
        return core_schema.json_or_python_schema(
            json_schema=from_parts,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_timedelta, from_parts]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                attrs.asdict, when_used="json"
            ),
        )


_UTC = _dt.timezone.utc
_combine = _dt.datetime.combine


def as_utc(value: _dt.datetime) -> _dt.datetime:
    """A naive datetime that means UTC, as a timezone-aware UTC datetime.

    The same as ``value.replace(tzinfo=timezone.utc)``, several times faster on
    CPython (no keyword parsing): drivers call it for every timestamp they read.

    >>> as_utc(_dt.datetime(2024, 1, 1, 12, 30, 0, 5)).isoformat()
    '2024-01-01T12:30:00.000005+00:00'
    """
    return _combine(value, value.time(), _UTC)


def map_container(value: Any, convert: Callable[[Any], Any]) -> Any:
    """A list, set, tuple or dict rebuilt with ``convert`` applied to each element (a dict's
    keys and values); any other value as it is. Drivers walk values of unknown type with it.

    >>> map_container([1, 2], str), map_container({1: (2,)}, repr), map_container(3, str)
    (['1', '2'], {'1': '(2,)'}, 3)
    """
    if isinstance(value, list):
        return [convert(v) for v in value]
    if isinstance(value, set | frozenset):
        return {convert(v) for v in value}
    if isinstance(value, tuple):
        return tuple(convert(v) for v in value)
    if isinstance(value, dict):
        return {convert(k): convert(v) for k, v in value.items()}
    return value
