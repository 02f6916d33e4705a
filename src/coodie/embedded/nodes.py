"""Parsed statement trees produced by :mod:`coodie.embedded.parser`.

>>> Const("int", "1")
Const(kind='int', text='1')
"""

from __future__ import annotations

from typing import Any

import attrs

# ----------------------------------------------------------------- terms


@attrs.frozen(slots=True)
class Const:
    """A literal constant; ``kind`` is the lexer kind (string/int/float/hex/uuid/...)."""

    kind: str
    text: str


@attrs.frozen(slots=True)
class Null:
    """The ``null`` literal."""


@attrs.frozen(slots=True)
class Marker:
    """A bind marker: ``?`` (name None) or ``:name``; ``index`` is its position."""

    index: int
    name: str | None


@attrs.frozen(slots=True)
class ListLit:
    """``[a, b]``."""

    items: tuple[Any, ...]


@attrs.frozen(slots=True)
class SetLit:
    """``{a, b}`` (``{}`` is an empty set or map)."""

    items: tuple[Any, ...]


@attrs.frozen(slots=True)
class MapLit:
    """``{k: v}``."""

    pairs: tuple[tuple[Any, Any], ...]


@attrs.frozen(slots=True)
class TupleLit:
    """``(a, b)``."""

    items: tuple[Any, ...]


@attrs.frozen(slots=True)
class UdtLit:
    """``{field: value}`` where keys are identifiers."""

    fields: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class FuncTerm:
    """A function call used as a value, e.g. ``now()``."""

    name: str
    args: tuple[Any, ...]


@attrs.frozen(slots=True)
class TypeRef:
    """An unresolved type: name, type arguments and whether ``frozen<>`` wraps it."""

    name: str
    args: tuple[Any, ...] = ()
    frozen: bool = False
    keyspace: str | None = None


# ----------------------------------------------------------------- selectors


@attrs.frozen(slots=True)
class SelColumn:
    """A column selector."""

    name: str


@attrs.frozen(slots=True)
class SelFunc:
    """A function (or aggregate) over selectors."""

    name: str
    args: tuple[Any, ...]


@attrs.frozen(slots=True)
class SelCountStar:
    """``count(*)`` / ``COUNT(1)``."""

    text: str = "count"


@attrs.frozen(slots=True)
class SelCast:
    """``CAST(x AS type)``."""

    arg: Any
    type: TypeRef


@attrs.frozen(slots=True)
class SelField:
    """``udt.field``."""

    arg: Any
    field: str


@attrs.frozen(slots=True)
class SelElem:
    """``coll[key]``."""

    arg: Any
    key: Any


@attrs.frozen(slots=True)
class SelSlice:
    """``coll[lo..hi]`` (either bound may be None)."""

    arg: Any
    lo: Any
    hi: Any


@attrs.frozen(slots=True)
class SelTerm:
    """A constant used as a selector."""

    term: Any


@attrs.frozen(slots=True)
class SelArith:
    """``a + b`` etc. in a selection."""

    op: str
    left: Any
    right: Any


@attrs.frozen(slots=True)
class Selection:
    """One selected expression with its optional alias."""

    expr: Any
    alias: str | None


# ----------------------------------------------------------------- where / if


@attrs.frozen(slots=True)
class Relation:
    """``lhs op rhs``; lhs is a column name, ("token", cols), ("tuple", cols) or
    ("entry", col, key term); rhs is a term, or a tuple of terms for IN."""

    lhs: Any
    op: str
    rhs: Any


@attrs.frozen(slots=True)
class Condition:
    """An LWT condition: ``col op value``; ``elem`` is a map key / list index or
    ``field`` a UDT field."""

    column: str
    op: str
    rhs: Any
    elem: Any = None
    field: str | None = None


# ----------------------------------------------------------------- DML


@attrs.frozen(slots=True)
class Select:
    """A SELECT statement."""

    keyspace: str | None
    table: str
    selections: tuple[Selection, ...] | None  # None = *
    where: tuple[Relation, ...]
    distinct: bool = False
    json: bool = False
    group_by: tuple[str, ...] = ()
    order_by: tuple[tuple[str, bool], ...] = ()  # (column, descending)
    per_partition_limit: Any = None
    limit: Any = None
    allow_filtering: bool = False


@attrs.frozen(slots=True)
class Assignment:
    """One SET item: kind is set/elem/field/add/sub/prepend/bad_counter."""

    kind: str
    column: str
    value: Any
    key: Any = None
    text: str = ""


@attrs.frozen(slots=True)
class Insert:
    """An INSERT (``json`` holds the JSON term when ``INSERT ... JSON``)."""

    keyspace: str | None
    table: str
    columns: tuple[str, ...]
    values: tuple[Any, ...]
    if_not_exists: bool = False
    ttl: Any = None
    timestamp: Any = None
    json: Any = None
    json_default_unset: bool = False


@attrs.frozen(slots=True)
class Update:
    """An UPDATE statement."""

    keyspace: str | None
    table: str
    assignments: tuple[Assignment, ...]
    where: tuple[Relation, ...]
    conditions: tuple[Condition, ...] = ()
    if_exists: bool = False
    ttl: Any = None
    timestamp: Any = None


@attrs.frozen(slots=True)
class DeleteTarget:
    """``col``, ``col[key]`` or ``col.field`` in a DELETE."""

    column: str
    key: Any = None
    field: str | None = None


@attrs.frozen(slots=True)
class Delete:
    """A DELETE statement."""

    keyspace: str | None
    table: str
    targets: tuple[DeleteTarget, ...]
    where: tuple[Relation, ...]
    conditions: tuple[Condition, ...] = ()
    if_exists: bool = False
    timestamp: Any = None


@attrs.frozen(slots=True)
class Batch:
    """BEGIN [UNLOGGED|COUNTER] BATCH ... APPLY BATCH."""

    kind: str
    statements: tuple[Any, ...]
    timestamp: Any = None
    ttl: Any = None


# ----------------------------------------------------------------- DDL


@attrs.frozen(slots=True)
class Use:
    """USE keyspace."""

    keyspace: str


@attrs.frozen(slots=True)
class CreateKeyspace:
    """CREATE KEYSPACE."""

    name: str
    if_not_exists: bool
    options: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class AlterKeyspace:
    """ALTER KEYSPACE."""

    name: str
    options: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class DropThing:
    """DROP KEYSPACE/TABLE/TYPE/INDEX/MATERIALIZED VIEW/FUNCTION/AGGREGATE."""

    what: str
    keyspace: str | None
    name: str
    if_exists: bool


@attrs.frozen(slots=True)
class ColumnDef:
    """A column in CREATE TABLE."""

    name: str
    type: TypeRef
    static: bool = False


@attrs.frozen(slots=True)
class CreateTable:
    """CREATE TABLE."""

    keyspace: str | None
    name: str
    if_not_exists: bool
    columns: tuple[ColumnDef, ...]
    partition_key: tuple[str, ...]
    clustering: tuple[str, ...]
    pk_count: int
    options: tuple[tuple[str, Any], ...]
    clustering_order: tuple[tuple[str, bool], ...]
    compact: bool = False


@attrs.frozen(slots=True)
class AlterTable:
    """ALTER TABLE: action is add/drop/with/rename/alter."""

    keyspace: str | None
    name: str
    action: str
    columns: tuple[Any, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()


@attrs.frozen(slots=True)
class Truncate:
    """TRUNCATE [TABLE] t."""

    keyspace: str | None
    name: str


@attrs.frozen(slots=True)
class CreateType:
    """CREATE TYPE."""

    keyspace: str | None
    name: str
    if_not_exists: bool
    fields: tuple[tuple[str, TypeRef], ...]


@attrs.frozen(slots=True)
class AlterType:
    """ALTER TYPE: action add/rename/alter."""

    keyspace: str | None
    name: str
    action: str
    items: tuple[Any, ...]


@attrs.frozen(slots=True)
class CreateIndex:
    """CREATE [CUSTOM] INDEX; ``target`` is (kind, column) with kind in
    values/keys/entries/full/None."""

    keyspace: str | None
    table: str
    name: str | None
    if_not_exists: bool
    target: tuple[str | None, str]
    custom: str | None = None
    options: tuple[tuple[str, Any], ...] = ()


@attrs.frozen(slots=True)
class CreateView:
    """CREATE MATERIALIZED VIEW."""

    keyspace: str | None
    name: str
    if_not_exists: bool
    base_keyspace: str | None
    base_table: str
    selections: tuple[str, ...] | None
    where: tuple[Relation, ...]
    partition_key: tuple[str, ...]
    clustering: tuple[str, ...]
    options: tuple[tuple[str, Any], ...]
    clustering_order: tuple[tuple[str, bool], ...]


@attrs.frozen(slots=True)
class Unsupported:
    """A statement the engine recognises but refuses with a fixed error."""

    code: int
    message: str
