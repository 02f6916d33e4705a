"""Parsed statement trees produced by :mod:`coodie.embedded.parser`.

>>> Const(TokenKind.INT, "1")
Const(kind=<TokenKind.INT: 'int'>, text='1')
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from coodie.embedded.lexer import TokenKind

# ----------------------------------------------------------------- terms


@attrs.frozen(slots=True)
class Const:
    """A literal constant; ``kind`` is the lexer kind (string/int/float/hex/uuid/...)."""

    kind: TokenKind
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
class IfCondition:
    """An LWT condition: ``col op value``; ``elem`` is a map key / list index or
    ``field`` a UDT field."""

    column: str
    op: str
    rhs: Any
    elem: Any = None
    field: str | None = None


# ----------------------------------------------------------------- DML


@attrs.frozen(slots=True)
class SelectStmt:
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
    ann: tuple[tuple[str, Any, bool], ...] = ()  # ORDER BY col ANN OF term: (col, term, desc)


class AssignKind(enum.Enum):
    """The form of one SET item.

    >>> AssignKind.ELEM.value  # col[key] = v
    'elem'
    """

    SET = "set"  # col = v
    ELEM = "elem"  # col[key] = v
    FIELD = "field"  # col.field = v
    ADD = "add"  # col = col + v
    SUB = "sub"  # col = col - v
    PREPEND = "prepend"  # col = v + col
    PREPEND_MINUS = "prepend_minus"  # col = v - col (refused later)
    BAD_COUNTER = "bad_counter"  # col = other + v (refused later)


@attrs.frozen(slots=True)
class Assignment:
    """One SET item of the given :class:`AssignKind`."""

    kind: AssignKind
    column: str
    value: Any
    key: Any = None
    text: str = ""


@attrs.frozen(slots=True)
class InsertStmt:
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
class UpdateStmt:
    """An UPDATE statement."""

    keyspace: str | None
    table: str
    assignments: tuple[Assignment, ...]
    where: tuple[Relation, ...]
    conditions: tuple[IfCondition, ...] = ()
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
class DeleteStmt:
    """A DELETE statement."""

    keyspace: str | None
    table: str
    targets: tuple[DeleteTarget, ...]
    where: tuple[Relation, ...]
    conditions: tuple[IfCondition, ...] = ()
    if_exists: bool = False
    timestamp: Any = None


class BatchKind(enum.Enum):
    """BEGIN [UNLOGGED|COUNTER] BATCH.

    >>> BatchKind("UNLOGGED") is BatchKind.UNLOGGED
    True
    """

    LOGGED = "LOGGED"
    UNLOGGED = "UNLOGGED"
    COUNTER = "COUNTER"


@attrs.frozen(slots=True)
class BatchStmt:
    """BEGIN [UNLOGGED|COUNTER] BATCH ... APPLY BATCH."""

    kind: BatchKind
    statements: tuple[Any, ...]
    timestamp: Any = None
    ttl: Any = None


# ----------------------------------------------------------------- DDL


@attrs.frozen(slots=True)
class UseStmt:
    """USE keyspace."""

    keyspace: str


@attrs.frozen(slots=True)
class CreateKeyspaceStmt:
    """CREATE KEYSPACE."""

    name: str
    if_not_exists: bool
    options: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class AlterKeyspaceStmt:
    """ALTER KEYSPACE."""

    name: str
    options: tuple[tuple[str, Any], ...]


class DropKind(enum.Enum):
    """What a DROP statement drops.

    >>> DropKind.VIEW.value
    'view'
    """

    KEYSPACE = "keyspace"
    TABLE = "table"
    TYPE = "type"
    INDEX = "index"
    VIEW = "view"
    FUNCTION = "function"
    AGGREGATE = "aggregate"


@attrs.frozen(slots=True)
class DropStmt:
    """DROP KEYSPACE/TABLE/TYPE/INDEX/MATERIALIZED VIEW/FUNCTION/AGGREGATE."""

    what: DropKind
    keyspace: str | None
    name: str
    if_exists: bool


@attrs.frozen(slots=True)
class ColumnDecl:
    """A column in CREATE TABLE."""

    name: str
    type: TypeRef
    static: bool = False


@attrs.frozen(slots=True)
class CreateTableStmt:
    """CREATE TABLE."""

    keyspace: str | None
    name: str
    if_not_exists: bool
    columns: tuple[ColumnDecl, ...]
    partition_key: tuple[str, ...]
    clustering: tuple[str, ...]
    pk_count: int
    options: tuple[tuple[str, Any], ...]
    clustering_order: tuple[tuple[str, bool], ...]
    compact: bool = False


class AlterAction(enum.Enum):
    """What an ALTER TABLE / ALTER MATERIALIZED VIEW / ALTER TYPE does.

    >>> AlterAction.RENAME.value
    'rename'
    """

    ADD = "add"
    DROP = "drop"
    WITH = "with"  # ALTER TABLE ... WITH options
    WITH_VIEW = "with_view"  # ALTER MATERIALIZED VIEW ... WITH options
    RENAME = "rename"
    ALTER = "alter"  # change a column's / field's type (refused)


@attrs.frozen(slots=True)
class AlterTableStmt:
    """ALTER TABLE (or ALTER MATERIALIZED VIEW ... WITH)."""

    keyspace: str | None
    name: str
    action: AlterAction
    columns: tuple[Any, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()


@attrs.frozen(slots=True)
class TruncateStmt:
    """TRUNCATE [TABLE] t."""

    keyspace: str | None
    name: str


@attrs.frozen(slots=True)
class CreateTypeStmt:
    """CREATE TYPE."""

    keyspace: str | None
    name: str
    if_not_exists: bool
    fields: tuple[tuple[str, TypeRef], ...]


@attrs.frozen(slots=True)
class AlterTypeStmt:
    """ALTER TYPE: action is ADD, RENAME or ALTER."""

    keyspace: str | None
    name: str
    action: AlterAction
    items: tuple[Any, ...]


@attrs.frozen(slots=True)
class CreateIndexStmt:
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
class CreateViewStmt:
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
class UnsupportedStmt:
    """A statement the engine recognises but refuses with a fixed error."""

    code: int
    message: str
