"""Tokenizer for CQL text.

>>> [t.text for t in tokenize("SELECT * FROM t WHERE k = ?")][:4]
['SELECT', '*', 'FROM', 't']
"""

from __future__ import annotations

import enum
import re

import attrs

from coodie.embedded.errors import syntax_error


class TokenKind(enum.Enum):
    """What a token is; a constant's kind (:class:`~coodie.embedded.nodes.Const`) is one of these.

    >>> TokenKind.INT.value
    'int'
    """

    IDENT = "ident"
    QIDENT = "qident"
    STRING = "string"
    INT = "int"
    FLOAT = "float"
    HEX = "hex"
    UUID = "uuid"
    DURATION = "duration"
    BOOL = "bool"
    MARKER = "marker"  # ? or :name
    SYM = "sym"
    EOF = "eof"


# shorthands the parsers use (``lx.IDENT``)
IDENT = TokenKind.IDENT
QIDENT = TokenKind.QIDENT
STRING = TokenKind.STRING
INT = TokenKind.INT
FLOAT = TokenKind.FLOAT
HEX = TokenKind.HEX
UUID = TokenKind.UUID
DURATION = TokenKind.DURATION
BOOL = TokenKind.BOOL
MARKER = TokenKind.MARKER
SYM = TokenKind.SYM
EOF = TokenKind.EOF

_DURATION_UNIT = r"(?:y|mo|w|d|h|m|s|ms|us|µs|ns)"
_PATTERNS = [
    ("ws", r"[ \t\r\n]+|--[^\n]*|//[^\n]*|/\*.*?\*/"),
    (
        UUID.value,
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w])",
    ),
    (HEX.value, r"0[xX][0-9a-fA-F]*(?![\w])"),
    (
        DURATION.value,
        r"-?(?:P[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}|PT?[0-9][0-9TYMWDHS]*"
        r"|(?:[0-9]+" + _DURATION_UNIT + r")+)(?![\w])",
    ),
    (
        FLOAT.value,
        r"-?(?:[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)(?![\w])"
        r"|-?NaN\b|-?Infinity\b",
    ),
    (INT.value, r"-?[0-9]+(?![\w])"),
    (STRING.value, r"'(?:[^']|'')*'|\$\$.*?\$\$"),
    (QIDENT.value, r'"(?:[^"]|"")+"'),
    (IDENT.value, r"[A-Za-z][A-Za-z0-9_]*"),
    (MARKER.value, r"\?|:[A-Za-z][A-Za-z0-9_]*"),
    (SYM.value, r"\.\.|!=|<=|>=|[-+*/%(),;.=<>\[\]{}:]"),
]
_MASTER = re.compile("|".join(f"(?P<{n}>{p})" for n, p in _PATTERNS), re.S)
_KINDS = {k.value: k for k in TokenKind}


@attrs.frozen(slots=True)
class Token:
    """One lexical token; ``pos`` is the character offset in the statement."""

    kind: TokenKind
    text: str
    pos: int


def tokenize(cql: str) -> list[Token]:
    """Split ``cql`` into tokens, raising a syntax error on stray characters."""
    out: list[Token] = []
    pos = 0
    n = len(cql)
    while pos < n:
        m = _MASTER.match(cql, pos)
        if m is None:
            ch = cql[pos]
            if ch == "'":
                raise syntax_error(f"line 1:{n} mismatched character '<EOF>' expecting '''")
            raise syntax_error(f"line 1:{pos} no viable alternative at character '{ch}'")
        group = m.lastgroup or ""
        if group != "ws":
            text = m.group()
            kind = _KINDS[group]
            if kind is IDENT and text.lower() in ("true", "false"):
                kind = BOOL
            out.append(Token(kind, text, pos))
        pos = m.end()
    out.append(Token(EOF, "<EOF>", n))
    return out
