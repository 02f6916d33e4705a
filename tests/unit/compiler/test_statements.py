"""Every DML node family compiled from hand-built ASTs: CQL, params, types and flags."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from coodie.ast import (
    Aggregate,
    Aliased,
    AnnOrdering,
    Append,
    Batch,
    Bind,
    Column,
    Comparison,
    Condition,
    ConditionOp,
    Conditions,
    Contains,
    ContainsKey,
    Decrement,
    Delete,
    Element,
    FieldOf,
    FunctionCall,
    IfExists,
    In,
    Increment,
    Insert,
    IsNotNull,
    Like,
    MultiComparison,
    Operator,
    Ordering,
    Prepend,
    Remove,
    Select,
    SetElement,
    SetField,
    SetValue,
    Star,
    Table,
    Token,
    Update,
)
from coodie.ast.enums import BatchType
from coodie.compiler import compile
from coodie.compiler.compiled import StatementKind
from coodie.cql.types import NATIVE, ListType, MapType, SetType, VectorType
from coodie.exceptions import QueryError

from ..helpers import markers, show

INT, TEXT, BIGINT = NATIVE["int"], NATIVE["text"], NATIVE["bigint"]
T = Table("shop", "item", ("id",))
T2 = Table("shop", "event", ("tenant", "day"))
ID = Column("id")


def b(value: Any, t: Any = INT) -> Bind:
    return Bind(value, t)


def eq(name: str, value: Any, t: Any = INT) -> Comparison:
    return Comparison(Column(name), Operator.EQ, b(value, t))


KEY = (eq("id", 1),)

SELECTS: dict[str, Select] = {
    "star": Select(T),
    "projection_where": Select(T, (ID, Column("name")), KEY),
    "distinct": Select(T, (ID,), distinct=True),
    "count_star": Select(T, (Aliased(Aggregate("count", Star()), "count"),), KEY),
    "aggregates": Select(
        T,
        tuple(
            Aliased(Aggregate(fn, Column("price")), f"{fn}_price")
            for fn in ("sum", "avg", "min", "max", "count")
        ),
    ),
    "functions": Select(
        T,
        (
            FunctionCall("writetime", (Column("price"),)),
            Aliased(FunctionCall("ttl", (Column("price"),)), "price_ttl"),
            Token((ID,)),
            FunctionCall("toTimestamp", (FunctionCall("now"),)),
        ),
    ),
    "order_limits": Select(
        T2,
        where=(eq("tenant", "a", TEXT), eq("day", 3)),
        order_by=(Ordering(Column("at"), descending=True), Ordering(Column("seq"))),
        per_partition_limit=b(2),
        limit=b(10),
        allow_filtering=True,
    ),
    "group_by": Select(
        T2, (Column("tenant"), Aggregate("count", Star())), group_by=(Column("tenant"),)
    ),
    "relations": Select(
        T,
        where=(
            In(ID, b([1, 2], ListType(INT))),
            Contains(Column("tags"), b("x", TEXT)),
            ContainsKey(Column("attrs"), b("k", TEXT)),
            Like(Column("name"), b("Ac%", TEXT)),
            IsNotNull(Column("name")),
            MultiComparison((Column("a"), Column("b")), Operator.GE, (b(1), b(2))),
            Comparison(Column("x"), Operator.NE, b(0)),
        ),
        allow_filtering=True,
    ),
    "token_range": Select(
        T2,
        where=(
            Comparison(
                Token((Column("tenant"), Column("day"))), Operator.GT, Token((b("a", TEXT), b(1)))
            ),
            Comparison(Token((Column("tenant"), Column("day"))), Operator.LE, b(99, BIGINT)),
        ),
    ),
    "ann": Select(
        T,
        (ID,),
        order_by=(AnnOrdering(Column("v"), b([0.1, 0.2], VectorType(NATIVE["float"], 2))),),
        limit=b(3),
    ),
}

INSERTS: dict[str, Insert] = {
    "plain": Insert(T, (ID, Column("name")), (b(1), b("a", TEXT))),
    "if_not_exists": Insert(T, (ID,), (b(1),), if_not_exists=True),
    "ttl": Insert(T, (ID,), (b(1),), ttl=b(60)),
    "timestamp": Insert(T, (ID,), (b(1),), timestamp=b(123, BIGINT)),
    "ttl_timestamp_now": Insert(
        T, (ID, Column("ts")), (b(1), FunctionCall("now")), ttl=b(60), timestamp=b(5, BIGINT)
    ),
}

SET_TEXT = SetType(TEXT)
UPDATES: dict[str, Update] = {
    "set": Update(T, (SetValue(Column("name"), b("x", TEXT)),), KEY),
    "set_null": Update(T, (SetValue(Column("name"), b(None, TEXT)),), KEY),
    "collections": Update(
        T,
        (
            Append(Column("tags"), b({"a"}, SET_TEXT)),
            Remove(Column("tags2"), b({"b"}, SET_TEXT)),
            Append(Column("items"), b(["x"], ListType(TEXT))),
            Prepend(Column("items2"), b(["y"], ListType(TEXT))),
            SetElement(Column("items3"), b(0), b("z", TEXT)),
            Append(Column("attrs"), b({"k": "v"}, MapType(TEXT, TEXT))),
            Remove(Column("attrs2"), b({"k"}, SET_TEXT)),
            SetElement(Column("attrs3"), b("k", TEXT), b("v", TEXT)),
            SetField(Column("address"), "city", b("Paris", TEXT)),
        ),
        KEY,
    ),
    "using_and_if": Update(
        T,
        (SetValue(Column("name"), b("x", TEXT)),),
        KEY,
        Conditions(
            (
                Condition(Column("name"), ConditionOp.EQ, b("old", TEXT)),
                Condition(Column("stock"), ConditionOp.IN, b([1, 2], ListType(INT))),
                Condition(Element(Column("attrs"), b("k", TEXT)), ConditionOp.NE, b(None, TEXT)),
                Condition(FieldOf(Column("address"), "city"), ConditionOp.EQ, b("Oslo", TEXT)),
            )
        ),
        ttl=b(60),
    ),
    "using_ttl_timestamp": Update(
        T, (SetValue(Column("name"), b("x", TEXT)),), KEY, ttl=b(60), timestamp=b(7, BIGINT)
    ),
    "if_exists": Update(T, (SetValue(Column("name"), b("x", TEXT)),), KEY, IfExists()),
    "counter": Update(
        T,
        (
            Increment(Column("views"), b(1, NATIVE["counter"])),
            Decrement(Column("clicks"), b(2, NATIVE["counter"])),
        ),
        KEY,
    ),
}

DELETES: dict[str, Delete] = {
    "row": Delete(T, KEY),
    "partition_composite": Delete(T2, (eq("tenant", "a", TEXT), eq("day", 1))),
    "clustering_range": Delete(
        T2,
        (eq("tenant", "a", TEXT), eq("day", 1), Comparison(Column("at"), Operator.GE, b(5))),
    ),
    "columns_elements": Delete(
        T,
        KEY,
        (
            Column("name"),
            Element(Column("attrs"), b("k", TEXT)),
            Element(Column("items"), b(2), list_index=True),
            FieldOf(Column("address"), "city"),
        ),
    ),
    "timestamp": Delete(T, KEY, timestamp=b(9, BIGINT)),
    "if_exists": Delete(T, KEY, condition=IfExists()),
    "if_conditions": Delete(
        T, KEY, condition=Conditions((Condition(Column("stock"), ConditionOp.LE, b(0)),))
    ),
}


CQL: dict[str, str] = {
    "select-star": "SELECT * FROM shop.item",
    "select-projection_where": "SELECT id, name FROM shop.item WHERE id = ?",
    "select-distinct": "SELECT DISTINCT id FROM shop.item",
    "select-count_star": "SELECT count(*) AS count FROM shop.item WHERE id = ?",
    "select-aggregates": (
        "SELECT sum(price) AS sum_price, avg(price) AS avg_price, min(price) AS "
        "min_price, max(price) AS max_price, count(price) AS count_price FROM shop.item"
    ),
    "select-functions": (
        "SELECT writetime(price), ttl(price) AS price_ttl, token(id), toTimestamp(now()) "
        "FROM shop.item"
    ),
    "select-order_limits": (
        "SELECT * FROM shop.event WHERE tenant = ? AND day = ? ORDER BY at DESC, seq ASC "
        "PER PARTITION LIMIT ? LIMIT ? ALLOW FILTERING"
    ),
    "select-group_by": "SELECT tenant, count(*) FROM shop.event GROUP BY tenant",
    "select-relations": (
        "SELECT * FROM shop.item WHERE id IN ? AND tags CONTAINS ? AND attrs CONTAINS KEY "
        "? AND name LIKE ? AND name IS NOT NULL AND (a, b) >= (?, ?) AND x != ? ALLOW "
        "FILTERING"
    ),
    "select-token_range": (
        "SELECT * FROM shop.event WHERE token(tenant, day) > token(?, ?) AND "
        "token(tenant, day) <= ?"
    ),
    "select-ann": "SELECT id FROM shop.item ORDER BY v ANN OF ? LIMIT ?",
    "insert-plain": "INSERT INTO shop.item (id, name) VALUES (?, ?)",
    "insert-if_not_exists": "INSERT INTO shop.item (id) VALUES (?) IF NOT EXISTS",
    "insert-ttl": "INSERT INTO shop.item (id) VALUES (?) USING TTL ?",
    "insert-timestamp": "INSERT INTO shop.item (id) VALUES (?) USING TIMESTAMP ?",
    "insert-ttl_timestamp_now": (
        "INSERT INTO shop.item (id, ts) VALUES (?, now()) USING TTL ? AND TIMESTAMP ?"
    ),
    "update-set": "UPDATE shop.item SET name = ? WHERE id = ?",
    "update-set_null": "UPDATE shop.item SET name = ? WHERE id = ?",
    "update-collections": (
        "UPDATE shop.item SET tags = tags + ?, tags2 = tags2 - ?, items = items + ?, "
        "items2 = ? + items2, items3[?] = ?, attrs = attrs + ?, attrs2 = attrs2 - ?, "
        "attrs3[?] = ?, address.city = ? WHERE id = ?"
    ),
    "update-using_and_if": (
        "UPDATE shop.item USING TTL ? SET name = ? WHERE id = ? IF name = ? AND stock IN "
        "? AND attrs[?] != ? AND address.city = ?"
    ),
    "update-using_ttl_timestamp": (
        "UPDATE shop.item USING TTL ? AND TIMESTAMP ? SET name = ? WHERE id = ?"
    ),
    "update-if_exists": "UPDATE shop.item SET name = ? WHERE id = ? IF EXISTS",
    "update-counter": "UPDATE shop.item SET views = views + ?, clicks = clicks - ? WHERE id = ?",
    "delete-row": "DELETE FROM shop.item WHERE id = ?",
    "delete-partition_composite": "DELETE FROM shop.event WHERE tenant = ? AND day = ?",
    "delete-clustering_range": "DELETE FROM shop.event WHERE tenant = ? AND day = ? AND at >= ?",
    "delete-columns_elements": (
        "DELETE name, attrs[?], items[?], address.city FROM shop.item WHERE id = ?"
    ),
    "delete-timestamp": "DELETE FROM shop.item USING TIMESTAMP ? WHERE id = ?",
    "delete-if_exists": "DELETE FROM shop.item WHERE id = ? IF EXISTS",
    "delete-if_conditions": "DELETE FROM shop.item WHERE id = ? IF stock <= ?",
}
"""What each case compiles to; its snapshot adds params, types and flags."""


def _case(family: str, nodes: dict[str, Any]) -> list[Any]:
    return [
        pytest.param(node, CQL[f"{family}-{name}"], id=f"{family}-{name}")
        for name, node in nodes.items()
    ]


ALL = _case("select", SELECTS) + _case("insert", INSERTS) + _case("update", UPDATES)
ALL += _case("delete", DELETES)


@pytest.mark.parametrize(("node", "cql"), ALL)
def test_compiles(node: Any, cql: str, snapshot: SnapshotAssertion) -> None:
    stmt = compile(node)
    assert stmt.cql == cql
    assert markers(stmt) == len(stmt.params) == len(stmt.param_types)
    assert show(stmt) == snapshot


def test_params_follow_marker_order_not_tree_order() -> None:
    node = UPDATES["using_and_if"]
    stmt = compile(node)
    assert stmt.cql.startswith("UPDATE shop.item USING TTL ? SET name = ?")
    assert stmt.params == (60, "x", 1, "old", [1, 2], "k", None, "Oslo")
    again = compile(node)  # cache hit: same order
    assert again.params == stmt.params


def test_flags() -> None:
    assert compile(SELECTS["projection_where"]).routing_key_indexes == (0,)
    assert compile(SELECTS["order_limits"]).routing_key_indexes == (0, 1)
    assert compile(SELECTS["relations"]).routing_key_indexes == ()  # IN is not routable
    assert compile(INSERTS["ttl"]).routing_key_indexes == (0,)  # VALUES come before USING
    assert compile(UPDATES["using_and_if"]).routing_key_indexes == (2,)
    assert compile(INSERTS["if_not_exists"]).is_lwt
    assert compile(UPDATES["if_exists"]).is_lwt
    assert not compile(UPDATES["set"]).is_lwt
    assert compile(UPDATES["set"]).is_idempotent
    assert not compile(UPDATES["counter"]).is_idempotent
    assert not compile(UPDATES["collections"]).is_idempotent  # list append/prepend
    assert not compile(INSERTS["ttl_timestamp_now"]).is_idempotent  # now()
    assert not compile(DELETES["columns_elements"]).is_idempotent  # list index delete
    assert compile(DELETES["row"]).is_idempotent
    assert compile(SELECTS["functions"]).result_columns == (
        "writetime(price)",
        "price_ttl",
        "token(id)",
        "toTimestamp(now())",
    )
    assert compile(SELECTS["star"]).result_columns is None
    assert compile(DELETES["row"]).kind is StatementKind.DELETE


def test_batches(snapshot: SnapshotAssertion) -> None:
    logged = compile(
        Batch((INSERTS["plain"], UPDATES["set"], DELETES["row"]), timestamp=b(5, BIGINT))
    )
    unlogged = compile(Batch((INSERTS["plain"], INSERTS["if_not_exists"]), BatchType.UNLOGGED))
    counter = compile(Batch((UPDATES["counter"],), BatchType.COUNTER))
    assert logged.params[0] == 5 and logged.timestamp == 5
    assert unlogged.is_lwt and not logged.is_lwt
    assert "\n\n".join(show(s) for s in (logged, unlogged, counter)) == snapshot


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (Batch(()), "at least one statement"),
        (Batch((UPDATES["counter"],)), "COUNTER batch"),
        (Batch((INSERTS["plain"],), BatchType.COUNTER), "COUNTER batch"),
        (Batch((INSERTS["timestamp"],), timestamp=b(1, BIGINT)), "not both"),
        (Update(T, (), KEY), "at least one assignment"),
        (Update(T, (SetValue(Column("a"), b(1)),), ()), "needs a WHERE clause"),
        (Delete(T, ()), "needs a WHERE clause"),
        (Insert(T, (ID,), ()), "as many values as columns"),
        (Select(T, (FunctionCall("drop table x; --"),)), "invalid CQL function name"),
        (Select(T, (Aggregate("median", Column("p")),)), "unknown aggregate"),
        (Select(T, (Column(""),)), "invalid CQL identifier"),
        (Update(T, (SetValue(Column("a"), b(1)),), KEY, Conditions(())), "at least one condition"),
        (Select(T, where=(MultiComparison((Column("a"),), Operator.GT, ()),)), "as many values"),
        (Insert(T, (ID,), (b(1),), if_not_exists=True, timestamp=b(1)), "custom timestamp"),
        (Update(T, (SetValue(ID, b(1)),), KEY, IfExists(), timestamp=b(1)), "custom timestamp"),
        (Delete(T, KEY, condition=IfExists(), timestamp=b(1)), "custom timestamp"),
    ],
)
def test_invalid_trees_are_refused(node: Any, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        compile(node)


def test_only_statements_compile() -> None:
    with pytest.raises(TypeError, match="needs a statement node"):
        compile(eq("id", 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a coodie statement node"):
        compile("SELECT 1")  # type: ignore[arg-type]


def test_identifiers_are_quoted() -> None:
    stmt = compile(
        Select(
            Table("Shop", "Order", ("Key",)), (Column("select"), Column("Name")), (eq("Key", 1),)
        )
    )
    assert stmt.cql == 'SELECT "select", "Name" FROM "Shop"."Order" WHERE "Key" = ?'
