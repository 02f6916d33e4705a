"""What a vector index refuses, checked before anything is sent.

Cassandra 5.0 validates every vector an SAI vector index holds or is searched with: each
component finite and at most 1e17 in magnitude, and, under the COSINE similarity (the
default), not the zero vector, whose direction is undefined ("Zero vectors cannot be
indexed or queried with cosine similarity"). A model knows its indexes, so coodie refuses
such a value when it is written to the column (``save``, ``insert``, ``update``) or used in
``order_by_ann()``, naming model, field and index::

    class Doc(Document):
        id: Annotated[int, PrimaryKey()]
        embedding: Annotated[list[float], Vector(3), VectorIndex()]

    Doc(id=1, embedding=[0.0, 0.0, 0.0]).save()
    # InvalidValueError: Doc.embedding: a zero vector cannot be indexed by the cosine
    # vector index doc_embedding_idx (Cassandra refuses it; use DOT_PRODUCT or EUCLIDEAN ...)

>>> check = vector_check_for(("doc_embedding_idx", "COSINE"))
>>> check([1.0, 0.0])
>>> check([0.0, 0.0])  # doctest: +ELLIPSIS
Traceback (most recent call last):
coodie.exceptions.InvalidValueError: a zero vector cannot be indexed by the cosine ...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from coodie.cql.types import VectorType
from coodie.exceptions import InvalidValueError
from coodie.model.schema import TableSchema

MAX_COMPONENT = 1e17
"""The largest magnitude Cassandra accepts in an indexed vector."""

_VECTOR_INDEX_CLASSES = ("sai", "storageattachedindex", "vector_index")

VectorCheck = Callable[[Any], None]
"""Raises :class:`~coodie.exceptions.InvalidValueError` for a vector its index refuses."""


def vector_index_of(schema: TableSchema, column: str) -> tuple[str, str] | None:
    """(index name, similarity function) of the vector index on ``column``, if any.

    An SAI index (or ScyllaDB's ``vector_index``) on a vector column; the similarity
    function defaults to COSINE, as in Cassandra.
    """
    col = schema.columns.get(column)
    if col is None or not isinstance(col.cql_type, VectorType):
        return None
    for index in schema.indexes:
        cls = (index.custom_class or "").rsplit(".", 1)[-1].lower()
        if index.column == column and cls in _VECTOR_INDEX_CLASSES:
            function = dict(index.options).get("similarity_function", "COSINE").upper()
            return index.name, function
    return None


def indexability_problem(function: str, index: str, vector: Sequence[Any]) -> str | None:
    """Why ``index`` (with similarity ``function``) cannot hold ``vector``, or ``None``.

    >>> indexability_problem("EUCLIDEAN", "i", [1.0, float("inf")])
    'component 1 is inf: vector index i needs finite numbers'
    >>> indexability_problem("DOT_PRODUCT", "i", [0.0, 0.0]) is None
    True
    """
    for i, x in enumerate(vector):
        if not isinstance(x, int | float):
            continue  # the type conversion reports it
        if not math.isfinite(x):
            return f"component {i} is {x}: vector index {index} needs finite numbers"
        if abs(x) > MAX_COMPONENT:
            return f"component {i} is {x}: vector index {index} accepts at most 1e17 in magnitude"
    if function == "COSINE" and not any(vector):
        return (
            f"a zero vector cannot be indexed by the cosine vector index {index} (Cassandra "
            "refuses it; use DOT_PRODUCT or EUCLIDEAN for vectors that may be zero)"
        )
    return None


def vector_check_for(index: tuple[str, str]) -> VectorCheck:
    """The check of vectors written to (or searched in) the column of ``index``
    (``(name, similarity function)``, as :func:`vector_index_of` returns it)."""
    name, function = index

    def check(vector: Any) -> None:
        if vector is None:
            return
        problem = indexability_problem(function, name, vector)
        if problem is not None:
            raise InvalidValueError(problem)

    return check


def checked_converter(convert: Callable[[Any], Any], check: VectorCheck) -> Callable[[Any], Any]:
    """``convert`` followed by ``check`` of its result (a column's ``to_driver``).

    >>> to_driver = checked_converter(list, vector_check_for(("i", "COSINE")))
    >>> to_driver((1.0, 2.0))
    [1.0, 2.0]
    """

    def to_driver(value: Any) -> Any:
        out = convert(value)
        check(out)
        return out

    return to_driver
