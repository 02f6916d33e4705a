"""UPDATE ... SET assignments: validation and the cell operations they perform."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from coodie.cql.types import NATIVE, ListType, MapType, NativeType, SetType, UserDefinedType
from coodie.embedded.catalog import Column, Table
from coodie.embedded.errors import invalid, syntax_error
from coodie.embedded.index_kinds import check_indexed_vectors
from coodie.embedded.mutation_size import value_size
from coodie.embedded.nodes import AssignKind, Assignment, Marker, Null, SetLit
from coodie.embedded.ordering import key_function
from coodie.embedded.storage import Cell, Complex, Partition, Row
from coodie.embedded.terms import UNSET, EvalContext, evaluate

_APPENDS = (AssignKind.ADD, AssignKind.SUB, AssignKind.PREPEND, AssignKind.PREPEND_MINUS)

Apply = Callable[[Partition, Row, int, int, int], None]


def _is_counter(col: Column) -> bool:
    return isinstance(col.type, NativeType) and col.type.name == "counter"


class Planned(NamedTuple):
    """The operations an UPDATE applies to each row, and the bytes they write per row."""

    ops: list[tuple[Column, Apply]]
    size: int


PlannedOp = tuple[Apply, Any] | None
"""A planned assignment: its operation and the value it writes (``None``: unset)."""


def plan_assignments(table: Table, assigns: tuple[Assignment, ...], ctx: EvalContext) -> Planned:
    """Validate every assignment and return the operations to apply per row."""
    from coodie.embedded import writes as w

    seen: dict[str, AssignKind] = {}
    out: list[tuple[Column, Apply]] = []
    written: list[Any] = []
    whole: list[tuple[str, Any]] = []  # columns set to a whole value
    for a in assigns:
        col = table.column(a.column)
        if col.is_primary:
            raise invalid(f"PRIMARY KEY part {col.name} found in SET part")
        if a.kind is AssignKind.SET and col.name in seen:
            raise syntax_error(f"Multiple incompatible setting of column {col.name}")
        seen[col.name] = a.kind
        if a.kind is AssignKind.BAD_COUNTER:
            raise syntax_error("Only expressions of the form X = X +<value> are supported.")
        if _is_counter(col):
            op = _plan_counter(col, a, ctx)
        elif a.kind is AssignKind.SET:
            op = _plan_set(col, a, ctx, w)
        elif a.kind in _APPENDS:
            op = _plan_append(col, a, ctx, w)
        elif a.kind is AssignKind.ELEM:
            op = _plan_element(col, a, ctx, w)
        else:
            op = _plan_field(col, a, ctx, w)
        if op is not None:  # None: the value was left unset
            out.append((col, op[0]))
            written.append(op[1])
            if a.kind is AssignKind.SET:
                whole.append((col.name, op[1]))
    check_indexed_vectors(table, whole)
    return Planned(out, sum(value_size(v) for v in written))


def _plan_counter(col: Column, a: Assignment, ctx: EvalContext) -> PlannedOp:
    """``c = c + n`` / ``c = c - n`` on a counter; any other form is refused."""
    if a.kind is AssignKind.SET and isinstance(a.value, Null):
        raise invalid("Invalid null value for counter increment/decrement")
    if a.kind not in (AssignKind.ADD, AssignKind.SUB):
        raise invalid(
            f"Cannot set the value of counter column {col.name} "
            "(counters can only be incremented/decremented, not set)"
        )
    delta = evaluate(a.value, NATIVE["bigint"], col.name, ctx)
    if delta is None:
        raise invalid("Invalid null value for counter increment/decrement")
    if delta is UNSET:
        return None
    return _counter_op(col, -delta if a.kind is AssignKind.SUB else delta), delta


def _plan_set(col: Column, a: Assignment, ctx: EvalContext, w: Any) -> PlannedOp:
    """``col = value`` (an empty collection on a non-frozen one is a deletion)."""
    t = col.type
    v = evaluate(a.value, t, col.name, ctx)
    if v is UNSET:
        return None
    multicell = isinstance(t, ListType | SetType | MapType | UserDefinedType) and not t.frozen
    if v == () and multicell:
        v = None
    return _set_op(col, v, w), v


def _plan_append(col: Column, a: Assignment, ctx: EvalContext, w: Any) -> PlannedOp:
    """``col = col + v``, ``col = col - v`` and ``col = v + col`` on a collection."""
    t = col.type
    if not isinstance(t, ListType | SetType | MapType) and a.kind in (
        AssignKind.ADD,
        AssignKind.SUB,
    ):
        raise invalid(f"Invalid operation ({a.text}) for non collection column {col.name}")
    if isinstance(t, ListType | SetType | MapType) and t.frozen:
        raise invalid(f"Invalid operation ({a.text}) for frozen collection column {col.name}")
    if a.kind in (AssignKind.PREPEND, AssignKind.PREPEND_MINUS) and not isinstance(t, ListType):
        text = a.text.rsplit(" + ", 1)[0] + " - " + col.name
        raise invalid(f"Invalid operation ({text}) for non list column {col.name}")
    if a.kind is AssignKind.SUB and isinstance(t, MapType):
        if not isinstance(a.value, SetLit | Marker):
            shown = a.text.split(" - ", 1)[-1]
            raise invalid(f"Value for a map substraction has to be a set, but was: '{shown}'")
        keys = evaluate(a.value, SetType(t.key), col.name, ctx)
        return _remove_op(col, keys or (), key_function(t.key)), keys
    v = evaluate(a.value, t, col.name, ctx)
    if v is UNSET:
        return None
    if a.kind is AssignKind.SUB:
        if isinstance(t, ListType):
            return _list_remove_op(col, v or ()), v
        assert isinstance(t, SetType)
        return _remove_op(col, v or (), key_function(t.element)), v
    if v is not None:
        return _append_op(col, v, a.kind is AssignKind.PREPEND, w), v
    if a.kind is AssignKind.ADD:
        return (lambda p, row, ts, ttl, now: None), None
    return None


def _plan_element(col: Column, a: Assignment, ctx: EvalContext, w: Any) -> PlannedOp:
    """``map[key] = v`` or ``list[index] = v``."""
    t = col.type
    if not isinstance(t, ListType | MapType | SetType):
        raise invalid(f"Invalid operation ({a.text}) for non collection column {col.name}")
    if t.frozen:
        raise invalid(f"Invalid operation ({a.text}) for frozen collection column {col.name}")
    if isinstance(t, MapType):
        k = evaluate(a.key, t.key, f"key({col.name})", ctx)
        v = evaluate(a.value, t.value, f"value({col.name})", ctx)
        if k is None:
            raise invalid("Invalid null map key")
        return _map_put_op(col, k, v, w), (k, v)
    if isinstance(t, ListType):
        idx = evaluate(a.key, NATIVE["int"], f"idx({col.name})", ctx)
        v = evaluate(a.value, t.element, f"value({col.name})", ctx)
        return _list_set_op(col, idx, v), v
    raise invalid(f"Invalid operation ({a.text}) for set column {col.name}")


def _plan_field(col: Column, a: Assignment, ctx: EvalContext, w: Any) -> PlannedOp:
    """``udt.field = v`` on a non-frozen user type."""
    t = col.type
    if not isinstance(t, UserDefinedType):
        raise invalid(f"Invalid operation ({a.text}) for non-UDT column {col.name}")
    if t.frozen:
        raise invalid(f"Invalid operation ({a.text}) for frozen UDT column {col.name}")
    names = [n for n, _ in t.fields]
    if a.key not in names:
        raise invalid(f"UDT column {col.name} does not have a field named {a.key}")
    idx = names.index(a.key)
    v = evaluate(a.value, t.fields[idx][1], f"{col.name}.{a.key}", ctx)
    return _field_op(col, idx, v, w), v


def _set_op(col: Column, v: Any, w: Any) -> Apply:
    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        w.write_cell(row, col, v, ts, ttl, now)

    return op


def _complex(row: Row, col: Column) -> Complex:
    c = row.cells.get(col.name)
    if not isinstance(c, Complex):
        c = Complex()
        row.set_cell(col.name, c)
    return c


def _append_op(col: Column, v: Any, prepend: bool, w: Any) -> Apply:
    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        c = _complex(row, col)
        w.add_elements(c, col.type, v, ts, ttl, now + ttl if ttl else 0, now, prepend)

    return op


def _remove_op(col: Column, keys: Any, kf: Any) -> Apply:
    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        c = _complex(row, col)
        for k in keys:
            c.items[kf(k)] = _tomb(c.items.get(kf(k)), ts)

    return op


def _tomb(old: Cell | None, ts: int) -> Cell:
    if old is not None and old.ts > ts:
        return old
    return Cell(ts, None)


def _list_remove_op(col: Column, vals: Any) -> Apply:
    drop = set(vals)

    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        c = _complex(row, col)
        for k, cell in list(c.items.items()):
            if cell.live(now) and cell.ts > c.deleted and cell.value in drop:
                c.items[k] = _tomb(cell, ts)

    return op


def _map_put_op(col: Column, k: Any, v: Any, w: Any) -> Apply:
    t = col.type
    assert isinstance(t, MapType)
    kf = key_function(t.key)

    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        c = _complex(row, col)
        if v is None:
            c.items[kf(k)] = _tomb(c.items.get(kf(k)), ts)
        else:
            w.put(c, kf(k), Cell(ts, (k, v), ttl, now + ttl if ttl else 0), t.value, now)

    return op


def list_positions(row: Row | None, col: Column, now: int) -> list[Any]:
    """Cell keys of the visible elements of a list column, in list order."""
    c = None if row is None else row.cells.get(col.name)
    if not isinstance(c, Complex):
        return []
    return sorted(k for k, cell in c.items.items() if cell.ts > c.deleted and cell.live(now))


def check_list_index(row: Row | None, col: Column, idx: int, now: int, action: str) -> None:
    """Cassandra's errors for a list index that is missing (checked before any change)."""
    live = list_positions(row, col, now)
    if not live:
        where = "on" if action == "set" else "from"
        raise invalid(f"Attempted to {action} an element {where} a list which is null")
    if idx < 0 or idx >= len(live):
        raise invalid(f"List index {idx} out of bound, list has size {len(live)}")


class ListSet:
    """``l[i] = v``: checked against current data before the statement changes anything."""

    def __init__(self, col: Column, idx: int, v: Any) -> None:
        self.col, self.idx, self.v = col, idx, v

    def check(self, row: Row | None, now: int) -> None:
        """Raise if the index does not exist."""
        check_list_index(row, self.col, self.idx, now, "set")

    def __call__(self, p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        self.check(row, now)
        c = row.cells.get(self.col.name)
        assert isinstance(c, Complex)
        key = list_positions(row, self.col, now)[self.idx]
        v = self.v
        c.items[key] = Cell(ts, v, ttl, now + ttl if ttl and v is not None else 0)


def _list_set_op(col: Column, idx: int, v: Any) -> Apply:
    return ListSet(col, idx, v)


def _field_op(col: Column, idx: int, v: Any, w: Any) -> Apply:
    t = col.type
    assert isinstance(t, UserDefinedType)

    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        c = _complex(row, col)
        cell = Cell(ts, v, ttl if v is not None else 0, now + ttl if ttl and v is not None else 0)
        w.put(c, idx, cell, t.fields[idx][1], now)

    return op


def _counter_op(col: Column, delta: int) -> Apply:
    def op(p: Partition, row: Row, ts: int, ttl: int, now: int) -> None:
        old = row.cells.get(col.name)
        base = old.value if isinstance(old, Cell) and old.value is not None else 0
        total = (base + delta + (1 << 63)) % (1 << 64) - (1 << 63)
        row.set_cell(col.name, Cell(max(ts, old.ts if isinstance(old, Cell) else ts), total))

    return op
