"""Validating and quoting CQL identifiers.

>>> quote_identifier("price")
'price'
>>> quote_identifier("Price")
'"Price"'
>>> quote_identifier("select")
'"select"'
"""

from __future__ import annotations

import re
from functools import lru_cache

from coodie.exceptions import QueryError

_UNQUOTED = re.compile(r"[a-z][a-z0-9_]*\Z")

# Reserved words of CQL 3 (Cassandra 4.x/5.x and ScyllaDB): these must be quoted.
RESERVED_WORDS: frozenset[str] = frozenset(
    [
        "add",
        "allow",
        "alter",
        "and",
        "apply",
        "asc",
        "authorize",
        "batch",
        "begin",
        "by",
        "columnfamily",
        "create",
        "default",
        "delete",
        "desc",
        "describe",
        "drop",
        "entries",
        "execute",
        "from",
        "full",
        "grant",
        "if",
        "in",
        "index",
        "infinity",
        "insert",
        "into",
        "is",
        "keyspace",
        "limit",
        "mbean",
        "mbeans",
        "modify",
        "nan",
        "norecursive",
        "not",
        "null",
        "of",
        "on",
        "or",
        "order",
        "primary",
        "rename",
        "replace",
        "revoke",
        "schema",
        "select",
        "set",
        "table",
        "to",
        "token",
        "truncate",
        "unlogged",
        "unset",
        "update",
        "use",
        "using",
        "view",
        "where",
        "with",
    ]
)


@lru_cache(maxsize=4096)
def quote_identifier(name: str) -> str:
    """Return ``name`` as CQL text, quoted when CQL needs it.

    Lowercase names that are not reserved words stay bare; anything else is
    double-quoted with embedded quotes doubled. Empty names are rejected.
    """
    if not isinstance(name, str) or not name:
        raise QueryError(f"invalid CQL identifier {name!r}")
    if "\x00" in name:
        raise QueryError(f"invalid CQL identifier {name!r}: contains a NUL character")
    if _UNQUOTED.match(name) and name not in RESERVED_WORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified_name(keyspace: str | None, name: str) -> str:
    """``keyspace.name`` with both parts quoted as needed.

    >>> qualified_name("shop", "Orders")
    'shop."Orders"'
    """
    if keyspace:
        return f"{quote_identifier(keyspace)}.{quote_identifier(name)}"
    return quote_identifier(name)
