"""Index families (regular, SASI, SAI) and which restrictions each one answers.

>>> like_pattern("al%")
('LIKE_PREFIX', 'al')
>>> like_pattern("%li%")
('LIKE_CONTAINS', 'li')
>>> family_of_class("sai"), family_of_class("org.apache.cassandra.index.sasi.SASIIndex")
('sai', 'sasi')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coodie.cql.types import CqlType, NativeType
from coodie.embedded.errors import invalid

if TYPE_CHECKING:
    from coodie.embedded.catalog import Index

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
        if op in ("CONTAINS", "CONTAINS KEY", "ENTRY="):
            return {"CONTAINS": "values", "CONTAINS KEY": "keys", "ENTRY=": "entries"}[op] == kind
        if kind not in ("simple", "full"):
            return False
        return op == "=" or (op in SLICES and name not in _LITERAL and kind == "simple")
    return False


SIMILARITY_FUNCTIONS = ("COSINE", "DOT_PRODUCT", "EUCLIDEAN")
_SASI_MODES = ("PREFIX", "CONTAINS", "SPARSE")


def check_index_options(
    fam: str, column: str, t: CqlType, options: tuple[tuple[str, str], ...]
) -> None:
    """Validate the ``WITH OPTIONS`` of a SASI or SAI index on ``column`` of type ``t``.

    >>> check_index_options("sasi", "n", NativeType("int"), (("mode", "SPARSE"),))
    >>> check_index_options("sasi", "n", NativeType("int"), (("mode", "FUZZY"),))
    Traceback (most recent call last):
    coodie.exceptions.InvalidRequest: Unsupported SASI index mode FUZZY (PREFIX, CONTAINS or SPARSE)
    """
    opts = {k.lower(): v for k, v in options}
    name = t.name if isinstance(t, NativeType) else ""
    if fam == "sasi":
        mode = opts.get("mode", "PREFIX").upper()
        if mode not in _SASI_MODES:
            raise invalid(f"Unsupported SASI index mode {mode} (PREFIX, CONTAINS or SPARSE)")
        if mode == "SPARSE" and name in _TEXT:
            raise invalid(f"SPARSE mode is only supported on non-literal columns ({column})")
    if fam == "sai" and "similarity_function" in opts:
        from coodie.cql.types import VectorType

        if not isinstance(t, VectorType):
            raise invalid(f"similarity_function is only supported on vector columns ({column})")
        fn = opts["similarity_function"].upper()
        if fn not in SIMILARITY_FUNCTIONS:
            raise invalid(
                f"Unsupported similarity_function {opts['similarity_function']} "
                "(COSINE, DOT_PRODUCT or EUCLIDEAN)"
            )
