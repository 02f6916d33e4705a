"""Token cursor, identifiers, terms and types shared by the statement parsers.

>>> p = TokenCursor("[1, 2]")
>>> [c.text for c in p.term().items]
['1', '2']
"""

from __future__ import annotations

from typing import Any

from coodie.cql.identifiers import RESERVED_WORDS
from coodie.embedded import lexer as lx
from coodie.embedded.errors import syntax_error
from coodie.embedded.lexer import Token, tokenize
from coodie.embedded.nodes import (
    Const,
    FuncTerm,
    ListLit,
    MapLit,
    Marker,
    Null,
    SetLit,
    TupleLit,
    TypeRef,
    UdtLit,
)

RESERVED = {w.upper() for w in RESERVED_WORDS}

_CONSTANT_KINDS = (lx.STRING, lx.INT, lx.FLOAT, lx.HEX, lx.UUID, lx.DURATION, lx.BOOL)


def _constant(t: Token) -> Const:
    """The constant token ``t`` unquoted (strings) or lower-cased (booleans)."""
    text = t.text
    if t.kind == lx.STRING:
        text = text[2:-2] if text.startswith("$$") else text[1:-1].replace("''", "'")
    elif t.kind == lx.BOOL:
        text = text.lower()
    return Const(t.kind, text)


class TokenCursor:
    """A cursor over the tokens of one statement, with term/type helpers."""

    def __init__(self, cql: str) -> None:
        self.cql = cql
        self.toks: list[Token] = tokenize(cql)
        self.i = 0
        self.markers: list[Marker] = []

    # ---------------------------------------------------------------- basics
    @property
    def tok(self) -> Token:
        """The current token."""
        return self.toks[self.i]

    def peek(self, n: int = 1) -> Token:
        """The token ``n`` positions ahead."""
        return self.toks[min(self.i + n, len(self.toks) - 1)]

    def next(self) -> Token:
        """Consume and return the current token."""
        t = self.toks[self.i]
        if t.kind != lx.EOF:
            self.i += 1
        return t

    def at_kw(self, *words: str) -> bool:
        """Whether the current token is one of the keywords ``words``."""
        return self.tok.kind == lx.IDENT and self.tok.text.upper() in words

    def accept_kw(self, *words: str) -> bool:
        """Consume the current token if it is one of ``words``."""
        if self.at_kw(*words):
            self.i += 1
            return True
        return False

    def expect_kw(self, word: str) -> None:
        """Consume keyword ``word`` or raise a syntax error."""
        if not self.accept_kw(word):
            self.fail_expecting(f"K_{word}")

    def at_sym(self, *syms: str) -> bool:
        """Whether the current token is one of the symbols ``syms``."""
        return self.tok.kind == lx.SYM and self.tok.text in syms

    def accept_sym(self, sym: str) -> bool:
        """Consume the current token if it is ``sym``."""
        if self.at_sym(sym):
            self.i += 1
            return True
        return False

    def expect_sym(self, sym: str) -> None:
        """Consume symbol ``sym`` or raise a syntax error."""
        if not self.accept_sym(sym):
            self.fail_expecting(f"'{sym}'")

    def position(self, t: Token) -> str:
        """``line:column`` of a token as ANTLR reports it."""
        if t.kind == lx.EOF:
            return "0:-1"
        line = self.cql.count("\n", 0, t.pos) + 1
        col = t.pos - (self.cql.rfind("\n", 0, t.pos) + 1)
        return f"{line}:{col}"

    def context(self, t: Token, upto: Token | None = None) -> str:
        """ANTLR-style snippet: ten stream entries (tokens and blanks) before ``t``."""
        starts: list[int] = []
        prev_end = 0
        for tok in self.toks:
            if tok.pos >= t.pos:
                break
            if tok.pos > prev_end:
                starts.append(prev_end)
            starts.append(tok.pos)
            prev_end = tok.pos + len(tok.text)
        if t.pos > prev_end:
            starts.append(prev_end)
        first = starts[-10] if len(starts) >= 10 else 0
        head = "..." if first > 0 else ""
        if t.kind == lx.QIDENT and upto is not None:
            # ANTLR highlights as many characters as the unquoted name has, from the quote
            n = len(t.text) - 2
            end = upto.pos + len(upto.text)
            shown = self.cql[t.pos : t.pos + n]
            return f"({head}{self.cql[first : t.pos]}[{shown}]{self.cql[t.pos + n : end]}...)"
        post = ""
        if upto is not None and upto.pos > t.pos:
            end = t.pos + len(t.text)
            for n, tok in enumerate(x for x in self.toks if x.pos > t.pos):
                gap = tok.pos > end
                if n + gap >= 2 or tok.kind == lx.EOF:
                    if gap and n == 0:
                        end = tok.pos
                    break
                end = tok.pos + len(tok.text)
                if tok is upto or n + gap + 1 >= 2:
                    break
            post = self.cql[t.pos + len(t.text) : end]
        return f"({head}{self.cql[first : t.pos]}[{t.text}]{post}...)"

    def fail_expecting(self, what: str) -> None:
        """Raise a 'mismatched input ... expecting ...' syntax error."""
        t = self.tok
        if t.kind == lx.EOF:
            raise syntax_error(f"line 0:-1 mismatched input '<EOF>' expecting {what}")
        raise syntax_error(
            f"line {self.position(t)} mismatched input '{t.text}' expecting {what} "
            + self.context(t)
        )

    def fail(self, t: Token | None = None, highlight: Token | None = None) -> None:
        """Raise a 'no viable alternative' syntax error."""
        t = t or self.tok
        if t.kind == lx.EOF:
            raise syntax_error(f"line {self.position(t)} no viable alternative at input '<EOF>'")
        snippet = self.context(highlight, t) if highlight is not None else self.context(t)
        raise syntax_error(
            f"line {self.position(t)} no viable alternative at input '{t.text}' {snippet}"
        )

    # ---------------------------------------------------------------- names
    def ident(self, allow_reserved: bool = False) -> str:
        """Parse an identifier (unquoted names are case-folded)."""
        t = self.tok
        if t.kind == lx.QIDENT:
            self.i += 1
            return t.text[1:-1].replace('""', '"')
        if t.kind in (lx.IDENT, lx.BOOL) and (allow_reserved or t.text.upper() not in RESERVED):
            self.i += 1
            return t.text.lower()
        if t.kind == lx.MARKER and t.text == "?":
            self.fail()
        self.fail()
        raise AssertionError  # pragma: no cover

    def qualified(self) -> tuple[str | None, str]:
        """Parse ``[keyspace.]name``."""
        if self.tok.kind == lx.MARKER:
            raise syntax_error("Bind variables cannot be used for table names")
        first = self.ident()
        if self.accept_sym("."):
            return first, self.ident()
        return None, first

    # ---------------------------------------------------------------- terms
    def marker(self) -> Marker:
        """Consume a bind marker and record it."""
        t = self.next()
        m = Marker(len(self.markers), None if t.text == "?" else t.text[1:].lower())
        self.markers.append(m)
        return m

    def term(self) -> Any:
        """Parse a value: literal, marker, collection, tuple, UDT or function call."""
        t = self.tok
        k = t.kind
        if k in _CONSTANT_KINDS:
            self.i += 1
            return _constant(t)
        if k == lx.MARKER:
            return self.marker()
        if k == lx.IDENT:
            named = self._named_term(t)
            if named is not None:
                return named
        elif k == lx.QIDENT:
            if self.peek().text != "(":
                self.i += 1
                self.fail(self.tok, t)
            return self._function_call()
        elif k == lx.SYM:
            symbol = self._symbol_term(t)
            if symbol is not None:
                return symbol
        self.fail()
        raise AssertionError  # pragma: no cover

    def _named_term(self, t: Token) -> Any:
        """``null``, ``NaN``, ``Infinity`` or a function call; ``None`` if ``t`` starts none."""
        up = t.text.upper()
        if up == "NULL":
            self.i += 1
            return Null()
        if up in ("NAN", "INFINITY"):
            self.i += 1
            return Const(lx.FLOAT, t.text)
        if self.peek().kind == lx.SYM and self.peek().text == "(":
            return self._function_call()
        return None

    def _function_call(self) -> FuncTerm:
        """Parse ``name(arg, ...)``."""
        name = self.ident(allow_reserved=True)
        self.expect_sym("(")
        return FuncTerm(name, self._items(")"))

    def _symbol_term(self, t: Token) -> Any:
        """A list, tuple, set, map or UDT literal, or ``-NaN`` / ``-Infinity``; else ``None``."""
        if t.text == "[":
            self.i += 1
            return ListLit(self._items("]"))
        if t.text == "(":
            self.i += 1
            return TupleLit(self._items(")"))
        if t.text == "{":
            return self._brace()
        if t.text == "-" and self.peek().kind == lx.IDENT:
            nxt = self.peek().text.upper()
            if nxt in ("NAN", "INFINITY"):
                self.i += 2
                return Const(lx.FLOAT, "-" + nxt)
        return None

    def _items(self, close: str) -> tuple[Any, ...]:
        items: list[Any] = []
        if self.accept_sym(close):
            return ()
        items.append(self.term())
        while self.accept_sym(","):
            items.append(self.term())
        self.expect_sym(close)
        return tuple(items)

    def _brace(self) -> Any:
        self.expect_sym("{")
        if self.accept_sym("}"):
            return SetLit(())
        is_udt = self.tok.kind in (lx.IDENT, lx.QIDENT) and self.peek().text == ":"
        if is_udt:
            fields: list[tuple[str, Any]] = []
            while True:
                name = self.ident(allow_reserved=True)
                self.expect_sym(":")
                fields.append((name, self.term()))
                if not self.accept_sym(","):
                    break
            self.expect_sym("}")
            return UdtLit(tuple(fields))
        first = self.term()
        if self.accept_sym(":"):
            pairs = [(first, self.term())]
            while self.accept_sym(","):
                key = self.term()
                self.expect_sym(":")
                pairs.append((key, self.term()))
            self.expect_sym("}")
            return MapLit(tuple(pairs))
        items = [first]
        while self.accept_sym(","):
            items.append(self.term())
        self.expect_sym("}")
        return SetLit(tuple(items))

    # ---------------------------------------------------------------- types
    def type_ref(self) -> TypeRef:
        """Parse a CQL type."""
        t = self.tok
        if t.kind == lx.STRING:  # custom type class name
            self.i += 1
            return TypeRef("'" + t.text[1:-1] + "'")
        ks = None
        name = self.ident(allow_reserved=True)
        if self.accept_sym("."):
            ks, name = name, self.ident(allow_reserved=True)
        low = name
        if low == "frozen" and self.accept_sym("<"):
            inner = self.type_ref()
            self.expect_sym(">")
            return TypeRef(inner.name, inner.args, True, inner.keyspace)
        if low in ("list", "set", "map", "tuple", "vector") and self.accept_sym("<"):
            args: list[Any] = [self.type_ref()]
            while self.accept_sym(","):
                if self.tok.kind == lx.INT:
                    args.append(int(self.next().text))
                else:
                    args.append(self.type_ref())
            self.expect_sym(">")
            return TypeRef(low, tuple(args))
        return TypeRef(name, (), False, ks)

    def option_value(self) -> Any:
        """A property value: constant, map literal or identifier."""
        t = self.tok
        if t.kind == lx.SYM and t.text == "{":
            self.i += 1
            pairs: list[tuple[str, Any]] = []
            if not self.accept_sym("}"):
                while True:
                    k = self.option_value()
                    self.expect_sym(":")
                    pairs.append((str(k), self.option_value()))
                    if not self.accept_sym(","):
                        break
                self.expect_sym("}")
            return dict(pairs)
        if t.kind == lx.STRING:
            self.i += 1
            return t.text[1:-1].replace("''", "'")
        if t.kind in (lx.INT, lx.FLOAT):
            self.i += 1
            return t.text
        if t.kind == lx.BOOL:
            self.i += 1
            return t.text.lower()
        if t.kind in (lx.IDENT, lx.QIDENT):
            return self.ident(allow_reserved=True)
        self.fail()
        raise AssertionError  # pragma: no cover

    def properties(self) -> list[tuple[str, Any]]:
        """Parse ``name = value AND ...`` properties."""
        props: list[tuple[str, Any]] = []
        while True:
            name = self.ident(allow_reserved=True)
            self.expect_sym("=")
            if self.tok.kind == lx.MARKER:
                self.fail(self.tok, self.toks[self.i - 2])
            props.append((name, self.option_value()))
            if not self.accept_kw("AND"):
                return props
