"""``coodie convert-legacy-data --path DIR``: read an old pickle data directory, safely.

coodie before the checksummed format kept ``snapshot.bin`` (a pickle of the catalog and
the stored partitions) and ``commitlog.bin`` (pickled statements applied after it). The
engine no longer opens such a directory: unpickling runs whatever a file names. This
command reads them once with a *restricted* unpickler: :meth:`SafeUnpickler.find_class`
admits only the engine's own data classes and the few standard value types the old files
hold (``uuid.UUID``, ``decimal.Decimal``, addresses, dates); any other name — ``os.system``,
``builtins.eval``, ``subprocess.Popen`` — is refused before it is even imported, so a
crafted file raises :class:`~coodie.exceptions.DataDirectoryError` and runs nothing.

The stored partitions are rebuilt with today's storage classes, the logged statements are
applied again (as the old engine replayed them), the state is written as ``snapshot.dat``
and the old files move to ``DIR/legacy-backup-N/``; the engine then opens the directory.

>>> import io, pickle
>>> SafeUnpickler(io.BytesIO(pickle.dumps(print))).load()  # doctest: +ELLIPSIS
Traceback (most recent call last):
coodie.exceptions.DataDirectoryError: refusing to load builtins.print ...
"""

from __future__ import annotations

import io
import os
import pickle
import struct
from typing import TYPE_CHECKING, Any

from coodie.embedded.dirlock import DirectoryLock
from coodie.exceptions import DataDirectoryError

if TYPE_CHECKING:
    from coodie.embedded.engine import Engine
    from coodie.embedded.storage import Partition, Row, TableData

OLD_SNAPSHOT = "snapshot.bin"
OLD_LOG = "commitlog.bin"
LEGACY_FILES = (OLD_LOG, OLD_SNAPSHOT)

_ALLOWED: dict[str, frozenset[str]] = {
    "coodie.cql.types": frozenset(
        {
            "NativeType",
            "ListType",
            "SetType",
            "MapType",
            "TupleType",
            "UserDefinedType",
            "VectorType",
        }
    ),
    "coodie.cql.values": frozenset({"CqlDuration"}),
    "coodie.embedded.catalog": frozenset({"Keyspace", "Table", "Column", "Index"}),
    "coodie.embedded.ordering": frozenset({"Rev", "LOW"}),
    "coodie.embedded.codec": frozenset({"EMPTY"}),
    "coodie.embedded.terms": frozenset({"RawValue", "UNSET"}),
    "uuid": frozenset({"UUID", "SafeUUID"}),
    "decimal": frozenset({"Decimal"}),
    "ipaddress": frozenset({"IPv4Address", "IPv6Address"}),
    "datetime": frozenset({"date", "time", "datetime", "timedelta", "timezone"}),
    "builtins": frozenset({"set", "frozenset", "bytearray", "complex"}),
}
"""Module → the names a legacy file may load: data classes and value types, nothing callable
that acts on the world."""


class _Stored:
    """The state of one old storage object (cell, row, partition ...), rebuilt afterwards."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.state: dict[str, Any] = {}

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (__dict__, __slots__ values)
            for part in state:
                if isinstance(part, dict):
                    self.state.update(part)
        elif isinstance(state, dict):
            self.state.update(state)


_STORAGE = frozenset({"Cell", "Complex", "Row", "RangeTombstone", "Partition", "TableData"})


def _stand_in(kind: str) -> type:
    """A stand-in for an old storage class: making one yields a :class:`_Stored`."""

    def new(cls: type, *args: Any) -> _Stored:
        return _Stored(kind)

    return type(kind, (), {"__new__": new})


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that loads only the engine's data classes and plain value types."""

    def find_class(self, module: str, name: str) -> Any:
        """The class ``module.name`` if it is on the allowed list; anything else is refused."""
        if module == "coodie.embedded.storage" and name in _STORAGE:
            return _stand_in(name)
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise DataDirectoryError(
            f"refusing to load {module}.{name} from a legacy data file: only the engine's "
            "own data classes are read (the file may have been tampered with)"
        )


def _load(data: bytes, what: str) -> Any:
    try:
        return SafeUnpickler(io.BytesIO(data)).load()
    except DataDirectoryError as exc:
        raise DataDirectoryError(f"{what}: {exc}") from None
    except Exception as exc:
        raise DataDirectoryError(f"{what} could not be read: {type(exc).__name__}: {exc}") from exc


# ----------------------------------------------------------------- rebuilding storage


def _row(old: _Stored, ck: tuple[Any, ...]) -> Row:
    from coodie.embedded.storage import Row

    row = Row(ck)
    s = old.state
    row.deleted = s.get("deleted", row.deleted)
    marker = s.get("marker")
    row.marker = _cell(marker) if isinstance(marker, _Stored) else None
    for name, value in (s.get("cells") or {}).items():
        row.set_cell(name, _value(value))
    return row


def _cell(old: _Stored) -> Any:
    from coodie.embedded.storage import Cell

    s = old.state
    return Cell(s["ts"], s.get("value"), s.get("ttl", 0), s.get("expire", 0))


def _value(old: Any) -> Any:
    """A cell or a multi-cell column."""
    from coodie.embedded.storage import Complex

    if not isinstance(old, _Stored):
        raise DataDirectoryError(f"unexpected cell content in {OLD_SNAPSHOT}: {type(old)}")
    if old.kind == "Cell":
        return _cell(old)
    c = Complex()
    c.deleted = old.state.get("deleted", c.deleted)
    for k, cell in (old.state.get("items") or {}).items():
        c.items[k] = _cell(cell)
    return c


def _partition(old: _Stored) -> Partition:
    from coodie.embedded.storage import Partition, RangeTombstone

    s = old.state
    p = Partition(s["key"], s["pk_bytes"], s["token"])
    p.deleted = s.get("deleted", p.deleted)
    static = s.get("static")
    if isinstance(static, _Stored):
        p.static = _row(static, ())
    for sk, row in (s.get("rows") or {}).items():
        p.rows[sk] = _row(row, row.state.get("ck", ()))
        p.keys.add(sk)
    for rt in s.get("ranges") or ():
        r = rt.state
        p.ranges.append(RangeTombstone(r["lo"], r["lo_incl"], r["hi"], r["hi_incl"], r["ts"]))
    return p


def _table_data(old: _Stored) -> TableData:
    from coodie.embedded.storage import TableData

    data = TableData()
    for pk_bytes, part in (old.state.get("partitions") or {}).items():
        data.partitions[pk_bytes] = _partition(part)
    return data


# ----------------------------------------------------------------- the conversion


def read_legacy(path: str) -> tuple[Engine, list[str]]:
    """The state an old directory holds, in an in-memory engine, and a report."""
    from coodie.embedded.engine import Engine
    from coodie.embedded.system import install_system_keyspaces

    eng = Engine()
    report: list[str] = []
    snap = os.path.join(path, OLD_SNAPSHOT)
    if os.path.exists(snap):
        with open(snap, "rb") as fh:
            state = _load(fh.read(), OLD_SNAPSHOT)
        if not (isinstance(state, tuple) and len(state) == 4):
            raise DataDirectoryError(f"{OLD_SNAPSHOT} does not hold an engine snapshot")
        keyspaces, data, eng.schema_version, eng._last_ts = state
        eng.keyspaces = dict(keyspaces)
        eng.data = {key: _table_data(table) for key, table in data.items()}
        install_system_keyspaces(eng)
        rows = sum(len(p.rows) for d in eng.data.values() for p in d.partitions.values())
        report.append(f"{OLD_SNAPSHOT}: {len(eng.data)} tables, {rows} rows")
    log = os.path.join(path, OLD_LOG)
    if os.path.exists(log):
        report.append(_replay(eng, log))
    return eng, report


def _replay(eng: Engine, log: str) -> str:
    with open(log, "rb") as fh:
        data = fh.read()
    pos = applied = 0
    failed: list[str] = []
    while pos + 4 <= len(data):
        (n,) = struct.unpack_from(">I", data, pos)
        if pos + 4 + n > len(data):
            break  # a torn last record: never acknowledged
        record = _load(data[pos + 4 : pos + 4 + n], f"{OLD_LOG} at offset {pos}")
        try:
            _apply(eng, record)
            applied += 1
        except Exception as exc:
            failed.append(f"offset {pos}: {type(exc).__name__}: {exc}")
        pos += 4 + n
    line = f"{OLD_LOG}: {applied} statements applied"
    if pos < len(data):
        line += f"; a torn last record of {len(data) - pos} bytes was ignored"
    if failed:
        line += f"; {len(failed)} failed: " + "; ".join(failed)
    return line


def _apply(eng: Engine, record: Any) -> None:
    if not isinstance(record, tuple) or not record or record[0] not in ("stmt", "batch"):
        raise DataDirectoryError(f"not a log record: {record!r}"[:200])
    s = eng.session(record[1])
    if record[0] == "stmt":
        _, _, cql, values, ts = record
        s.execute(cql, values or None, timestamp=ts or None)
    else:
        _, _, items, batch_type, ts = record
        s.execute_batch(items, batch_type, timestamp=ts)


def convert_legacy(path: str) -> list[str]:
    """Convert the old pickle files of ``path`` to the current format; returns a report.

    The new ``snapshot.dat`` is written (atomically) before the old files move to
    ``legacy-backup-N/``, so an interrupted conversion can simply be run again.
    """
    from coodie.embedded.persistence import LOG
    from coodie.embedded.snapshot import fsync_dir, write_snapshot

    if not any(os.path.exists(os.path.join(path, n)) for n in LEGACY_FILES):
        return [f"{path} holds no legacy files ({', '.join(LEGACY_FILES)}): nothing to convert"]
    lock = DirectoryLock(path, lambda step: None)
    try:
        log = os.path.join(path, LOG)
        if os.path.exists(log) and os.path.getsize(log) > 64:
            raise DataDirectoryError(
                f"{path} holds both legacy files and a current {LOG}: convert refuses to "
                "choose; move one of them away first"
            )
        eng, report = read_legacy(path)
        write_snapshot(eng, path, 0, lambda step: None)
        if os.path.exists(log):
            os.remove(log)  # an empty log from an interrupted run: the snapshot has it all
        n = 1
        while os.path.exists(os.path.join(path, f"legacy-backup-{n}")):
            n += 1
        backup = os.path.join(path, f"legacy-backup-{n}")
        os.makedirs(backup)
        for name in LEGACY_FILES:
            if os.path.exists(os.path.join(path, name)):
                os.replace(os.path.join(path, name), os.path.join(backup, name))
        fsync_dir(path)
        report.append(f"wrote snapshot.dat; the legacy files are kept in {backup}")
        return report
    finally:
        lock.release()
