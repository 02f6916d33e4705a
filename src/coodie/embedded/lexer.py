"""Tokenizer for CQL text.

>>> [t.text for t in tokenize("SELECT * FROM t WHERE k = ?")][:4]
['SELECT', '*', 'FROM', 't']
"""

from __future__ import annotations

import re

import attrs

from coodie.embedded.errors import syntax_error

# token kinds
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

_DURATION_UNIT = r"(?:y|mo|w|d|h|m|s|ms|us|µs|ns)"
_PATTERNS = [
    ("ws", r"[ \t\r\n]+|--[^\n]*|//[^\n]*|/\*.*?\*/"),
    (UUID, r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w])"),
    (HEX, r"0[xX][0-9a-fA-F]*(?![\w])"),
    (
        DURATION,
        r"-?(?:P[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}|PT?[0-9][0-9TYMWDHS]*"
        r"|(?:[0-9]+" + _DURATION_UNIT + r")+)(?![\w])",
    ),
    (
        FLOAT,
        r"-?(?:[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)(?![\w])"
        r"|-?NaN\b|-?Infinity\b",
    ),
    (INT, r"-?[0-9]+(?![\w])"),
    (STRING, r"'(?:[^']|'')*'|\$\$.*?\$\$"),
    (QIDENT, r'"(?:[^"]|"")+"'),
    (IDENT, r"[A-Za-z][A-Za-z0-9_]*"),
    (MARKER, r"\?|:[A-Za-z][A-Za-z0-9_]*"),
    (SYM, r"\.\.|!=|<=|>=|[-+*/%(),;.=<>\[\]{}:]"),
]
_MASTER = re.compile("|".join(f"(?P<{n}>{p})" for n, p in _PATTERNS), re.S)


@attrs.frozen(slots=True)
class Token:
    """One lexical token; ``pos`` is the character offset in the statement."""

    kind: str
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
        kind = m.lastgroup or ""
        if kind != "ws":
            text = m.group()
            if kind == IDENT and text.lower() in ("true", "false"):
                kind = BOOL
            out.append(Token(kind, text, pos))
        pos = m.end()
    out.append(Token(EOF, "<EOF>", n))
    return out
