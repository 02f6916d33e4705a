"""The keyword options of document writes, and the check that refuses unknown ones.

``doc.save(ttl=60, consistency="QUORUM")`` passes :class:`SaveKwargs`; a misspelt option
is a ``TypeError`` naming the options there are, before anything is sent::

    check_options("save", {"tll": 60}, SAVE_OPTIONS)   # TypeError: ... 'tll' (options: ...)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypedDict

from coodie.query.batch import BatchCore


class WriteKwargs(TypedDict, total=False):
    """Keyword options of every document write (``delete_columns``, and below).

    ``timestamp``: int µs since the epoch or an aware datetime; ``consistency``:
    ``"QUORUM"`` ...; ``timeout``: seconds; ``batch``: add the write to a batch.
    """

    timestamp: int | datetime.datetime | None
    consistency: str | None
    timeout: float | None
    batch: BatchCore | None


class SaveKwargs(WriteKwargs, total=False):
    """Options of ``save()`` / ``insert()``: the write options plus ``ttl`` seconds."""

    ttl: int | None


class DeleteKwargs(WriteKwargs, total=False):
    """Options of ``delete()``: the write options plus its conditions."""

    if_exists: bool
    if_conditions: Mapping[str, Any] | None


_ROUTING_HINT = {
    "keyspace": "doc.using(keyspace=...).save()",
    "connection": "doc.using(connection=...).save()",
}


def check_options(what: str, options: Mapping[str, Any], allowed: frozenset[str]) -> None:
    """Refuse an option ``what()`` does not take (``save(tll=60)`` would write no TTL).

    >>> check_options("save", {"tll": 60}, frozenset({"ttl"}))
    Traceback (most recent call last):
    TypeError: save() got an unexpected keyword argument 'tll' (options: ttl)
    """
    for name in options:
        if name not in allowed:
            hint = _ROUTING_HINT.get(name)
            extra = f"; use {hint}" if hint else ""
            raise TypeError(
                f"{what}() got an unexpected keyword argument {name!r} "
                f"(options: {', '.join(sorted(allowed))}){extra}"
            )


SAVE_OPTIONS = frozenset(SaveKwargs.__optional_keys__ | SaveKwargs.__required_keys__)
DELETE_OPTIONS = frozenset(DeleteKwargs.__optional_keys__ | DeleteKwargs.__required_keys__)
