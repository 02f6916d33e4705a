"""Recursive-descent parser for CQL DML statements (DDL lives in :mod:`parser_ddl`).

>>> parse("SELECT * FROM ks.t WHERE k = ?")[0].table
't'
"""

from __future__ import annotations

from typing import Any

from coodie.embedded import lexer as lx
from coodie.embedded.nodes import (
    AssignKind,
    Assignment,
    BatchKind,
    BatchStmt,
    DeleteStmt,
    DeleteTarget,
    IfCondition,
    InsertStmt,
    Marker,
    UpdateStmt,
    UseStmt,
)
from coodie.embedded.parser_select import SelectParser


class Parser(SelectParser):
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
            st = UseStmt(self.ident())
        else:
            from coodie.embedded.parser_ddl import parse_ddl

            st = parse_ddl(self)
        self.accept_sym(";")
        if self.tok.kind != lx.EOF:
            self.fail_extraneous()
        return st

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
    def insert(self) -> InsertStmt:
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
            return InsertStmt(ks, table, (), (), ine, ttl, ts, js, default_unset)
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
        return InsertStmt(ks, table, tuple(cols), tuple(vals), ine, ttl, ts)

    def _if_not_exists_tail(self) -> bool:
        if self.at_kw("IF"):
            self.next()
            self.expect_kw("NOT")
            self.expect_kw("EXISTS")
            return True
        return False

    # ---------------------------------------------------------------- UPDATE
    def update(self) -> UpdateStmt:
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
        return UpdateStmt(ks, table, tuple(assigns), where, conds, if_exists, ttl, ts)

    def assignment(self) -> Assignment:
        """Parse one SET assignment."""
        start = self.tok.pos
        col = self.ident()
        if self.accept_sym("["):
            key = self.term()
            self.expect_sym("]")
            self.expect_sym("=")
            val = self.term()
            return Assignment(AssignKind.ELEM, col, val, key, self._text(start))
        if self.accept_sym("."):
            field = self.ident()
            self.expect_sym("=")
            val = self.term()
            return Assignment(AssignKind.FIELD, col, val, field, self._text(start))
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
                return Assignment(AssignKind.BAD_COUNTER, col, val, other, self._text(start))
            return Assignment(
                AssignKind.ADD if op == "+" else AssignKind.SUB, col, val, None, self._text(start)
            )
        val = self.term()
        if self.at_sym("+") and self.peek().kind in (lx.IDENT, lx.QIDENT):
            self.next()
            other = self.ident()
            if other == col:
                return Assignment(AssignKind.PREPEND, col, val, None, self._text(start))
            self.fail()
        if self.at_sym("-") and self.peek().kind in (lx.IDENT, lx.QIDENT):
            self.next()
            other = self.ident()
            return Assignment(AssignKind.PREPEND_MINUS, col, val, None, self._text(start))
        return Assignment(AssignKind.SET, col, val, None, self._text(start))

    def _text(self, start: int) -> str:
        end = self.toks[self.i - 1]
        return self.cql[start : end.pos + len(end.text)]

    def conditions(self) -> tuple[tuple[IfCondition, ...], bool]:
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

    def condition(self) -> IfCondition:
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
            return IfCondition(col, op, self._in_values(), elem, field)
        return IfCondition(col, op, self.term(), elem, field)

    # ---------------------------------------------------------------- DELETE
    def delete(self) -> DeleteStmt:
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
        return DeleteStmt(ks, table, tuple(targets), where, conds, if_exists, ts)

    # ---------------------------------------------------------------- BATCH
    def batch(self) -> BatchStmt:
        """Parse BEGIN ... APPLY BATCH."""
        self.expect_kw("BEGIN")
        kind = BatchKind.LOGGED
        if self.accept_kw("UNLOGGED"):
            kind = BatchKind.UNLOGGED
        elif self.accept_kw("COUNTER"):
            kind = BatchKind.COUNTER
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
        return BatchStmt(kind, tuple(stmts), ts, ttl)


def parse(cql: str, *, vector_search: bool = True) -> tuple[Any, list[Marker]]:
    """Parse one statement; returns the tree and its bind markers in order.

    ``vector_search=False`` is Cassandra 4.0's grammar: ``ORDER BY v ANN OF ...`` is a
    syntax error there (``ANN`` is no keyword; the statement ends after ``v``).

    >>> parse("SELECT * FROM t ORDER BY v ANN OF [1, 2] LIMIT 1", vector_search=False)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coodie.exceptions.CqlSyntaxError: line 1:27 mismatched input 'ANN' expecting EOF (...
    """
    p = Parser(cql)
    p.vector_search = vector_search
    st = p.statement()
    return st, p.markers
