"""Every concrete AST node class renders, through the one renderer (``CqlRenderer``).

The node classes are found by walking ``coodie.ast`` (``tests/unit/ast/samples.py``), so a new
node class without a sample here fails :func:`test_every_node_class_has_a_sample` until it is
taught to render.
"""

from __future__ import annotations

import pytest

from coodie.ast.assignments import (
    Append,
    Decrement,
    Increment,
    Prepend,
    Remove,
    SetElement,
    SetField,
    SetValue,
)
from coodie.ast.base import Node
from coodie.ast.conditions import Condition, ConditionOp, Conditions, IfExists, IfNotExists
from coodie.ast.ddl import (
    AlterKeyspace,
    AlterTableAdd,
    AlterTableDrop,
    AlterTableWith,
    AlterTypeAdd,
    ColumnDef,
    CreateIndex,
    CreateKeyspace,
    CreateMaterializedView,
    CreateTable,
    CreateType,
    DropIndex,
    DropKeyspace,
    DropMaterializedView,
    DropTable,
    DropType,
    NetworkTopologyStrategy,
    SimpleStrategy,
    Truncate,
)
from coodie.ast.enums import ClusteringOrder
from coodie.ast.predicates import (
    And,
    Comparison,
    Contains,
    ContainsKey,
    In,
    IsNotNull,
    Like,
    MultiComparison,
    Operator,
)
from coodie.ast.statements import (
    AnnOrdering,
    Batch,
    Delete,
    Insert,
    Ordering,
    Select,
    Table,
    Update,
)
from coodie.ast.terms import (
    Aggregate,
    Aliased,
    Bind,
    Column,
    Element,
    FieldOf,
    FunctionCall,
    Star,
    Token,
)
from coodie.compiler import compile
from coodie.compiler.render import CqlRenderer
from coodie.cql.types import NATIVE

from ..ast.samples import concrete_node_classes

INT, TEXT = NATIVE["int"], NATIVE["text"]
K, V = Column("k"), Column("v")
T = Table("ks", "t", ("k",))
KEY = (Comparison(K, Operator.EQ, Bind(1, INT)),)

SAMPLES: list[tuple[Node, str]] = [
    # terms
    (K, "k"),
    (Bind(1, INT), "?"),
    (Star(), "*"),
    (Token((K,)), "token(k)"),
    (FunctionCall("now"), "now()"),
    (Aggregate("count", Star()), "count(*)"),
    (Aliased(Aggregate("max", V), "top"), "max(v) AS top"),
    (Element(Column("m"), Bind("a")), "m[?]"),
    (FieldOf(Column("addr"), "city"), "addr.city"),
    # predicates
    (Comparison(K, Operator.GE, Bind(1)), "k >= ?"),
    (
        MultiComparison((Column("a"), Column("b")), Operator.GT, (Bind(1), Bind(2))),
        "(a, b) > (?, ?)",
    ),
    (In(K, Bind([1, 2])), "k IN ?"),
    (Contains(Column("s"), Bind(1)), "s CONTAINS ?"),
    (ContainsKey(Column("m"), Bind("a")), "m CONTAINS KEY ?"),
    (Like(Column("name"), Bind("a%")), "name LIKE ?"),
    (IsNotNull(V), "v IS NOT NULL"),
    (
        And((Comparison(K, Operator.EQ, Bind(1)), Comparison(V, Operator.LT, Bind(3)))),
        "k = ? AND v < ?",
    ),
    # assignments
    (SetValue(V, Bind(2)), "v = ?"),
    (SetElement(Column("m"), Bind("a"), Bind(2)), "m[?] = ?"),
    (SetField(Column("addr"), "city", Bind("Paris")), "addr.city = ?"),
    (Append(Column("l"), Bind([2])), "l = l + ?"),
    (Prepend(Column("l"), Bind([0])), "l = ? + l"),
    (Remove(Column("s"), Bind({1})), "s = s - ?"),
    (Increment(Column("n"), Bind(1)), "n = n + ?"),
    (Decrement(Column("n"), Bind(1)), "n = n - ?"),
    # conditions
    (IfExists(), "IF EXISTS"),
    (IfNotExists(), "IF NOT EXISTS"),
    (Condition(V, ConditionOp.NE, Bind(1)), "v != ?"),
    (Conditions((Condition(V, ConditionOp.EQ, Bind(1)),)), "IF v = ?"),
    # statements
    (T, "ks.t"),
    (Ordering(Column("c"), descending=True), "c DESC"),
    (AnnOrdering(Column("emb"), Bind([1.0, 2.0])), "emb ANN OF ?"),
    (Select(T, (V,), KEY, limit=Bind(2)), "SELECT v FROM ks.t WHERE k = ? LIMIT ?"),
    (
        Insert(T, (K, V), (Bind(1), Bind(2)), if_not_exists=True),
        "INSERT INTO ks.t (k, v) VALUES (?, ?) IF NOT EXISTS",
    ),
    (
        Update(T, (SetValue(V, Bind(2)),), KEY, IfExists()),
        "UPDATE ks.t SET v = ? WHERE k = ? IF EXISTS",
    ),
    (Delete(T, KEY), "DELETE FROM ks.t WHERE k = ?"),
    (
        Batch((Insert(T, (K, V), (Bind(1), Bind(2))), Delete(T, KEY))),
        "BEGIN BATCH\n  INSERT INTO ks.t (k, v) VALUES (?, ?);\n"
        "  DELETE FROM ks.t WHERE k = ?;\nAPPLY BATCH",
    ),
    # DDL
    (SimpleStrategy(3), "{'class': 'SimpleStrategy', 'replication_factor': 3}"),
    (NetworkTopologyStrategy((("dc1", 3),)), "{'class': 'NetworkTopologyStrategy', 'dc1': 3}"),
    (
        CreateKeyspace("ks", SimpleStrategy(1), if_not_exists=True),
        "CREATE KEYSPACE IF NOT EXISTS ks"
        " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    ),
    (AlterKeyspace("ks", durable_writes=False), "ALTER KEYSPACE ks WITH durable_writes = false"),
    (DropKeyspace("ks", if_exists=True), "DROP KEYSPACE IF EXISTS ks"),
    (ColumnDef("v", INT, static=True), "v int STATIC"),
    (
        CreateTable(
            "ks",
            "t",
            (ColumnDef("k", INT), ColumnDef("c", INT), ColumnDef("v", TEXT)),
            ("k",),
            (("c", ClusteringOrder.DESC),),
            (("comment", "x"),),
        ),
        "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))"
        " WITH CLUSTERING ORDER BY (c DESC) AND comment = 'x'",
    ),
    (AlterTableAdd("ks", "t", (ColumnDef("w", INT),)), "ALTER TABLE ks.t ADD (w int)"),
    (AlterTableDrop("ks", "t", ("w",)), "ALTER TABLE ks.t DROP (w)"),
    (
        AlterTableWith("ks", "t", (("gc_grace_seconds", 10),)),
        "ALTER TABLE ks.t WITH gc_grace_seconds = 10",
    ),
    (Truncate("ks", "t"), "TRUNCATE TABLE ks.t"),
    (DropTable("ks", "t", if_exists=True), "DROP TABLE IF EXISTS ks.t"),
    (CreateIndex("ks", "t", "t_v", "v"), "CREATE INDEX t_v ON ks.t (v)"),
    (DropIndex("ks", "t_v"), "DROP INDEX ks.t_v"),
    (CreateType("ks", "address", (("city", TEXT),)), "CREATE TYPE ks.address (city text)"),
    (AlterTypeAdd("ks", "address", "zip", TEXT), "ALTER TYPE ks.address ADD zip text"),
    (DropType("ks", "address"), "DROP TYPE ks.address"),
    (
        CreateMaterializedView(
            "ks",
            "t_by_v",
            "ks",
            "t",
            (),
            (IsNotNull(V), IsNotNull(K)),
            ("v",),
            (("k", ClusteringOrder.ASC),),
        ),
        "CREATE MATERIALIZED VIEW ks.t_by_v AS SELECT * FROM ks.t"
        " WHERE v IS NOT NULL AND k IS NOT NULL PRIMARY KEY (v, k)"
        " WITH CLUSTERING ORDER BY (k ASC)",
    ),
    (DropMaterializedView("ks", "t_by_v"), "DROP MATERIALIZED VIEW ks.t_by_v"),
]


def test_every_node_class_has_a_sample() -> None:
    classes = concrete_node_classes()
    assert len(classes) > 50  # the walk found the node families
    assert {type(node) for node, _ in SAMPLES} == classes


@pytest.mark.parametrize(("node", "cql"), SAMPLES, ids=[type(n).__name__ for n, _ in SAMPLES])
def test_node_renders(node: Node, cql: str) -> None:
    if isinstance(node, Batch):
        assert compile(node).cql == cql
    else:
        assert CqlRenderer().render(node) == cql
