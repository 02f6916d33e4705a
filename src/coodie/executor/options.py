"""Turning user-facing request arguments into :class:`ExecutionOptions` and µs timestamps.

>>> request_options(consistency="local_quorum", timeout=2).consistency
'LOCAL_QUORUM'
>>> timestamp_micros(datetime.datetime(1970, 1, 1, 0, 0, 1, tzinfo=datetime.timezone.utc))
1000000
"""

from __future__ import annotations

import datetime
from typing import Any

from coodie.cql.options import ExecutionOptions, consistency_name
from coodie.exceptions import QueryError

DEFAULT_OPTIONS = ExecutionOptions()

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def request_options(
    *,
    consistency: Any = None,
    serial_consistency: Any = None,
    timeout: float | None = None,
    fetch_size: int | None = None,
    paging_state: bytes | None = None,
) -> ExecutionOptions:
    """Validated options for one request (the shared default when nothing is set)."""
    if (
        consistency is None
        and serial_consistency is None
        and timeout is None
        and fetch_size is None
        and paging_state is None
    ):
        return DEFAULT_OPTIONS
    if timeout is not None and timeout <= 0:
        raise QueryError(f"timeout must be positive seconds, not {timeout!r}")
    if fetch_size is not None and fetch_size <= 0:
        raise QueryError(f"fetch_size must be a positive number of rows, not {fetch_size!r}")
    return ExecutionOptions(
        consistency=consistency_name(consistency),
        serial_consistency=consistency_name(serial_consistency),
        timeout=timeout,
        fetch_size=fetch_size,
        paging_state=paging_state,
    )


def timestamp_micros(value: int | datetime.datetime | None) -> int | None:
    """A write timestamp as microseconds since the epoch.

    Accepts ``int`` microseconds or a timezone-aware ``datetime``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise QueryError(f"timestamp must be int microseconds or an aware datetime, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise QueryError("timestamp datetime must be timezone-aware (e.g. tzinfo=UTC)")
        delta = value - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    raise QueryError(f"timestamp must be int microseconds or an aware datetime, not {value!r}")
