"""Parse the CQL type text that ``system_schema`` stores into :mod:`coodie.cql.types` values.

Cassandra 4.x writes types such as ``'frozen<map<int, frozen<set<text>>>>'``,
``'list<frozen<tuple<int, int>>>'`` or a user type's name (quoted when CQL needs it)::

    >>> parse_cql_type("frozen<list<int>>").cql()
    'frozen<list<int>>'
    >>> parse_cql_type('map<text, frozen<"Addr">>').value.name
    'Addr'

User types come back by name only (``fields=()``): ``system_schema.types`` holds
their fields. Unknown names that are not native are taken as user type names.
"""

from __future__ import annotations

import re

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
    frozen,
)
from coodie.exceptions import CoodieError

_TOKEN = re.compile(
    r"""\s*(?:(?P<quoted>"(?:[^"]|"")*")|(?P<custom>'[^']*')|(?P<word>[\w.$]+)|(?P<punct>[<>,]))"""
)

_ALIASES = {"varchar": "text"}


class CqlTypeParseError(CoodieError, ValueError):
    """A type text from ``system_schema`` could not be read."""


def parse_cql_type(text: str) -> CqlType:
    """Parse one CQL type text (see the module docstring)."""
    tokens = _tokenize(text)
    parser = _Parser(text, tokens)
    result = parser.parse_type()
    if parser.pos != len(tokens):
        raise CqlTypeParseError(f"unexpected {tokens[parser.pos]!r} in CQL type {text!r}")
    return result


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None:
            raise CqlTypeParseError(f"cannot read CQL type {text!r} at offset {pos}")
        tokens.append(match.group(match.lastgroup or "word"))
        pos = match.end()
    if not tokens:
        raise CqlTypeParseError("empty CQL type text")
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[str]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0

    def _next(self) -> str:
        if self.pos >= len(self.tokens):
            raise CqlTypeParseError(f"CQL type {self.text!r} ends too early")
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _expect(self, token: str) -> None:
        got = self._next()
        if got != token:
            raise CqlTypeParseError(f"expected {token!r}, got {got!r} in CQL type {self.text!r}")

    def _args(self) -> list[CqlType | int]:
        self._expect("<")
        args: list[CqlType | int] = []
        while True:
            token = self.tokens[self.pos] if self.pos < len(self.tokens) else ""
            if token.isdigit():
                args.append(int(self._next()))
            else:
                args.append(self.parse_type())
            sep = self._next()
            if sep == ">":
                return args
            if sep != ",":
                raise CqlTypeParseError(f"expected ',' or '>' in CQL type {self.text!r}")

    def _types(self, count: int | None, what: str) -> list[CqlType]:
        args = self._args()
        types = [a for a in args if not isinstance(a, int)]
        if len(types) != len(args) or (count is not None and len(args) != count):
            raise CqlTypeParseError(f"wrong arguments for {what} in CQL type {self.text!r}")
        return types

    def parse_type(self) -> CqlType:
        token = self._next()
        if token in ("<", ">", ","):
            raise CqlTypeParseError(f"unexpected {token!r} in CQL type {self.text!r}")
        if token.startswith('"'):
            return UserDefinedType(name=token[1:-1].replace('""', '"'), fields=(), frozen=False)
        if token.startswith("'"):
            return NativeType(token[1:-1])
        name = token.lower()
        if name == "frozen":
            (inner,) = self._types(1, "frozen")
            return frozen(inner)
        if name == "list":
            (element,) = self._types(1, "list")
            return ListType(element)
        if name == "set":
            (element,) = self._types(1, "set")
            return SetType(element)
        if name == "map":
            key, value = self._types(2, "map")
            return MapType(key, value)
        if name == "tuple":
            return TupleType(tuple(self._types(None, "tuple")), frozen=True)
        if name == "vector":
            args = self._args()
            if len(args) != 2 or isinstance(args[0], int) or not isinstance(args[1], int):
                raise CqlTypeParseError(f"wrong arguments for vector in CQL type {self.text!r}")
            return VectorType(args[0], args[1])
        name = _ALIASES.get(name, name)
        if name in NATIVE:
            return NATIVE[name]
        return UserDefinedType(name=token, fields=(), frozen=False)
