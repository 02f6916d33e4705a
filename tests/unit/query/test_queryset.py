"""QuerySetCore: chain methods, the SELECT they build, derived statements and errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from coodie import functions as fn
from coodie.compiler import compile
from coodie.exceptions import (
    InvalidLookupError,
    InvalidValueError,
    QueryError,
    UnknownColumnError,
)
from coodie.functions import token, writetime
from coodie.query.queryset import QuerySetCore

from ..catalog import PID, WHEN, Cat, Dog, Event, PageViews, Pet, Product, Review
from ..helpers import show

DAY = dt.date(2024, 5, 1)


def reviews() -> QuerySetCore[Review]:
    return QuerySetCore(Review).filter(product_id=PID)


PRODUCT = "SELECT id, name, brand, price, stock, description, tags, images, attrs, warehouse, "
PRODUCT += "embedding FROM"
REVIEW = "SELECT product_id, created_at, author, rating, body, product_name FROM shop.review"
EVENT = "SELECT tenant, day, at, kind, payload FROM shop.event"
BY_PRODUCT = "FROM shop.review WHERE product_id = ?"

# each chain and the CQL it compiles to; the snapshots add params, types and flags
CHAINS: dict[str, tuple[Any, str]] = {
    "get_by_pk": (
        lambda: QuerySetCore(Product).filter(Product.id == PID).limit(2),
        f"{PRODUCT} shop.product WHERE id = ? LIMIT ?",
    ),
    "range_order": (
        lambda: (
            reviews().filter(Review.created_at >= WHEN).order_by("created_at", "-author").limit(10)
        ),
        f"{REVIEW} WHERE product_id = ? AND created_at >= ? "
        "ORDER BY created_at ASC, author DESC LIMIT ?",
    ),
    "only": (lambda: reviews().only("author", "rating"), f"SELECT author, rating {BY_PRODUCT}"),
    "defer": (
        lambda: reviews().defer("body", "product_name"),
        f"SELECT product_id, created_at, author, rating {BY_PRODUCT}",
    ),
    "values_list_functions": (
        lambda: reviews().values_list("author", writetime(Review.rating)),
        f"SELECT author, writetime(rating) {BY_PRODUCT}",
    ),
    "values_list_flat": (
        lambda: reviews().values_list("rating", flat=True),
        f"SELECT rating {BY_PRODUCT}",
    ),
    "distinct": (
        lambda: QuerySetCore(Event).distinct(),
        "SELECT DISTINCT tenant, day FROM shop.event",
    ),
    "distinct_static": (
        lambda: QuerySetCore(Review).distinct("product_id", "product_name"),
        "SELECT DISTINCT product_id, product_name FROM shop.review",
    ),
    "per_partition": (
        lambda: QuerySetCore(Event).per_partition_limit(1).limit(100),
        f"{EVENT} PER PARTITION LIMIT ? LIMIT ?",
    ),
    "filtering": (
        lambda: (
            QuerySetCore(Product)
            .filter(Product.price > 10, tags__contains="sale")
            .allow_filtering()
        ),
        f"{PRODUCT} shop.product WHERE price > ? AND tags CONTAINS ? ALLOW FILTERING",
    ),
    "token_paging": (
        lambda: QuerySetCore(Event).filter(token(Event.tenant, Event.day) > token("acme", DAY)),
        f"{EVENT} WHERE token(tenant, day) > token(?, ?)",
    ),
    "ann": (
        lambda: QuerySetCore(Product).order_by_ann("embedding", [0.1, 0.2, 0.3]).limit(5),
        f"{PRODUCT} shop.product ORDER BY embedding ANN OF ? LIMIT ?",
    ),
    "keyspace": (
        lambda: QuerySetCore(Product).using(keyspace="other").filter(id=PID),
        f"{PRODUCT} other.product WHERE id = ?",
    ),
}


@pytest.mark.parametrize("name", list(CHAINS))
def test_select_chains(name: str, snapshot: SnapshotAssertion) -> None:
    build, cql = CHAINS[name]
    stmt = build().compile()
    assert stmt.cql == cql
    assert show(stmt) == snapshot


def test_derived_statements(snapshot: SnapshotAssertion) -> None:
    qs = QuerySetCore(Review).filter(product_id=PID)
    row = qs.filter(created_at=WHEN, author="ann")
    key = "WHERE product_id = ? AND created_at = ? AND author = ?"
    derived = [
        (qs.count_statement(), f"SELECT count(*) AS count {BY_PRODUCT}"),
        (
            qs.aggregate_statement(
                avg=fn.avg(Review.rating), n=fn.count(), top=fn.max(Review.rating)
            ),
            f"SELECT avg(rating) AS avg, count(*) AS n, max(rating) AS top {BY_PRODUCT}",
        ),
        (
            row.ttl(60).timestamp(WHEN).update_statement(rating=5, body=None),
            f"UPDATE shop.review USING TTL ? AND TIMESTAMP ? SET rating = ?, body = ? {key}",
        ),
        (
            row.if_exists().update_statement(rating=4),
            f"UPDATE shop.review SET rating = ? {key} IF EXISTS",
        ),
        (
            row.iff(rating=3, body__ne=None).update_statement(rating=4),
            f"UPDATE shop.review SET rating = ? {key} IF rating = ? AND body != ?",
        ),
        (qs.delete_statement(), f"DELETE {BY_PRODUCT}"),
        (
            qs.filter(created_at__lt=WHEN).timestamp(1).delete_statement(),
            "DELETE FROM shop.review USING TIMESTAMP ? WHERE product_id = ? AND created_at < ?",
        ),
        (row.delete_statement("body"), f"DELETE body FROM shop.review {key}"),
        (
            QuerySetCore(PageViews)
            .filter(page="/")
            .update_statement(views__incr=2, clicks__decr=1),
            "UPDATE shop.page_views SET views = views + ?, clicks = clicks - ? WHERE page = ?",
        ),
    ]
    compiled = [compile(statement) for statement, _ in derived]
    assert [c.cql for c in compiled] == [cql for _, cql in derived]
    # the snapshot adds each statement's params, types and flags (LWT for the IF forms)
    assert "\n\n".join(show(c) for c in compiled) == snapshot


def test_execution_options() -> None:
    qs = (
        QuerySetCore(Product)
        .fetch_size(50)
        .page(b"\x01")
        .consistency("local_quorum")
        .timeout(2.5)
        .serial_consistency("SERIAL")
    )
    o = qs.options
    assert (o.fetch_size, o.paging_state, o.consistency, o.timeout, o.serial_consistency) == (
        50,
        b"\x01",
        "LOCAL_QUORUM",
        2.5,
        "SERIAL",
    )
    qs2 = qs.using(ttl=10, timestamp=5, timeout=1.0, consistency="ONE", connection="other")
    assert (qs2.writes.ttl, qs2.writes.timestamp, qs2.options.timeout) == (10, 5, 1.0)
    assert (qs2.options.consistency, qs2.connection) == ("ONE", "other")
    assert QuerySetCore(Product).timestamp(WHEN).writes.timestamp == 1714566600000000


def test_projection_is_exposed_for_hydration() -> None:
    qs = reviews().values_list("rating", flat=True)
    assert qs.projection.flat and qs.projection.values is not None
    assert qs.compile().result_columns == ("rating",)
    assert reviews().only("author").compile().result_columns == ("author",)
    assert reviews().compile().result_columns == tuple(Review.__schema__.columns)


def test_limit_none_and_order_by_none_clear() -> None:
    qs = reviews().limit(5).order_by("created_at")
    cleared = qs.limit(None).order_by()
    assert cleared.select.limit is None and cleared.select.order_by == ()


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: QuerySetCore(Product).filter(nope=1), UnknownColumnError, r"Product\.nope"),
        (lambda: QuerySetCore(Product).order_by("price"), QueryError, r"Product\.price: order_by"),
        (lambda: QuerySetCore(Product).order_by("-nope"), UnknownColumnError, r"Product\.nope"),
        (lambda: reviews().order_by("author"), QueryError, "clustering key order"),
        (lambda: reviews().order_by("-created_at", "-author"), QueryError, "exact reverse"),
        (lambda: reviews().only("author").only("body"), QueryError, "already called"),
        (lambda: reviews().only("nope"), UnknownColumnError, r"Review\.nope"),
        (lambda: reviews().only(), QueryError, "at least one column"),
        (lambda: reviews().defer("product_id"), QueryError, "cannot be deferred"),
        (lambda: reviews().defer("nope"), UnknownColumnError, r"Review\.nope"),
        (lambda: reviews().limit(-1), QueryError, "limit must be a positive int"),
        (lambda: reviews().limit(0), QueryError, "limit must be a positive int"),
        (lambda: reviews().limit(True), QueryError, "limit must be a positive int"),
        (lambda: reviews().per_partition_limit(0), QueryError, "per_partition_limit"),
        (lambda: reviews().fetch_size(0), QueryError, "fetch_size"),
        (lambda: reviews().timeout(0), QueryError, "timeout"),
        (lambda: reviews().consistency("MOST"), QueryError, "consistency"),
        (lambda: reviews().page("x"), QueryError, "paging state must be bytes"),
        (lambda: reviews().ttl(-1), InvalidValueError, "ttl must be"),
        (lambda: reviews().timestamp(dt.datetime(2024, 1, 1)), InvalidValueError, "aware"),
        (lambda: reviews().timestamp("now"), InvalidValueError, "timestamp must be"),
        (lambda: reviews().distinct("rating"), QueryError, r"Review\.rating: DISTINCT"),
        (lambda: reviews().order_by_ann("rating", [1]), InvalidLookupError, "vector column"),
        (lambda: reviews().values_list(Review.rating), TypeError, "selector"),  # a Field's value
        (lambda: reviews().values_list("a", "b", flat=True), TypeError, "exactly one"),
        (lambda: reviews().filter(True), TypeError, "plain bool"),
        (lambda: reviews().filter("rating > 3"), TypeError, "takes predicates"),
        (lambda: reviews().filter(Product.price > 1), UnknownColumnError, r"Review\.price"),
        (lambda: reviews().update_statement(rating=1), QueryError, r"Review\.created_at"),
        (lambda: reviews().update_statement(), QueryError, "at least one column"),
        (lambda: reviews().update_statement(author="x"), QueryError, "primary key"),
        (
            lambda: reviews().filter(created_at=WHEN).update_statement(product_name="x"),
            QueryError,
            r"Review\.created_at: update changes only static columns \(product_name\)",
        ),
        (
            lambda: reviews().filter(author__gt="a").delete_statement("product_name"),
            QueryError,
            r"Review\.author: delete changes only static.*restrict product_id only",
        ),
        (
            lambda: (
                reviews()
                .filter(created_at=WHEN, author="a")
                .iff(product_name="a")
                .update_statement(product_name="b")
            ),
            QueryError,
            r"Review\.created_at: update changes only static",
        ),
        (lambda: QuerySetCore(Event).filter(tenant="a").delete_statement(), QueryError, "day"),
        (lambda: reviews().delete_statement("body"), QueryError, r"Review\.created_at"),
        (lambda: reviews().delete_statement("author"), QueryError, "primary key"),
        (lambda: reviews().ttl(5).delete_statement(), QueryError, "no TTL"),
        (lambda: reviews().if_exists().delete_statement(), QueryError, r"Review\.created_at"),
        (
            lambda: (
                reviews()
                .filter(created_at=WHEN, author="a")
                .if_exists()
                .timestamp(1)
                .delete_statement()
            ),
            QueryError,
            "custom timestamp",
        ),
        (lambda: reviews().if_not_exists().delete_statement(), QueryError, "IF NOT EXISTS"),
        (lambda: reviews().aggregate_statement(), QueryError, "at least one"),
        (lambda: reviews().aggregate_statement(x=3), TypeError, "aggregate"),
        (lambda: fn.sum(Review.body), InvalidLookupError, "numeric"),
        (lambda: writetime(Review.author), InvalidLookupError, "primary key"),
        (lambda: writetime(Product.tags), InvalidLookupError, "non-frozen collection"),
        (lambda: reviews().iff(author="x"), InvalidLookupError, "outside the primary key"),
        (
            lambda: QuerySetCore(PageViews).filter(page="/").update_statement(views=3),
            InvalidLookupError,
            "__incr",
        ),
        (
            lambda: reviews().filter(created_at=WHEN, author="a").update_statement(rating__incr=1),
            InvalidLookupError,
            "counter",
        ),
    ],
)
def test_errors_before_anything_is_sent(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()


def test_queryset_refuses_mutation_and_truth() -> None:
    qs = QuerySetCore(Product)
    with pytest.raises(AttributeError, match="immutable"):
        qs.limit_value = 3  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="no truth value"):
        bool(qs)
    assert "SELECT" in repr(qs)


def test_subclasses_keep_their_type_and_slots() -> None:
    class Sub(QuerySetCore[Product]):
        __slots__ = ("_extra",)

        def __init__(self, model: type[Product], extra: str = "x") -> None:
            super().__init__(model)
            object.__setattr__(self, "_extra", extra)

    qs = Sub(Product, "kept").filter(price__gt=1).limit(3)
    assert type(qs) is Sub
    assert qs._extra == "kept"


def test_a_subclass_without_slots_keeps_chained_state() -> None:
    class Plain(QuerySetCore[Product]):
        pass

    qs = Plain(Product).filter(price__gt=1).limit(3)
    assert type(qs) is Plain
    stmt = qs.compile()
    assert stmt.cql.endswith(" WHERE price > ? LIMIT ?")
    assert stmt.params == (1.0, 3)


def test_not_a_model() -> None:
    with pytest.raises(QueryError, match="not a table model"):
        QuerySetCore(int)


def test_polymorphic_queries_read_the_shared_table_and_restrict_subclasses() -> None:
    root = QuerySetCore(Pet).filter(id=PID).compile()
    assert root.cql == "SELECT id, kind, name, lives, pride, good FROM shop.pet WHERE id = ?"
    assert QuerySetCore(Pet).row_filter is None
    cat = QuerySetCore(Cat)  # cat and lion rows: CQL has no IN on a regular column
    assert cat.compile().cql.endswith("FROM shop.pet")
    assert cat.row_filter == ("kind", frozenset({"cat", "lion"}))
    dog = QuerySetCore(Dog).filter(id=PID)
    assert dog.compile().cql.endswith("FROM shop.pet WHERE kind = ? AND id = ?")
    assert dog.compile().params == ("dog", PID)
    assert dog.row_filter is None


def test_polymorphic_bulk_writes_address_rows_by_key_only() -> None:
    dog = QuerySetCore(Dog).filter(id=PID)
    update = compile(dog.update_statement(good=False))
    assert update.cql == "UPDATE shop.pet SET good = ? WHERE id = ?"
    delete = compile(dog.delete_statement())
    assert delete.cql == "DELETE FROM shop.pet WHERE id = ?"


def test_bulk_writes_refuse_non_key_restrictions() -> None:
    qs = QuerySetCore(Product).filter(id=PID, brand="acme")
    with pytest.raises(QueryError, match=r"Product\.brand: update can only restrict primary key"):
        qs.update_statement(price=1.0)
    with pytest.raises(QueryError, match=r"Product\.brand: delete can only restrict primary key"):
        qs.delete_statement()
