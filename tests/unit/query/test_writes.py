"""Write builders on real documents: insert, update, delete, counters and batches."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from syrupy.assertion import SnapshotAssertion

from coodie.ast.enums import BatchType
from coodie.compiler import compile
from coodie.exceptions import InvalidLookupError, InvalidValueError, QueryError, UnknownColumnError
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.model.document import DocumentCore
from coodie.query.writes import (
    batch,
    counter_statement,
    delete_statement,
    insert_statement,
    update_statement,
)

from ..catalog import PID, WHEN, Event, PageViews, Product, Review
from ..helpers import show


def product(**changes: Any) -> Product:
    return Product(id=PID, name="Anvil", price=9.5, **changes)


def test_new_document_insert_skips_none_fields_and_empty_collections() -> None:
    stmt = compile(insert_statement(product()))
    assert (
        stmt.cql
        == "INSERT INTO shop.product (id, name, brand, price, stock) VALUES (?, ?, ?, ?, ?)"
    )
    with_tags = compile(insert_statement(product(tags={"a"})))
    assert "tags" in with_tags.cql and {"a"} in with_tags.params
    assert stmt.routing_key_indexes == (0,)


class LateKey(DocumentCore):
    note: str = ""
    at: Annotated[int, ClusteringKey()]
    day: Annotated[str, PrimaryKey()]
    memo: str | None = None

    class Settings:
        keyspace = "shop"


def test_new_document_insert_writes_key_columns_first_in_key_order() -> None:
    stmt = compile(insert_statement(LateKey(note="n", at=1, day="d")))
    assert stmt.cql == "INSERT INTO shop.late_key (day, at, note) VALUES (?, ?, ?)"
    assert stmt.params == ("d", 1, "n")


def test_new_document_insert_names_the_field_a_value_does_not_convert_for() -> None:
    doc = Product.model_construct(id=PID, name="Anvil", price="cheap")
    with pytest.raises(InvalidValueError, match=r"Product\.price"):
        insert_statement(doc)


def test_loaded_document_insert_writes_changed_columns_only() -> None:
    doc = product()
    doc._mark_persisted()
    doc.price = 11.0
    doc.description = None
    stmt = compile(insert_statement(doc))
    assert stmt.cql == "INSERT INTO shop.product (id, price) VALUES (?, ?)"
    assert stmt.params == (PID, 11.0)


def test_write_statements(snapshot: SnapshotAssertion) -> None:
    review = Review(product_id=PID, created_at=WHEN, author="ann", rating=4)
    review._mark_persisted()
    review.body = "great"
    review.rating = 5
    columns = "(id, name, brand, price, stock) VALUES (?, ?, ?, ?, ?)"
    row = "WHERE product_id = ? AND created_at = ? AND author = ?"
    writes = [
        (
            insert_statement(product(), ttl=3600, if_not_exists=True),
            f"INSERT INTO shop.product {columns} IF NOT EXISTS USING TTL ?",
        ),
        (
            insert_statement(product(), ttl=3600, timestamp=WHEN),
            f"INSERT INTO shop.product {columns} USING TTL ? AND TIMESTAMP ?",
        ),
        (
            insert_statement(product(), keyspace="staging"),
            f"INSERT INTO staging.product {columns}",
        ),
        (update_statement(review), f"UPDATE shop.review SET rating = ?, body = ? {row}"),
        (
            update_statement(review, if_conditions={"rating": 4}, ttl=60),
            f"UPDATE shop.review USING TTL ? SET rating = ?, body = ? {row} IF rating = ?",
        ),
        (
            update_statement(
                Product,
                {"id": PID},
                price=12.0,
                description=None,
                tags__add={"sale"},
                images__append=["b.png"],
                attrs__update={"color": "red"},
                timestamp=7,
            ),
            "UPDATE shop.product USING TIMESTAMP ? SET price = ?, description = ?, "
            "tags = tags + ?, images = images + ?, attrs = attrs + ? WHERE id = ?",
        ),
        (
            update_statement(
                Product,
                {"id": PID},
                tags__remove=["old"],
                images__prepend=["a.png"],
                attrs__remove={"size"},
            ),
            "UPDATE shop.product SET tags = tags - ?, images = ? + images, attrs = attrs - ? "
            "WHERE id = ?",
        ),
        (
            update_statement(
                Product, {"id": PID}, images__setitem=(0, "c.png"), attrs__setitem=("weight", "1kg")
            ),
            "UPDATE shop.product SET images[?] = ?, attrs[?] = ? WHERE id = ?",
        ),
        (delete_statement(review), f"DELETE FROM shop.review {row}"),
        (
            delete_statement(review, columns=("body",), if_exists=True),
            f"DELETE body FROM shop.review {row} IF EXISTS",
        ),
        (
            delete_statement(review, columns=("product_name",), timestamp=WHEN),
            "DELETE product_name FROM shop.review USING TIMESTAMP ? WHERE product_id = ?",
        ),
        (
            delete_statement(Review, {"product_id": PID}, columns=("product_name",)),  # static
            "DELETE product_name FROM shop.review WHERE product_id = ?",
        ),
        (
            delete_statement(Review, {"product_id": PID, "created_at__gte": WHEN}),
            "DELETE FROM shop.review WHERE product_id = ? AND created_at >= ?",
        ),
        (
            delete_statement(
                Event, {"tenant": "a", "day": WHEN.date(), "at": WHEN}, if_conditions={"kind": "x"}
            ),
            "DELETE FROM shop.event WHERE tenant = ? AND day = ? AND at = ? IF kind = ?",
        ),
        (
            counter_statement(PageViews, {"page": "/"}, views=3, clicks=-1),
            "UPDATE shop.page_views SET views = views + ?, clicks = clicks - ? WHERE page = ?",
        ),
    ]
    compiled = [compile(statement) for statement, _ in writes]
    assert [c.cql for c in compiled] == [cql for _, cql in writes]
    # the snapshot adds each statement's params, types and flags
    assert "\n\n".join(show(c) for c in compiled) == snapshot


def test_counter_document_uses_its_deltas() -> None:
    views = PageViews(page="/", views=5)
    stmt = compile(counter_statement(views))
    assert stmt.cql == "UPDATE shop.page_views SET views = views + ? WHERE page = ?"
    assert stmt.params == (5, "/")
    assert not stmt.is_idempotent


def test_batches_of_documents() -> None:
    logged = batch(insert_statement(product()), delete_statement(Product, {"id": PID}), timestamp=5)
    counters = batch(
        counter_statement(PageViews, {"page": "/"}, views=1), batch_type=BatchType.COUNTER
    )
    assert logged.cql == (
        "BEGIN BATCH USING TIMESTAMP ?\n"
        "  INSERT INTO shop.product (id, name, brand, price, stock) VALUES (?, ?, ?, ?, ?);\n"
        "  DELETE FROM shop.product WHERE id = ?;\n"
        "APPLY BATCH"
    )
    assert logged.timestamp == 5
    assert logged.params == (5, PID, "Anvil", "", 9.5, 0, PID)  # the timestamp first
    assert counters.cql == (
        "BEGIN COUNTER BATCH\n"
        "  UPDATE shop.page_views SET views = views + ? WHERE page = ?;\n"
        "APPLY BATCH"
    )
    assert counters.params == (1, "/")
    assert not logged.is_lwt and not counters.is_lwt
    with pytest.raises(QueryError, match="COUNTER"):
        batch(counter_statement(PageViews, {"page": "/"}, views=1))
    with pytest.raises(InvalidValueError, match="aware"):
        batch(insert_statement(product()), timestamp=WHEN.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: insert_statement(PageViews(page="/")), QueryError, "counter table"),
        (lambda: insert_statement(product(), ttl=-5), InvalidValueError, "ttl"),
        (
            lambda: insert_statement(product(), timestamp=WHEN.replace(tzinfo=None)),
            InvalidValueError,
            "aware",
        ),
        (lambda: update_statement(Product, {"id": PID}), QueryError, "at least one column"),
        (
            lambda: update_statement(Product, {"id": PID}, id=PID),
            QueryError,
            r"Product\.id: a primary key",
        ),
        (
            lambda: update_statement(Product, {"name": "x"}, price=1.0),
            QueryError,
            r"Product\.name: update can only restrict primary key",
        ),
        (lambda: update_statement(Product, {"id__gt": PID}, price=1.0), QueryError, r"Product\.id"),
        (lambda: update_statement(Product, None, price=1.0), QueryError, "primary key values"),
        (lambda: update_statement(product(), {"id": PID}, price=1.0), QueryError, "not both"),
        (
            lambda: update_statement(Product, {"id": PID}, nope=1),
            UnknownColumnError,
            r"Product\.nope: no such column$",
        ),
        (
            lambda: update_statement(product(), tll=3),
            UnknownColumnError,
            r"Product\.tll: no such column \(did you mean the option ttl=\?\)$",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, prise=1.0),
            UnknownColumnError,
            r"Product\.prise: no such column \(did you mean price\?\)$",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, price="x"),
            InvalidValueError,
            r"Product\.price",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, price__add=1),
            InvalidLookupError,
            "set column",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, tags__append=["x"]),
            InvalidLookupError,
            "list column",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, tags__update={}),
            InvalidLookupError,
            "map column",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, price__remove=1),
            InvalidLookupError,
            "__remove",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, tags__setitem=(1, "a")),
            InvalidLookupError,
            "list or map",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, images__setitem="a"),
            InvalidValueError,
            "pair",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, tags__frob=1),
            InvalidLookupError,
            "unknown update lookup",
        ),
        (
            lambda: update_statement(
                Product, {"id": PID}, price=1.0, if_exists=True, if_conditions={"stock": 1}
            ),
            QueryError,
            "not both",
        ),
        (lambda: delete_statement(Event, {"tenant": "a"}), QueryError, r"Event\.day"),
        (
            lambda: delete_statement(Event, {"tenant": "a", "day": WHEN.date()}, if_exists=True),
            QueryError,
            r"Event\.at",
        ),
        (
            lambda: update_statement(Product, {"id": PID}, price=1.0, if_exists=True, timestamp=1),
            QueryError,
            "custom timestamp",
        ),
        (
            lambda: insert_statement(product(), if_not_exists=True, timestamp=1),
            QueryError,
            "custom",
        ),
        (
            lambda: delete_statement(Review, {"product_id": PID}, columns=("body",)),
            QueryError,
            r"Review\.created_at",
        ),
        (lambda: delete_statement(product(), columns=("id",)), QueryError, "primary key"),
        (lambda: counter_statement(Product, {"id": PID}, stock=1), QueryError, "counter model"),
        (lambda: counter_statement(PageViews, {"page": "/"}), QueryError, "no counter"),
        (
            lambda: counter_statement(PageViews, {"page": "/"}, views="1"),
            InvalidValueError,
            r"PageViews\.views",
        ),
        (
            lambda: counter_statement(PageViews, {"page": "/"}, views=True),
            InvalidValueError,
            "counter delta must be an int",
        ),
        (
            lambda: insert_statement(Product(id=PID, name="x").model_copy(update={"id": None})),
            InvalidValueError,
            "primary key",
        ),
    ],
)
def test_write_errors(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()
