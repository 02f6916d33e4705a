"""Parsing SELECT statements and WHERE clauses (mixed into the statement parser).

>>> from coodie.embedded.parser import parse
>>> parse("SELECT k FROM t WHERE k IN (1, 2)")[0].where[0].op
'IN'
"""

from __future__ import annotations

from typing import Any

from coodie.embedded import lexer as lx
from coodie.embedded.nodes import (
    Relation,
    SelArith,
    SelCast,
    SelColumn,
    SelCountStar,
    Selection,
    SelectStmt,
    SelElem,
    SelField,
    SelFunc,
    SelSlice,
    SelTerm,
)
from coodie.embedded.parser_base import TokenCursor


class SelectParser(TokenCursor):
    """SELECT, selectors and WHERE relations."""

    vector_search = True
    """Whether ``ORDER BY ... ANN OF`` is in the grammar (Cassandra 5.0 and later)."""

    def fail_extraneous(self) -> None:
        """Raise the error for input after a complete statement."""
        from coodie.embedded.errors import syntax_error

        t = self.tok
        raise syntax_error(
            f"line {self.position(t)} mismatched input '{t.text}' expecting EOF {self.context(t)}"
        )

    # ---------------------------------------------------------------- SELECT
    def select(self) -> SelectStmt:
        """Parse a SELECT statement."""
        self.expect_kw("SELECT")
        is_json = self.accept_kw("JSON")
        distinct = self.accept_kw("DISTINCT")
        selections = self.select_clause()
        if not self.at_kw("FROM"):
            self.fail_expecting("K_FROM")
        self.next()
        ks, table = self.qualified()
        where = self.where() if self.accept_kw("WHERE") else ()
        group = self.group_by()
        order, ann = self.order_by()
        ppl = None
        if self.accept_kw("PER"):
            self.expect_kw("PARTITION")
            self.expect_kw("LIMIT")
            ppl = self.term()
        limit = self.term() if self.accept_kw("LIMIT") else None
        allow = False
        if self.accept_kw("ALLOW"):
            self.expect_kw("FILTERING")
            allow = True
        return SelectStmt(
            ks, table, selections, where, distinct, is_json, group, order, ppl, limit, allow, ann
        )

    def select_clause(self) -> tuple[Selection, ...] | None:
        """Parse the selectors (``None`` for ``*``)."""
        if self.accept_sym("*"):
            return None
        selections = [self.selection()]
        while self.accept_sym(","):
            selections.append(self.selection())
        return tuple(selections)

    def group_by(self) -> tuple[str, ...]:
        """Parse an optional ``GROUP BY`` clause (the grouping columns)."""
        group: list[str] = []
        if self.accept_kw("GROUP"):
            self.expect_kw("BY")
            group.append(self.ident())
            while self.accept_sym(","):
                group.append(self.ident())
        return tuple(group)

    def order_by(self) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, Any, bool], ...]]:
        """Parse an optional ``ORDER BY`` clause: the column orderings and the ``ANN OF`` ones."""
        order: list[tuple[str, bool]] = []
        ann: list[tuple[str, Any, bool]] = []
        if self.accept_kw("ORDER"):
            self.expect_kw("BY")
            while True:
                col = self.ident()
                term = None
                if self.at_kw("ANN") and not self.vector_search:
                    self.fail_extraneous()
                if self.accept_kw("ANN"):
                    self.expect_kw("OF")
                    term = self.term()
                desc = self.accept_kw("DESC")
                if not desc:
                    self.accept_kw("ASC")
                if term is None:
                    order.append((col, desc))
                else:
                    ann.append((col, term, desc))
                if not self.accept_sym(","):
                    break
        return tuple(order), tuple(ann)

    def selection(self) -> Selection:
        """Parse one selector with its optional alias."""
        expr = self.sel_expr()
        alias = None
        if self.accept_kw("AS"):
            alias = self.ident()
        return Selection(expr, alias)

    def sel_expr(self) -> Any:
        """Parse an additive selector expression."""
        left = self.sel_term()
        while self.at_sym("+", "-"):
            op = self.next().text
            left = SelArith(op, left, self.sel_term())
        return left

    def sel_term(self) -> Any:
        """Parse a multiplicative selector expression."""
        left = self.sel_unary()
        while self.at_sym("*", "/", "%"):
            op = self.next().text
            left = SelArith(op, left, self.sel_unary())
        return left

    def sel_unary(self) -> Any:
        """Parse a selector atom and its field/element/slice suffixes."""
        t = self.tok
        base: Any
        if t.kind == lx.IDENT and t.text.upper() == "CAST" and self.peek().text == "(":
            self.i += 2
            arg = self.sel_expr()
            self.expect_kw("AS")
            tr = self.type_ref()
            self.expect_sym(")")
            base = SelCast(arg, tr)
        elif t.kind == lx.IDENT and t.text.upper() == "COUNT" and self.peek().text == "(":
            if self.peek(2).text in ("*", "1") and self.peek(3).text == ")":
                self.i += 4
                base = SelCountStar(t.text)
            else:
                base = self._sel_call()
        elif (
            t.kind in (lx.IDENT, lx.QIDENT)
            and self.peek().text == "("
            and self.peek().kind == lx.SYM
        ):
            if t.kind == lx.IDENT and t.text.upper() in ("TOKEN", "WRITETIME", "TTL"):
                base = self._sel_call()
            else:
                base = self._sel_call()
        elif t.kind in (lx.IDENT, lx.QIDENT) and not (
            t.kind == lx.IDENT and t.text.upper() in ("NULL", "NAN", "INFINITY")
        ):
            base = SelColumn(self.ident())
        elif t.kind == lx.SYM and t.text == "(":
            self.i += 1
            base = self.sel_expr()
            self.expect_sym(")")
        else:
            base = SelTerm(self.term())
        while True:
            if self.accept_sym("."):
                base = SelField(base, self.ident())
            elif self.at_sym("["):
                self.i += 1
                lo = None if self.at_sym("..") else self.term()
                if self.accept_sym(".."):
                    hi = None if self.at_sym("]") else self.term()
                    self.expect_sym("]")
                    base = SelSlice(base, lo, hi)
                else:
                    self.expect_sym("]")
                    base = SelElem(base, lo)
            else:
                return base

    def _sel_call(self) -> SelFunc:
        name = self.ident(allow_reserved=True)
        self.expect_sym("(")
        args: list[Any] = []
        if not self.accept_sym(")"):
            args.append(self.sel_expr())
            while self.accept_sym(","):
                args.append(self.sel_expr())
            self.expect_sym(")")
        return SelFunc(name, tuple(args))

    # ---------------------------------------------------------------- WHERE
    def where(self) -> tuple[Relation, ...]:
        """Parse the relations of a WHERE clause."""
        rels = [self.relation()]
        while self.accept_kw("AND"):
            rels.append(self.relation())
        return tuple(rels)

    def _op(self) -> str:
        t = self.tok
        if t.kind == lx.SYM and t.text in ("=", "<", ">", "<=", ">=", "!="):
            self.i += 1
            return t.text
        if self.accept_kw("IN"):
            return "IN"
        if self.accept_kw("CONTAINS"):
            return "CONTAINS KEY" if self.accept_kw("KEY") else "CONTAINS"
        if self.accept_kw("LIKE"):
            return "LIKE"
        if self.accept_kw("IS"):
            self.expect_kw("NOT")
            self.expect_kw("NULL")
            return "IS NOT"
        self.fail()
        raise AssertionError  # pragma: no cover

    def _in_values(self) -> Any:
        if self.tok.kind == lx.MARKER:
            return self.marker()
        self.expect_sym("(")
        items: list[Any] = []
        if not self.accept_sym(")"):
            items.append(self.term())
            while self.accept_sym(","):
                items.append(self.term())
            self.expect_sym(")")
        return tuple(items)

    def relation(self) -> Relation:
        """Parse one WHERE relation."""
        t = self.tok
        if t.kind == lx.IDENT and t.text.upper() == "TOKEN" and self.peek().text == "(":
            self.i += 2
            cols = [self.ident()]
            while self.accept_sym(","):
                cols.append(self.ident())
            self.expect_sym(")")
            op = self._op()
            return Relation(("token", tuple(cols)), op, self.term())
        if t.kind == lx.SYM and t.text == "(":
            self.i += 1
            cols = [self.ident()]
            while self.accept_sym(","):
                cols.append(self.ident())
            self.expect_sym(")")
            op = self._op()
            if op == "IN":
                if self.tok.kind == lx.MARKER:
                    return Relation(("tuple", tuple(cols)), op, self.marker())
                self.expect_sym("(")
                items: list[Any] = []
                if not self.accept_sym(")"):
                    items.append(self.term())
                    while self.accept_sym(","):
                        items.append(self.term())
                    self.expect_sym(")")
                return Relation(("tuple", tuple(cols)), op, tuple(items))
            return Relation(("tuple", tuple(cols)), op, self.term())
        if t.kind == lx.IDENT and self.peek().text == "(" and self.peek().kind == lx.SYM:
            self.fail(self.peek(), t)
        col = self.ident()
        if self.accept_sym("["):
            key = self.term()
            self.expect_sym("]")
            op = self._op()
            return Relation(("entry", col, key), op, self.term())
        op = self._op()
        if op == "IN":
            return Relation(col, op, self._in_values())
        if op == "IS NOT":
            return Relation(col, op, None)
        return Relation(col, op, self.term())

    # ---------------------------------------------------------------- USING
