"""Vector similarity as Cassandra 5.0 defines it, with an optional numpy fast path.

The three similarity functions of storage-attached vector indexes and of the
``similarity_*`` selectors, each a score where larger means closer:

- ``COSINE``: ``(1 + cos(a, b)) / 2``, in [0, 1];
- ``DOT_PRODUCT``: ``(1 + a·b) / 2``;
- ``EUCLIDEAN``: ``1 / (1 + |a - b|²)``, in (0, 1].

Scores are computed in double precision from the stored float values (the exact
ranking); :func:`as_float` rounds one to the 32-bit ``float`` a selector returns.
numpy, when installed (``pip install 'coodie[numpy]'``), only preselects candidates;
:func:`accelerated` tells whether it is used, :func:`use_numpy` switches it (tests run
both paths).

>>> similarity("COSINE", (1.0, 0.0), (0.0, 1.0))
0.5
>>> similarity("EUCLIDEAN", (1.0, 2.0), (1.0, 0.0))
0.2
>>> similarity("DOT_PRODUCT", (1.0, 2.0), (3.0, 4.0))
6.0
"""

from __future__ import annotations

import importlib.util
import math
import struct
from collections.abc import Sequence

from coodie.embedded.errors import invalid

SIMILARITY_FUNCTIONS = ("EUCLIDEAN", "DOT_PRODUCT", "COSINE")
"""The similarity functions, in the order Cassandra lists them in its errors."""

SELECTOR_FUNCTIONS = {
    "similarity_cosine": "COSINE",
    "similarity_euclidean": "EUCLIDEAN",
    "similarity_dot_product": "DOT_PRODUCT",
}
"""The CQL selector functions and the similarity each computes."""

_HAVE_NUMPY = importlib.util.find_spec("numpy") is not None
_state = {"numpy": _HAVE_NUMPY}


def accelerated() -> bool:
    """Whether numpy preselects nearest-neighbour candidates (installed and not switched off).

    >>> accelerated() in (True, False)
    True
    """
    return _state["numpy"]


def use_numpy(enabled: bool) -> bool:
    """Switch the numpy path on or off (new vector indexes follow); returns the old setting.

    Turning it on without numpy installed keeps the pure-Python path.

    >>> old = use_numpy(False); accelerated()
    False
    >>> _ = use_numpy(old)
    """
    old = _state["numpy"]
    _state["numpy"] = enabled and _HAVE_NUMPY
    return old


def dot(a: Sequence[float], b: Sequence[float]) -> float:
    """The dot product of two vectors of equal length.

    >>> dot((1.0, 2.0), (3.0, 4.0))
    11.0
    """
    return math.fsum(x * y for x, y in zip(a, b, strict=True))


def similarity(function: str, a: Sequence[float], b: Sequence[float]) -> float:
    """The score of ``a`` against ``b`` under ``function`` (COSINE, DOT_PRODUCT, EUCLIDEAN).

    A cosine against a zero vector is NaN (the callers refuse zero vectors first).

    >>> similarity("COSINE", (1.0, 1.0), (2.0, 2.0))
    1.0
    """
    if function == "DOT_PRODUCT":
        return (1.0 + dot(a, b)) / 2.0
    if function == "EUCLIDEAN":
        d2 = math.fsum((x - y) * (x - y) for x, y in zip(a, b, strict=True))
        return 1.0 / (1.0 + d2)
    norms = math.sqrt(dot(a, a) * dot(b, b))
    if norms == 0.0:
        return math.nan
    return (1.0 + dot(a, b) / norms) / 2.0


def as_float(score: float) -> float:
    """``score`` rounded to a 32-bit float, the type the similarity selectors return.

    >>> as_float(0.1)
    0.10000000149011612
    """
    return float(struct.unpack(">f", struct.pack(">f", score))[0])


def is_zero(v: Sequence[float]) -> bool:
    """Whether every component of ``v`` is zero.

    >>> is_zero((0.0, -0.0)), is_zero((0.0, 1e-30))
    (True, False)
    """
    return not any(v)


MAX_COMPONENT = 1e17
"""The largest magnitude a component of an indexed vector may have (as in Cassandra)."""


def java_float_text(x: float) -> str:
    """``x`` as Java's ``Float.toString`` writes it (how Cassandra's messages show values).

    >>> java_float_text(1e18), java_float_text(0.5), java_float_text(float("nan"))
    ('1.0E18', '0.5', 'NaN')
    """
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    f = as_float(x)
    text = next(t for p in range(1, 10) if as_float(float(t := f"{f:.{p}g}")) == f)
    if f == 0 or 1e-3 <= abs(f) < 1e7:
        return repr(float(text))
    mantissa, _, exponent = f"{float(text):.{max(1, len(text))}e}".partition("e")
    mantissa = mantissa.rstrip("0")
    mantissa += "0" if mantissa.endswith(".") else ""
    return f"{mantissa}E{int(exponent)}"


def check_query_vector(function: str, v: Sequence[float]) -> None:
    """Refuse a vector an index cannot hold or search with: a non-finite component, one
    beyond 1e17 in magnitude, or (under cosine) a zero vector, with Cassandra 5.0's words.

    >>> check_query_vector("COSINE", (0.0, 0.0))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coodie.exceptions.InvalidRequest: Zero vectors cannot be indexed or queried with cosine ...
    >>> check_query_vector("EUCLIDEAN", (0.0, 2e17))
    Traceback (most recent call last):
    coodie.exceptions.InvalidRequest: Out-of-bounds value at vector[1]=2.0E17
    """
    for i, x in enumerate(v):
        if not math.isfinite(x):
            raise invalid(f"non-finite value at vector[{i}]={java_float_text(x)}")
        if abs(x) > MAX_COMPONENT:
            raise invalid(f"Out-of-bounds value at vector[{i}]={java_float_text(x)}")
    if function == "COSINE" and is_zero(v):
        raise invalid("Zero vectors cannot be indexed or queried with cosine similarity")
