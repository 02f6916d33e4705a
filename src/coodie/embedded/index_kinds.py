"""Index families (regular, SASI, SAI) and which restrictions each one answers.

>>> like_pattern("al%")
('LIKE_PREFIX', 'al')
>>> like_pattern("%li%")
('LIKE_CONTAINS', 'li')
>>> family_of_class("sai"), family_of_class("org.apache.cassandra.index.sasi.SASIIndex")
('sai', 'sasi')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coodie.cql.types import CqlType, NativeType, VectorType
from coodie.embedded.errors import invalid
from coodie.embedded.vectors import SIMILARITY_FUNCTIONS, check_query_vector

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index, Table

SASI_CLASS = "org.apache.cassandra.index.sasi.SASIIndex"
SAI_CLASS = "org.apache.cassandra.index.sai.StorageAttachedIndex"
SLICES = ("<", "<=", ">", ">=")

_LIKE_TEXT = {
    "LIKE_PREFIX": "LIKE '<term>%'",
    "LIKE_SUFFIX": "LIKE '%<term>'",
    "LIKE_CONTAINS": "LIKE '%<term>%'",
    "LIKE_MATCHES": "LIKE '<term>'",
}
_LITERAL = {"text", "varchar", "ascii", "boolean"}
_TEXT = {"text", "varchar", "ascii"}


def family_of_class(custom: str | None) -> str:
    """``regular`` (no class), ``sasi``, ``sai`` or ``custom`` (any other class)."""
    if custom is None:
        return "regular"
    low = custom.lower()
    if low.endswith("sasiindex"):
        return "sasi"
    if low == "sai" or low.endswith("storageattachedindex"):
        return "sai"
    return "custom"


def family(idx: Index) -> str:
    """The family of a catalog index."""
    return family_of_class(idx.custom)


def sasi_mode(idx: Index) -> str | None:
    """A SASI index's mode (PREFIX by default; CONTAINS, SPARSE), else None."""
    if family(idx) != "sasi":
        return None
    return dict(idx.options).get("mode", "PREFIX").upper()


def like_pattern(text: str) -> tuple[str, str]:
    """Cassandra's reading of a LIKE value: (operator, term).

    >>> like_pattern("bob")
    ('LIKE_MATCHES', 'bob')
    """
    if len(text) > 1 and text.startswith("%") and text.endswith("%"):
        kind, term = "LIKE_CONTAINS", text[1:-1]
    elif text.startswith("%"):
        kind, term = "LIKE_SUFFIX", text[1:]
    elif text.endswith("%"):
        kind, term = "LIKE_PREFIX", text[:-1]
    else:
        kind, term = "LIKE_MATCHES", text
    if not term:
        raise invalid("empty value for LIKE clause")
    return kind, term


def like_refused(column: str, kind: str, term: str) -> Exception:
    """The error for a LIKE form the column's SASI mode cannot answer."""
    return invalid(
        f"{column} {_LIKE_TEXT[kind]} {term} is only supported on properly indexed columns"
    )


def supports(idx: Index, kind: str, t: CqlType, op: str) -> bool:
    """Whether index ``idx`` (target ``kind``) answers ``op`` on a column of type ``t``.

    ``op`` is ``=``, a slice, ``CONTAINS``, ``CONTAINS KEY``, ``ENTRY=`` or a LIKE_* operator.
    """
    fam = family(idx)
    name = t.name if isinstance(t, NativeType) else ""
    if fam == "regular":
        return (
            (op == "=" and kind in ("simple", "full"))
            or (op == "CONTAINS" and kind == "values")
            or (op == "CONTAINS KEY" and kind == "keys")
            or (op == "ENTRY=" and kind == "entries")
        )
    if fam == "sasi":
        if kind != "simple":
            return False
        if op.startswith("LIKE_"):
            if name not in _TEXT:
                return False
            mode = sasi_mode(idx)
            return op in ("LIKE_PREFIX", "LIKE_MATCHES") or mode == "CONTAINS"
        return op == "=" or op in SLICES
    if fam == "sai":
        if isinstance(t, VectorType):
            raise invalid("Vector indexes only support ANN queries")
        if op in ("CONTAINS", "CONTAINS KEY", "ENTRY="):
            return {"CONTAINS": "values", "CONTAINS KEY": "keys", "ENTRY=": "entries"}[op] == kind
        if kind not in ("simple", "full"):
            return False
        return op == "=" or (op in SLICES and name not in _LITERAL and kind == "simple")
    return False


_SASI_MODES = ("PREFIX", "CONTAINS", "SPARSE")
_VECTOR_OPTIONS = (
    "similarity_function",
    "maximum_node_connections",
    "construction_beam_width",
    "optimize_for",
)
VECTOR_INDEX_WARNING = (
    "SAI ANN indexes on vector columns are experimental and are not recommended for "
    "production use.\nThey don't yet support SELECT queries with:\n"
    " * Consistency level higher than ONE/LOCAL_ONE.\n * Paging.\n * No LIMIT clauses.\n"
    " * PER PARTITION LIMIT clauses.\n * GROUP BY clauses.\n * Aggregation functions.\n"
    " * Filters on columns without a SAI index."
)
"""The warning Cassandra 5.0 gives when an SAI index is created on a vector column."""


def vector_index(table: Table, idx: Index) -> tuple[str, int] | None:
    """(similarity function, dimensions) of an SAI index on a vector column, else None.

    The similarity function defaults to COSINE, as in Cassandra.
    """
    t = table.columns[idx.column].type
    if family(idx) != "sai" or not isinstance(t, VectorType):
        return None
    fn = dict(idx.options).get("similarity_function", "COSINE").upper()
    return fn, t.dimensions


def check_indexed_vectors(table: Table, written: Iterable[tuple[str, Any]]) -> None:
    """Refuse a write of a vector its column's SAI vector index cannot hold (Cassandra 5.0
    validates every indexed vector: finite components within 1e17, not zero under cosine).

    ``written`` pairs column names with the values a statement writes (``None`` deletes).
    """
    if not table.indexes:
        return
    functions = {
        idx.column: found[0]
        for idx in table.indexes.values()
        if (found := vector_index(table, idx)) is not None
    }
    if not functions:
        return
    for name, value in written:
        function = functions.get(name)
        if function is not None and isinstance(value, tuple | list):
            check_query_vector(function, value)


def check_index_options(
    fam: str, column: str, t: CqlType, options: tuple[tuple[str, str], ...], name: str = ""
) -> tuple[str, ...]:
    """Validate the ``WITH OPTIONS`` of a SASI or SAI index on ``column`` of type ``t``.

    Returns the warnings the creation gives (Cassandra 5.0 warns about vector indexes).

    >>> check_index_options("sasi", "n", NativeType("int"), (("mode", "SPARSE"),))
    ()
    >>> check_index_options("sasi", "n", NativeType("int"), (("mode", "FUZZY"),))
    Traceback (most recent call last):
    coodie.exceptions.InvalidRequest: Unsupported SASI index mode FUZZY (PREFIX, CONTAINS or SPARSE)
    """
    opts = {k.lower(): v for k, v in options}
    tname = t.name if isinstance(t, NativeType) else ""
    if fam == "sasi":
        mode = opts.get("mode", "PREFIX").upper()
        if mode not in _SASI_MODES:
            raise invalid(f"Unsupported SASI index mode {mode} (PREFIX, CONTAINS or SPARSE)")
        if mode == "SPARSE" and tname in _TEXT:
            raise invalid(f"SPARSE mode is only supported on non-literal columns ({column})")
    if fam != "sai":
        return ()
    if any(o in opts for o in _VECTOR_OPTIONS) and not isinstance(t, VectorType):
        raise invalid(f"CQL type {t.cql()} cannot have vector options")
    if not isinstance(t, VectorType):
        return ()
    fn = opts.get("similarity_function", "COSINE").upper()
    if fn not in SIMILARITY_FUNCTIONS:
        raise invalid(
            f"Similarity function {fn} was not recognized for index {name}. "
            f"Valid values are: {', '.join(SIMILARITY_FUNCTIONS)}"
        )
    if t.element != NativeType("float"):
        raise invalid("SAI ANN indexes are only allowed on vector columns with float elements")
    if t.dimensions == 1 and fn == "COSINE":
        raise invalid("Cosine similarity is not supported for single-dimension vectors")
    return (VECTOR_INDEX_WARNING,)
