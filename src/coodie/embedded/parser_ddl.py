"""Parsing of CQL schema statements (CREATE/ALTER/DROP/TRUNCATE).

>>> from coodie.embedded.parser import parse
>>> parse("CREATE TABLE t (k int PRIMARY KEY)")[0].partition_key
('k',)
"""

from __future__ import annotations

from typing import Any

from coodie.embedded import lexer as lx
from coodie.embedded.nodes import (
    AlterAction,
    AlterKeyspaceStmt,
    AlterTableStmt,
    AlterTypeStmt,
    ColumnDecl,
    CreateIndexStmt,
    CreateKeyspaceStmt,
    CreateTableStmt,
    CreateTypeStmt,
    CreateViewStmt,
    DropKind,
    DropStmt,
    TruncateStmt,
    UnsupportedStmt,
)
from coodie.embedded.parser_base import TokenCursor


def _if_not_exists(p: TokenCursor) -> bool:
    if p.accept_kw("IF"):
        p.expect_kw("NOT")
        p.expect_kw("EXISTS")
        return True
    return False


def _if_exists(p: TokenCursor) -> bool:
    if p.accept_kw("IF"):
        p.expect_kw("EXISTS")
        return True
    return False


def parse_ddl(p: TokenCursor) -> Any:
    """Parse a schema statement at the cursor."""
    if p.accept_kw("CREATE"):
        return _create(p)
    if p.accept_kw("ALTER"):
        return _alter(p)
    if p.accept_kw("DROP"):
        return _drop(p)
    if p.accept_kw("TRUNCATE"):
        p.accept_kw("TABLE", "COLUMNFAMILY")
        ks, name = p.qualified()
        return TruncateStmt(ks, name)
    p.fail()
    raise AssertionError  # pragma: no cover


def _create(p: TokenCursor) -> Any:
    if p.accept_kw("KEYSPACE", "SCHEMA"):
        ine = _if_not_exists(p)
        name = p.ident()
        p.expect_kw("WITH")
        return CreateKeyspaceStmt(name, ine, tuple(p.properties()))
    if p.accept_kw("TABLE", "COLUMNFAMILY"):
        return _create_table(p)
    if p.accept_kw("TYPE"):
        ine = _if_not_exists(p)
        ks, name = p.qualified()
        p.expect_sym("(")
        fields: list[tuple[str, Any]] = []
        while True:
            fname = p.ident()
            fields.append((fname, p.type_ref()))
            if not p.accept_sym(","):
                break
        p.expect_sym(")")
        return CreateTypeStmt(ks, name, ine, tuple(fields))
    custom = None
    if p.accept_kw("CUSTOM"):
        custom = ""
    if p.accept_kw("INDEX"):
        return _create_index(p, custom)
    if p.accept_kw("MATERIALIZED"):
        p.expect_kw("VIEW")
        return _create_view(p)
    if p.at_kw("FUNCTION", "AGGREGATE") or (p.at_kw("OR") and p.peek().text.upper() == "REPLACE"):
        return UnsupportedStmt(
            0x2200,
            "User defined functions are disabled in cassandra.yaml - set "
            "enable_user_defined_functions=true to enable",
        )
    p.fail()
    raise AssertionError  # pragma: no cover


def _create_table(p: TokenCursor) -> CreateTableStmt:
    ine = _if_not_exists(p)
    ks, name = p.qualified()
    p.expect_sym("(")
    cols: list[ColumnDecl] = []
    pk: list[Any] = []
    pk_count = 0
    while True:
        if p.at_kw("PRIMARY") and p.peek().text.upper() == "KEY":
            p.i += 2
            pk_count += 1
            pk.extend(_primary_key(p))
        else:
            if p.tok.kind == lx.IDENT and p.tok.text.upper() in _reserved():
                p.fail_expecting("')'")
            cname = p.ident()
            ctype = p.type_ref()
            static = p.accept_kw("STATIC")
            if p.accept_kw("PRIMARY"):
                p.expect_kw("KEY")
                pk_count += 1
                pk = [(cname,)]
            cols.append(ColumnDecl(cname, ctype, static))
        if not p.accept_sym(","):
            break
        if p.at_sym(")"):
            break
    p.expect_sym(")")
    options, order, compact = _table_properties(p)
    partition = pk[0] if pk else ()
    clustering = tuple(pk[1:]) if pk else ()
    return CreateTableStmt(
        ks,
        name,
        ine,
        tuple(cols),
        tuple(partition),
        clustering,
        pk_count,
        tuple(options),
        tuple(order),
        compact,
    )


def _primary_key(p: TokenCursor) -> list[Any]:
    """``(k)``, ``((k1, k2), c1, c2)``...: the partition key tuple, then clustering names."""
    pk: list[Any] = []
    p.expect_sym("(")
    if p.accept_sym("("):
        part = [p.ident()]
        while p.accept_sym(","):
            part.append(p.ident())
        p.expect_sym(")")
        pk.append(tuple(part))
    else:
        pk.append((p.ident(),))
    while p.accept_sym(","):
        pk.append(p.ident())
    p.expect_sym(")")
    return pk


def _table_properties(
    p: TokenCursor,
) -> tuple[list[tuple[str, Any]], list[tuple[str, bool]], bool]:
    """``WITH ... AND ...``: (options, clustering order, compact storage)."""
    options: list[tuple[str, Any]] = []
    order: list[tuple[str, bool]] = []
    compact = False
    if p.accept_kw("WITH"):
        while True:
            if p.accept_kw("CLUSTERING"):
                order.extend(_clustering_order(p))
            elif p.accept_kw("COMPACT"):
                p.expect_kw("STORAGE")
                compact = True
            else:
                options.extend(_one_prop(p))
            if not p.accept_kw("AND"):
                break
    return options, order, compact


def _one_prop(p: TokenCursor) -> list[tuple[str, Any]]:
    name = p.ident(allow_reserved=True)
    p.expect_sym("=")
    if p.tok.kind == lx.MARKER:
        p.fail(p.tok, p.toks[p.i - 2])
    return [(name, p.option_value())]


def _reserved() -> set[str]:
    from coodie.embedded.parser_base import RESERVED

    return RESERVED


def _create_index(p: TokenCursor, custom: str | None) -> CreateIndexStmt:
    ine = _if_not_exists(p)
    name = None
    if not p.at_kw("ON"):
        name = p.ident()
    p.expect_kw("ON")
    ks, table = p.qualified()
    p.expect_sym("(")
    kind: str | None = None
    if p.at_kw("KEYS", "VALUES", "ENTRIES", "FULL") and p.peek().text == "(":
        kind = p.next().text.lower()
        p.expect_sym("(")
        col = p.ident()
        p.expect_sym(")")
    else:
        col = p.ident()
    p.expect_sym(")")
    options: list[tuple[str, Any]] = []
    if p.accept_kw("USING"):  # 5.0 also takes CREATE INDEX ... USING 'sai'
        custom = p.option_value()
    if p.accept_kw("WITH"):
        options = p.properties()
    return CreateIndexStmt(ks, table, name, ine, (kind, col), custom, tuple(options))


def _create_view(p: TokenCursor) -> CreateViewStmt:
    from coodie.embedded.parser import Parser

    assert isinstance(p, Parser)
    ine = _if_not_exists(p)
    ks, name = p.qualified()
    p.expect_kw("AS")
    p.expect_kw("SELECT")
    sels: list[str] | None = None
    if not p.accept_sym("*"):
        sels = [p.ident()]
        while p.accept_sym(","):
            sels.append(p.ident())
    p.expect_kw("FROM")
    bks, btable = p.qualified()
    where = p.where() if p.accept_kw("WHERE") else ()
    p.expect_kw("PRIMARY")
    p.expect_kw("KEY")
    p.expect_sym("(")
    pk: list[Any] = []
    if p.accept_sym("("):
        part = [p.ident()]
        while p.accept_sym(","):
            part.append(p.ident())
        p.expect_sym(")")
        pk.append(tuple(part))
    else:
        pk.append((p.ident(),))
    while p.accept_sym(","):
        pk.append(p.ident())
    p.expect_sym(")")
    options: list[tuple[str, Any]] = []
    order: list[tuple[str, bool]] = []
    if p.accept_kw("WITH"):
        while True:
            if p.accept_kw("CLUSTERING"):
                order.extend(_clustering_order(p))
            else:
                options.extend(_one_prop(p))
            if not p.accept_kw("AND"):
                break
    return CreateViewStmt(
        ks,
        name,
        ine,
        bks,
        btable,
        None if sels is None else tuple(sels),
        where,
        tuple(pk[0]),
        tuple(pk[1:]),
        tuple(options),
        tuple(order),
    )


def _alter(p: TokenCursor) -> Any:
    if p.accept_kw("KEYSPACE", "SCHEMA"):
        name = p.ident()
        p.expect_kw("WITH")
        return AlterKeyspaceStmt(name, tuple(p.properties()))
    if p.accept_kw("TABLE", "COLUMNFAMILY"):
        ks, name = p.qualified()
        if p.accept_kw("ADD"):
            if p.at_kw("IF"):
                p.fail()
            cols: list[ColumnDecl] = []
            if p.accept_sym("("):
                while True:
                    c = p.ident()
                    cols.append(ColumnDecl(c, p.type_ref(), p.accept_kw("STATIC")))
                    if not p.accept_sym(","):
                        break
                p.expect_sym(")")
            else:
                c = p.ident()
                cols.append(ColumnDecl(c, p.type_ref(), p.accept_kw("STATIC")))
            return AlterTableStmt(ks, name, AlterAction.ADD, tuple(cols))
        if p.accept_kw("DROP"):
            names: list[str] = []
            if p.accept_sym("("):
                names.append(p.ident())
                while p.accept_sym(","):
                    names.append(p.ident())
                p.expect_sym(")")
            else:
                names.append(p.ident())
            return AlterTableStmt(ks, name, AlterAction.DROP, tuple(names))
        if p.accept_kw("WITH"):
            return AlterTableStmt(ks, name, AlterAction.WITH, (), tuple(p.properties()))
        if p.accept_kw("RENAME"):
            return AlterTableStmt(ks, name, AlterAction.RENAME, _rename_pairs(p))
        if p.accept_kw("ALTER"):
            c = p.ident()
            p.expect_kw("TYPE")
            return AlterTableStmt(ks, name, AlterAction.ALTER, ((c, p.type_ref()),))
        p.fail()
    if p.accept_kw("TYPE"):
        ks, name = p.qualified()
        if p.accept_kw("ADD"):
            f = p.ident()
            return AlterTypeStmt(ks, name, AlterAction.ADD, ((f, p.type_ref()),))
        if p.accept_kw("RENAME"):
            return AlterTypeStmt(ks, name, AlterAction.RENAME, _rename_pairs(p))
        if p.accept_kw("ALTER"):
            f = p.ident()
            p.expect_kw("TYPE")
            return AlterTypeStmt(ks, name, AlterAction.ALTER, ((f, p.type_ref()),))
        p.fail()
    if p.accept_kw("MATERIALIZED"):
        p.expect_kw("VIEW")
        ks, name = p.qualified()
        p.expect_kw("WITH")
        return AlterTableStmt(ks, name, AlterAction.WITH_VIEW, (), tuple(p.properties()))
    p.fail()
    raise AssertionError  # pragma: no cover


def _drop(p: TokenCursor) -> DropStmt:
    if p.accept_kw("KEYSPACE", "SCHEMA"):
        ie = _if_exists(p)
        return DropStmt(DropKind.KEYSPACE, None, p.ident(), ie)
    for kw, what in (
        ("TABLE", DropKind.TABLE),
        ("COLUMNFAMILY", DropKind.TABLE),
        ("TYPE", DropKind.TYPE),
        ("INDEX", DropKind.INDEX),
        ("FUNCTION", DropKind.FUNCTION),
        ("AGGREGATE", DropKind.AGGREGATE),
    ):
        if p.accept_kw(kw):
            ie = _if_exists(p)
            ks, name = p.qualified()
            return DropStmt(what, ks, name, ie)
    if p.accept_kw("MATERIALIZED"):
        p.expect_kw("VIEW")
        ie = _if_exists(p)
        ks, name = p.qualified()
        return DropStmt(DropKind.VIEW, ks, name, ie)
    p.fail()
    raise AssertionError  # pragma: no cover


def _clustering_order(p: TokenCursor) -> list[tuple[str, bool]]:
    """``ORDER BY (a DESC, b ASC)`` after ``WITH CLUSTERING``: (column, descending) pairs."""
    p.expect_kw("ORDER")
    p.expect_kw("BY")
    p.expect_sym("(")
    order: list[tuple[str, bool]] = []
    while True:
        column = p.ident()
        desc = p.accept_kw("DESC")
        if not desc:
            p.accept_kw("ASC")
        order.append((column, desc))
        if not p.accept_sym(","):
            break
    p.expect_sym(")")
    return order


def _rename_pairs(p: TokenCursor) -> tuple[tuple[str, str], ...]:
    """``a TO b AND c TO d`` after ``RENAME``: (old, new) pairs."""
    pairs: list[tuple[str, str]] = []
    while True:
        old = p.ident()
        p.expect_kw("TO")
        pairs.append((old, p.ident()))
        if not p.accept_kw("AND"):
            return tuple(pairs)
