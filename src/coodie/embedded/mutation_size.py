"""Cassandra's ``max_mutation_size``: the changes a statement or batch makes to one partition
(its *mutation*) may not exceed half a commit log segment, 16 MiB by default.

A larger mutation is refused before anything is applied, with Cassandra's message naming
the keyspace and the biggest partitions (``table.key``)::

    >>> value_size("abc"), value_size([b"ab", None, 7])
    (3, 14)
    >>> oversized_message(17_000_000, 16 * MIB, "ks", [("t", (1,), 17_000_000)])
    'Rejected an oversized mutation (17000000/16777216) for keyspace: ks. Top keys are: t.1'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coodie.embedded.errors import invalid

if TYPE_CHECKING:
    from coodie.embedded.writes import Mutation

MIB = 1024 * 1024
MAX_MUTATION_SIZE = 16 * MIB
"""Cassandra's default: ``commitlog_segment_size`` (32 MiB) / 2."""
_TOP_KEYS_LIMIT = 1024  # characters of the "Top keys are" list, as in Cassandra


def value_size(value: Any) -> int:
    """The approximate serialized size of a written value, in bytes (8 for a number)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode()) if not value.isascii() else len(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, Mapping):
        return sum(value_size(k) + value_size(v) + 8 for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return sum(value_size(v) for v in value) + (4 if len(value) else 0)
    data = getattr(value, "data", None)  # a RawValue still in its protocol bytes
    if isinstance(data, bytes):
        return len(data)
    return 8


def check_mutation_sizes(muts: Sequence[Mutation], limit: int) -> None:
    """Refuse the statement when the changes to one partition of one keyspace (all its
    tables together) exceed ``limit`` bytes; nothing has been applied yet."""
    if not muts:
        return
    if len(muts) == 1:
        m = muts[0]
        size = m.size
        if size > limit:
            top = [(m.table.name, m.key, size)]
            raise invalid(oversized_message(size, limit, m.table.keyspace, top))
        return
    groups: dict[tuple[str, bytes], list[Mutation]] = {}
    for m in muts:
        groups.setdefault((m.table.keyspace, m.pk_bytes), []).append(m)
    for (keyspace, _), group in groups.items():
        sized = [(m.table.name, m.key, m.size) for m in group]
        size = sum(s for _, _, s in sized)
        if size > limit:
            raise invalid(oversized_message(size, limit, keyspace, sized))


def oversized_message(
    size: int, limit: int, keyspace: str, parts: Iterable[tuple[str, tuple[Any, ...], int]]
) -> str:
    """Cassandra's refusal, listing ``table.key`` of the biggest partition updates first."""
    ordered = sorted(parts, key=lambda part: -part[2])
    names = [f"{table}.{':'.join(str(v) for v in key)}" for table, key, _ in ordered]
    shown = names[0]
    rest = names[1:]
    while rest and len(shown) + len(rest[0]) + 2 <= _TOP_KEYS_LIMIT:
        shown += ", " + rest.pop(0)
    if rest:
        shown += f" and {len(rest)} more."
    return (
        f"Rejected an oversized mutation ({size}/{limit}) for keyspace: {keyspace}. "
        f"Top keys are: {shown}"
    )
