"""``coodie.cql.identifiers``: which names stay bare, how others are quoted, which are refused."""

from __future__ import annotations

import pytest

from coodie.cql.identifiers import RESERVED_WORDS, qualified_name, quote_identifier
from coodie.exceptions import QueryError


@pytest.mark.parametrize(
    ("name", "cql"),
    [
        ("price", "price"),
        ("unit_price_2", "unit_price_2"),
        ("Price", '"Price"'),
        ("camelCase", '"camelCase"'),
        ("2fast", '"2fast"'),
        ("_private", '"_private"'),
        ("with space", '"with space"'),
        ("naïve", '"naïve"'),
        ('say "hi"', '"say ""hi"""'),
        ("select", '"select"'),
        ("token", '"token"'),
        ("SELECT", '"SELECT"'),
        ("ttl", "ttl"),  # a keyword CQL does not reserve stays bare
        ("text", "text"),
    ],
)
def test_quoting(name: str, cql: str) -> None:
    assert quote_identifier(name) == cql


def test_every_reserved_word_is_quoted() -> None:
    assert {"select", "from", "where", "primary", "table", "keyspace"} <= RESERVED_WORDS
    for word in RESERVED_WORDS:
        assert quote_identifier(word) == f'"{word}"'


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "invalid CQL identifier ''"),
        ("a\x00b", "invalid CQL identifier 'a\\\\x00b': contains a NUL character"),
        (None, "invalid CQL identifier None"),
        (3, "invalid CQL identifier 3"),
    ],
)
def test_names_that_cannot_be_identifiers_are_refused(name: object, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        quote_identifier(name)  # type: ignore[arg-type]


def test_qualified_names_quote_each_part() -> None:
    assert qualified_name("shop", "orders") == "shop.orders"
    assert qualified_name("Shop", "order") == '"Shop"."order"'
    assert qualified_name("shop", "Order Lines") == 'shop."Order Lines"'
    assert qualified_name(None, "orders") == "orders"
    assert qualified_name("", "Orders") == '"Orders"'
    with pytest.raises(QueryError, match="invalid CQL identifier ''"):
        qualified_name("shop", "")
