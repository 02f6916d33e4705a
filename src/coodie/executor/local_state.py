"""Keeping an in-memory document in step with what a write stored (no I/O).

After an ``update`` the document shows the new values (collection mutations
applied locally) and its change-tracking snapshot records the written columns::

    apply_assignment(doc, Append(Column("tags"), Bind(["x"], ListType(NATIVE["text"]))))
    remember(doc, ["tags"])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coodie.ast.assignments import (
    Append,
    Assignment,
    Decrement,
    Increment,
    Prepend,
    Remove,
    SetElement,
    SetValue,
)
from coodie.ast.terms import Bind
from coodie.model.document import DocumentCore


def remember(
    doc: DocumentCore, names: Iterable[str], driver_values: Mapping[str, Any] | None = None
) -> None:
    """Record columns ``names`` as stored with their current values (others unchanged).

    Unlike ``_mark_persisted`` (which snapshots every column after a full write),
    a partial write must not mark unsaved in-memory changes of other columns as
    stored. The snapshot is the model's ``_loaded()`` ``(columns, row)`` pair.
    """
    loaded = doc._loaded()
    known: tuple[str, ...] = () if loaded is None else loaded[0]
    row: list[Any] = [] if loaded is None else list(loaded[1])
    added: list[str] = []
    for name in names:
        if driver_values is not None and name in driver_values:
            value = driver_values[name]
        else:
            value = doc._driver_value(name, doc.__dict__.get(name))
        if name in known:
            row[known.index(name)] = value
        elif name in added:
            row[len(known) + added.index(name)] = value
        else:
            added.append(name)
            row.append(value)
    doc._set_loaded(known + tuple(added) if added else known, tuple(row))


def empty_value(doc: DocumentCore, name: str) -> Any:
    """What a deleted cell reads as: an empty collection for collections, else ``None``."""
    current = getattr(doc, name)
    if isinstance(current, list | set | frozenset | dict):
        return type(current)()
    return None


def python_value(doc: DocumentCore, name: str, bound: Any) -> Any:
    """A bound (driver form) value back in the model's Python form."""
    info = type(doc).__coodie_columns__[name]
    if bound is None:
        return None
    return info.from_driver(bound) if info.from_driver is not None else bound


def apply_assignment(doc: DocumentCore, a: Assignment) -> None:
    """Apply one written assignment (set, append, remove, ...) to the in-memory document."""
    name = type(doc).__schema__.attribute_name(a.column.name)  # ColumnName: attribute ≠ column
    current = getattr(doc, name)
    if isinstance(a, SetValue):
        if not isinstance(a.value, Bind):  # a function such as now(): reload to see it
            return
        new = python_value(doc, name, a.value.value)
        if new is None:
            new = empty_value(doc, name)
    elif isinstance(a, Prepend):
        new = list(python_value(doc, name, a.value.value)) + list(current or ())
    elif isinstance(a, Append):
        add = python_value(doc, name, a.value.value)
        if isinstance(add, dict):
            new = {**(current or {}), **add}
            new = {k: v for k, v in new.items() if v is not None}
        elif isinstance(add, set | frozenset):
            new = type(add)(current or ()) | add
        else:
            new = list(current or ()) + list(add)
    elif isinstance(a, Remove):
        drop = a.value.value
        if isinstance(current, dict):
            gone = python_value(doc, name, dict.fromkeys(drop, None)) or {}
            new = {k: v for k, v in current.items() if k not in gone}
        elif isinstance(current, set | frozenset):
            new = type(current)(x for x in current if x not in python_value(doc, name, drop))
        else:
            gone = list(python_value(doc, name, drop))
            new = [x for x in current or () if x not in gone]
    elif isinstance(a, SetElement):
        new = _set_element(doc, name, current, a)
    elif isinstance(a, Increment | Decrement):
        step = a.amount.value if isinstance(a, Increment) else -a.amount.value
        new = (current or 0) + step
    else:  # SetField and future assignment kinds: reload to see the effect
        return
    object.__setattr__(doc, name, new)


def _set_element(doc: DocumentCore, name: str, current: Any, a: SetElement) -> Any:
    info = type(doc).__coodie_columns__[name]
    whole = (
        python_value(doc, name, {a.key.value: a.value.value}) if isinstance(current, dict) else None
    )
    if whole is not None:
        return {**current, **whole}
    if isinstance(current, list):
        items = list(current)
        element = info.from_driver([a.value.value])[0] if info.from_driver else a.value.value
        items[a.key.value] = element
        return items
    return current
