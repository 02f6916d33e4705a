"""Recursive-descent parser for CQL DML statements (DDL lives in :mod:`parser_ddl`).

>>> parse("SELECT * FROM ks.t WHERE k = ?")[0].table
't'
"""

from __future__ import annotations

from typing import Any

from coodie.embedded import lexer as lx
from coodie.embedded.nodes import (
    Assignment,
    Batch,
    Condition,
    Delete,
    DeleteTarget,
    Insert,
    Marker,
    Relation,
    SelArith,
    SelCast,
    SelColumn,
    SelCountStar,
    Select,
    Selection,
    SelElem,
    SelField,
    SelFunc,
    SelSlice,
    SelTerm,
    Update,
    Use,
)
from coodie.embedded.parser_base import TokenCursor


class Parser(TokenCursor):
    """Parses one CQL statement."""

    def statement(self) -> Any:
        """Parse one complete statement (an optional ``;`` may end it)."""
        if self.tok.kind == lx.EOF:
            self.fail()
        if self.at_kw("SELECT"):
            st: Any = self.select()
        elif self.at_kw("INSERT"):
            st = self.insert()
        elif self.at_kw("UPDATE"):
            st = self.update()
        elif self.at_kw("DELETE"):
            st = self.delete()
        elif self.at_kw("BEGIN"):
            st = self.batch()
        elif self.accept_kw("USE"):
            st = Use(self.ident())
        else:
            from coodie.embedded.parser_ddl import parse_ddl

            st = parse_ddl(self)
        self.accept_sym(";")
        if self.tok.kind != lx.EOF:
            self.fail_extraneous()
        return st

    def fail_extraneous(self) -> None:
        """Raise the error for input after a complete statement."""
        from coodie.embedded.errors import syntax_error

        t = self.tok
        raise syntax_error(
            f"line {self.position(t)} mismatched input '{t.text}' expecting EOF {self.context(t)}"
        )

    # ---------------------------------------------------------------- SELECT
    def select(self) -> Select:
        """Parse a SELECT statement."""
        self.expect_kw("SELECT")
        is_json = self.accept_kw("JSON")
        distinct = self.accept_kw("DISTINCT")
        selections: list[Selection] | None = None
        if self.accept_sym("*"):
            selections = None
        else:
            selections = [self.selection()]
            while self.accept_sym(","):
                selections.append(self.selection())
        if not self.at_kw("FROM"):
            self.fail_expecting("K_FROM")
        self.next()
        ks, table = self.qualified()
        where = self.where() if self.accept_kw("WHERE") else ()
        group: list[str] = []
        if self.accept_kw("GROUP"):
            self.expect_kw("BY")
            group.append(self.ident())
            while self.accept_sym(","):
                group.append(self.ident())
        order: list[tuple[str, bool]] = []
        if self.accept_kw("ORDER"):
            self.expect_kw("BY")
            while True:
                col = self.ident()
                desc = False
                if self.accept_kw("DESC"):
                    desc = True
                else:
                    self.accept_kw("ASC")
                order.append((col, desc))
                if not self.accept_sym(","):
                    break
        ppl = None
        if self.accept_kw("PER"):
            self.expect_kw("PARTITION")
            self.expect_kw("LIMIT")
            ppl = self.term()
        limit = None
        if self.accept_kw("LIMIT"):
            limit = self.term()
        allow = False
        if self.accept_kw("ALLOW"):
            self.expect_kw("FILTERING")
            allow = True
        return Select(
            ks,
            table,
            None if selections is None else tuple(selections),
            where,
            distinct,
            is_json,
            tuple(group),
            tuple(order),
            ppl,
            limit,
            allow,
        )

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
    def using(self) -> tuple[Any, Any]:
        """Parse ``USING TTL .. AND TIMESTAMP ..``; returns (ttl, timestamp) terms."""
        ttl = ts = None
        if self.accept_kw("USING"):
            while True:
                if self.accept_kw("TTL"):
                    ttl = self.term()
                elif self.accept_kw("TIMESTAMP"):
                    ts = self.term()
                else:
                    self.fail()
                if not self.accept_kw("AND"):
                    break
        return ttl, ts

    # ---------------------------------------------------------------- INSERT
    def insert(self) -> Insert:
        """Parse an INSERT statement."""
        self.expect_kw("INSERT")
        self.expect_kw("INTO")
        ks, table = self.qualified()
        if self.accept_kw("JSON"):
            js = self.term()
            default_unset = False
            if self.accept_kw("DEFAULT"):
                default_unset = self.accept_kw("UNSET")
                if not default_unset:
                    self.expect_kw("NULL")
            ine = self._if_not_exists_tail()
            ttl, ts = self.using()
            if not ine:
                ine = self._if_not_exists_tail()
            return Insert(ks, table, (), (), ine, ttl, ts, js, default_unset)
        self.expect_sym("(")
        cols = [self.ident()]
        while self.accept_sym(","):
            cols.append(self.ident())
        self.expect_sym(")")
        self.expect_kw("VALUES")
        self.expect_sym("(")
        vals = [self.term()]
        while self.accept_sym(","):
            vals.append(self.term())
        if self.at_sym("."):
            self.fail()
        self.expect_sym(")")
        ine = self._if_not_exists_tail()
        ttl, ts = self.using()
        if not ine:
            ine = self._if_not_exists_tail()
        return Insert(ks, table, tuple(cols), tuple(vals), ine, ttl, ts)

    def _if_not_exists_tail(self) -> bool:
        if self.at_kw("IF"):
            self.next()
            self.expect_kw("NOT")
            self.expect_kw("EXISTS")
            return True
        return False

    # ---------------------------------------------------------------- UPDATE
    def update(self) -> Update:
        """Parse an UPDATE statement."""
        self.expect_kw("UPDATE")
        ks, table = self.qualified()
        ttl, ts = self.using()
        self.expect_kw("SET")
        assigns = [self.assignment()]
        while self.accept_sym(","):
            assigns.append(self.assignment())
        self.expect_kw("WHERE")
        where = self.where()
        conds, if_exists = self.conditions()
        return Update(ks, table, tuple(assigns), where, conds, if_exists, ttl, ts)

    def assignment(self) -> Assignment:
        """Parse one SET assignment."""
        start = self.tok.pos
        col = self.ident()
        if self.accept_sym("["):
            key = self.term()
            self.expect_sym("]")
            self.expect_sym("=")
            val = self.term()
            return Assignment("elem", col, val, key, self._text(start))
        if self.accept_sym("."):
            field = self.ident()
            self.expect_sym("=")
            val = self.term()
            return Assignment("field", col, val, field, self._text(start))
        self.expect_sym("=")
        t = self.tok
        if (
            t.kind in (lx.IDENT, lx.QIDENT)
            and self.peek().kind == lx.SYM
            and self.peek().text in "+-"
        ):
            other = self.ident()
            op = self.next().text
            val = self.term()
            if other != col:
                return Assignment("bad_counter", col, val, other, self._text(start))
            return Assignment("add" if op == "+" else "sub", col, val, None, self._text(start))
        val = self.term()
        if self.at_sym("+") and self.peek().kind in (lx.IDENT, lx.QIDENT):
            self.next()
            other = self.ident()
            if other == col:
                return Assignment("prepend", col, val, None, self._text(start))
            self.fail()
        if self.at_sym("-") and self.peek().kind in (lx.IDENT, lx.QIDENT):
            self.next()
            other = self.ident()
            return Assignment("prepend_minus", col, val, None, self._text(start))
        return Assignment("set", col, val, None, self._text(start))

    def _text(self, start: int) -> str:
        end = self.toks[self.i - 1]
        return self.cql[start : end.pos + len(end.text)]

    def conditions(self) -> tuple[tuple[Condition, ...], bool]:
        """Parse an IF clause; returns (conditions, if_exists)."""
        if not self.accept_kw("IF"):
            return (), False
        if self.accept_kw("EXISTS"):
            if self.at_kw("AND"):
                self.fail(self.tok, self.toks[self.i - 1])
            return (), True
        conds = [self.condition()]
        while self.accept_kw("AND"):
            conds.append(self.condition())
        return tuple(conds), False

    def condition(self) -> Condition:
        """Parse one LWT condition."""
        col = self.ident()
        elem = None
        field = None
        if self.accept_sym("["):
            elem = self.term()
            self.expect_sym("]")
        elif self.accept_sym("."):
            field = self.ident()
        if self.at_kw("CONTAINS", "LIKE"):
            self.fail()
        op = self._op()
        if op == "IN":
            return Condition(col, op, self._in_values(), elem, field)
        return Condition(col, op, self.term(), elem, field)

    # ---------------------------------------------------------------- DELETE
    def delete(self) -> Delete:
        """Parse a DELETE statement."""
        self.expect_kw("DELETE")
        targets: list[DeleteTarget] = []
        if not self.at_kw("FROM"):
            while True:
                col = self.ident()
                if self.accept_sym("["):
                    key = self.term()
                    self.expect_sym("]")
                    targets.append(DeleteTarget(col, key))
                elif self.accept_sym("."):
                    targets.append(DeleteTarget(col, None, self.ident()))
                else:
                    targets.append(DeleteTarget(col))
                if not self.accept_sym(","):
                    break
        self.expect_kw("FROM")
        ks, table = self.qualified()
        _, ts = self.using()
        self.expect_kw("WHERE")
        where = self.where()
        conds, if_exists = self.conditions()
        return Delete(ks, table, tuple(targets), where, conds, if_exists, ts)

    # ---------------------------------------------------------------- BATCH
    def batch(self) -> Batch:
        """Parse BEGIN ... APPLY BATCH."""
        self.expect_kw("BEGIN")
        kind = "LOGGED"
        if self.accept_kw("UNLOGGED"):
            kind = "UNLOGGED"
        elif self.accept_kw("COUNTER"):
            kind = "COUNTER"
        self.expect_kw("BATCH")
        ttl, ts = self.using()
        stmts: list[Any] = []
        while not self.at_kw("APPLY"):
            if self.at_kw("INSERT"):
                stmts.append(self.insert())
            elif self.at_kw("UPDATE"):
                stmts.append(self.update())
            elif self.at_kw("DELETE"):
                stmts.append(self.delete())
            else:
                self.fail_expecting("K_APPLY")
            self.accept_sym(";")
        self.expect_kw("APPLY")
        self.expect_kw("BATCH")
        return Batch(kind, tuple(stmts), ts, ttl)


def parse(cql: str) -> tuple[Any, list[Marker]]:
    """Parse one statement; returns the tree and its bind markers in order."""
    p = Parser(cql)
    st = p.statement()
    return st, p.markers
