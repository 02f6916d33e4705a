"""Per-request CQL options: consistency levels, timeout, page size, paging state.

These are the native protocol's query parameters, shared by the layers that build a request
(``coodie.query``, ``coodie.executor``) and the driver adapters that send it
(``coodie.drivers``), so none of them has to import another for it.

>>> ExecutionOptions(consistency=consistency_name("local_quorum")).consistency
'LOCAL_QUORUM'
>>> consistency_name(None) is None
True
"""

from __future__ import annotations

from typing import Any

import attrs

from coodie.exceptions import QueryError

_LEVELS = "ANY ONE TWO THREE QUORUM ALL LOCAL_QUORUM EACH_QUORUM SERIAL LOCAL_SERIAL LOCAL_ONE"
CONSISTENCY_LEVELS = frozenset(_LEVELS.split(" "))


@attrs.frozen(slots=True)
class ExecutionOptions:
    """Per-request options.

    ``consistency`` / ``serial_consistency`` are level names such as
    ``"LOCAL_QUORUM"`` or ``"SERIAL"``; ``timeout`` is seconds; ``fetch_size`` is
    the page size (``None``: the driver's default); ``paging_state`` resumes a read.

    >>> ExecutionOptions(timeout=2.0, fetch_size=100).fetch_size
    100
    """

    consistency: str | None = None
    serial_consistency: str | None = None
    timeout: float | None = None
    fetch_size: int | None = None
    paging_state: bytes | None = None


def consistency_name(level: Any) -> str | None:
    """A consistency level as its upper-case name (``"QUORUM"``); accepts enum-likes.

    >>> consistency_name("quorum")
    'QUORUM'
    """
    if level is None:
        return None
    name = getattr(level, "name", level)
    if not isinstance(name, str) or name.upper() not in CONSISTENCY_LEVELS:
        raise QueryError(f"unknown consistency level {level!r}")
    return name.upper()
