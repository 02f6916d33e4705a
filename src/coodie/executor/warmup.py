"""Warming prepared statements: a model's hot statements, prepared before the first request.

With ``init_coodie(..., prepare_on_sync=True)``, ``sync_table()`` prepares the CQL of
a model's get by primary key, full-row insert and delete by key on the connection's
driver, so the first request of each shape does not pay a prepare round trip::

    hot_statements(Product)
    # ('SELECT id, name FROM shop.product WHERE id = ? LIMIT ?',
    #  'INSERT INTO shop.product (id, name) VALUES (?, ?)',
    #  'DELETE FROM shop.product WHERE id = ?')

The texts are rendered by the compiler from the same nodes the document paths
build, so they are the exact keys of the drivers' prepared-statement caches.
"""

from __future__ import annotations

from coodie.ast import Bind, Column, Comparison, Delete, Insert, Operator, Select, Table
from coodie.compiler import compile
from coodie.model.boundary import ModelClass
from coodie.model.polymorphism import discriminator_filter
from coodie.model.schema import TableSchema

GET_LIMIT = 2
"""``get`` asks for two rows to tell "one" from "more than one"."""


def hot_statements(model: ModelClass) -> tuple[str, ...]:
    """The CQL of ``model``'s get by primary key, full-row insert and delete by key.

    A model whose rows are filtered by a discriminator gets no ``get`` text (its
    ``get`` takes the general query path). A model without a table schema has none.
    """
    schema = getattr(model, "__schema__", None)
    if not isinstance(schema, TableSchema) or schema.is_counter:
        return ()
    table = Table(schema.keyspace, schema.name, schema.partition_key)
    names = tuple(schema.columns)
    key = tuple(
        Comparison(Column(n), Operator.EQ, Bind(None, schema.columns[n].cql_type))
        for n in schema.primary_key
    )
    texts: list[str] = []
    if discriminator_filter(model) is None:
        limit = Bind(GET_LIMIT, None)
        select = Select(table, tuple(Column(n) for n in names), key, limit=limit)
        texts.append(compile(select).cql)
    binds = tuple(Bind(None, schema.columns[n].cql_type) for n in names)
    texts.append(compile(Insert(table, tuple(Column(n) for n in names), binds)).cql)
    texts.append(compile(Delete(table, key)).cql)
    return tuple(texts)
