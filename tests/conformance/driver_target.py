"""Replaying the corpus through scylla-driver: against a real node or the coodie server.

* ``COODIE_CONFORMANCE_TARGET=driver`` with ``COODIE_TEST_HOSTS=host[:port],...``: a real
  Cassandra / ScyllaDB cluster.
* ``COODIE_CONFORMANCE_TARGET=server``: the native-protocol server on a fresh embedded
  engine (``coodie.testing.embedded_server``).

Limits of going through the Python driver: it does not hand schema-change events to the
caller (a successful DDL counts as matching a ``schema_change`` expectation), and it
cannot bind raw bytes, so ``{"raw_hex"}`` / ``{"empty"}`` params are reported as
unsupported instead of being replayed; it replaces the server's AlreadyExists message.

A session that ran ``USE`` is replaced before the next case, so no case inherits a current
keyspace. The cases the driver cannot replay faithfully (it pads missing bound values with
UNSET, refuses some bindings client-side, sorts every set it decodes, cannot decode
timestamps beyond ``datetime``'s range) are listed per target in
``expected_failures.NOT_REPLAYABLE``.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import ExitStack
from typing import Any

from coodie.cql.types import (
    NATIVE,
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
)
from coodie.cql.values import CqlDuration
from coodie.embedded import UNSET, RawValue

from .targets import DEFAULT_FETCH, Outcome
from .values import decode_param


class Unsupported(Exception):
    """The case needs something the driver cannot send."""


def _to_driver(v: Any) -> Any:
    from cassandra.query import UNSET_VALUE
    from cassandra.util import Duration

    if v is UNSET:
        return UNSET_VALUE
    if isinstance(v, RawValue):
        raise Unsupported("raw bound bytes")
    if isinstance(v, CqlDuration):
        return Duration(v.months, v.days, v.nanoseconds)
    if isinstance(v, list):
        return [_to_driver(e) for e in v]
    if isinstance(v, tuple):
        return tuple(_to_driver(e) for e in v)
    if isinstance(v, dict):
        return {k: _to_driver(e) for k, e in v.items()}
    return v


def _udts_as_tuples(v: Any) -> Any:
    """The driver binds an unregistered UDT from a tuple in field order, not a dict."""
    if isinstance(v, list):
        return [_udts_as_tuples(e) for e in v]
    if isinstance(v, dict):
        if set(v) == {"udt"}:
            return {"tuple": [_udts_as_tuples(e) for e in v["udt"].values()]}
        return {k: _udts_as_tuples(e) for k, e in v.items()}
    return v


def _params(raw: Any) -> Any:
    return _to_driver(decode_param(_udts_as_tuples(raw)))


def _type(ct: Any) -> CqlType:
    name = getattr(ct, "typename", "")
    subs = [_type(s) for s in getattr(ct, "subtypes", ()) or ()]
    if name == "list":
        return ListType(subs[0])
    if name == "set":
        return SetType(subs[0])
    if name == "map":
        return MapType(subs[0], subs[1])
    if name == "tuple":
        return TupleType(tuple(subs))
    if hasattr(ct, "fieldnames"):
        return UserDefinedType(name, tuple(zip(ct.fieldnames, subs, strict=True)), ct.keyspace)
    name = {"varchar": "text"}.get(name, name)
    return NATIVE.get(name, NativeType(name))


def _value(v: Any) -> Any:
    from cassandra.util import Date, Time

    if isinstance(v, Date):
        return v.days_from_epoch
    if isinstance(v, Time):
        return v.nanosecond_time
    if hasattr(v, "items") and not isinstance(v, dict):
        return [(_value(a), _value(b)) for a, b in v.items()]
    if isinstance(v, dict):
        return [(_value(a), _value(b)) for a, b in v.items()]
    if isinstance(v, list | tuple) or type(v).__name__ == "SortedSet":
        return [_value(e) for e in v]
    return v


class DriverTarget:
    """Runs cases through scylla-driver against ``hosts`` (or an embedded server)."""

    def __init__(self, hosts: list[str] | None = None, settings: Any = None) -> None:
        self.name = "driver" if hosts else "server"
        self._stack = ExitStack()
        if hosts is None:
            from coodie.testing import embedded_server

            info = self._stack.enter_context(embedded_server(settings=settings))
            hosts = [info.contact_point]
        self._hosts = hosts
        self._cluster: Any = None
        self._session = self._connect(hosts)

    def close(self) -> None:
        """Shut the driver (and the embedded server) down."""
        self._stack.close()

    def _connect(self, hosts: list[str]) -> Any:
        from cassandra.cluster import Cluster

        points = [h.rsplit(":", 1)[0] for h in hosts]
        port = int(hosts[0].rsplit(":", 1)[1]) if ":" in hosts[0] else 9042
        cluster = Cluster(points, port=port, protocol_version=4)
        self._stack.callback(cluster.shutdown)
        self._cluster = cluster
        return self._fresh_session()

    def _fresh_session(self) -> Any:
        from cassandra.policies import RetryPolicy

        session = self._cluster.connect()
        session.default_retry_policy = RetryPolicy()
        return session

    def run(self, case: dict[str, Any], settings: Any = None) -> Outcome:
        """Replay ``case`` (a real cluster has its own settings: ``settings`` is ignored)."""
        from cassandra import DriverException
        from cassandra.protocol import ErrorMessage

        if self._session.keyspace is not None:
            # a case ran USE: start the next one without a current keyspace, like a new
            # connection (the driver would otherwise re-apply it to every request)
            self._session.shutdown()
            self._session = self._fresh_session()
        s = self._session
        try:
            for ks in case["keyspaces"]:
                s.execute(f"DROP KEYSPACE IF EXISTS {ks}")
                s.execute(
                    f"CREATE KEYSPACE {ks} WITH replication = "
                    "{'class': 'SimpleStrategy', 'replication_factor': 1}"
                )
            for step in case["setup"]:
                self._setup(step)
            return self._main(case)
        except Unsupported as exc:
            return Outcome("unsupported", error={"error": "unsupported", "message": str(exc)})
        except (ErrorMessage, DriverException) as exc:
            if "Failed decoding" in str(exc):
                # the driver cannot represent the value and drops the connection
                self._session = self._connect(self._hosts)
                return Outcome("unsupported", error={"error": "unsupported", "message": str(exc)})
            try:
                return Outcome("error", error=_error(exc))
            except Unsupported as why:
                return Outcome("unsupported", error={"error": "unsupported", "message": str(why)})

    def _setup(self, step: Any) -> None:
        s = self._session
        if isinstance(step, str):
            s.execute(step)
        elif "sleep_ms" in step:
            time.sleep(step["sleep_ms"] / 1000)
        else:
            p = s.prepare(step["cql"])
            for params in step.get("params_each") or [step["params"]]:
                s.execute(p, _params(params))

    def _main(self, case: dict[str, Any]) -> Outcome:
        from cassandra import DriverException
        from cassandra.protocol import ErrorMessage
        from cassandra.query import SimpleStatement

        s = self._session
        fetch = case["fetch_size"]
        size = DEFAULT_FETCH if fetch is None else (fetch or None)
        if case["params"] is None:
            stmt: Any = SimpleStatement(case["cql"], fetch_size=size)
            params = None
        else:
            try:
                stmt = s.prepare(case["cql"])
            except (ErrorMessage, DriverException) as exc:
                return Outcome("error", error={**_error(exc), "phase": "prepare"})
            stmt.fetch_size = size
            params = _params(case["params"])
        try:
            result = s.execute(stmt, params)
        except ValueError as exc:  # the driver refuses to bind the values client-side
            raise Unsupported(f"the driver refuses the values: {exc}") from None
        except (ErrorMessage, DriverException) as exc:
            if "Failed decoding" in str(exc):
                raise
            err = _error(exc)
            if params is not None:
                err["phase"] = "execute"
            return Outcome("error", error=err)
        warnings = list(result.response_future.warnings or [])
        if not result.column_names:
            if case["cql"].lstrip().upper().startswith("USE "):
                return Outcome("set_keyspace", warnings=warnings)
            exp = case["expect"]
            if exp.get("kind") == "schema_change":
                return Outcome("schema_change", schema_change=exp["schema_change"],
                               warnings=warnings)  # fmt: skip
            return Outcome("void", warnings=warnings)
        types = [_type(t) for t in result.column_types]
        rows = [tuple(_value(v) for v in r) for r in result.current_rows]
        pages = [len(result.current_rows)]
        while result.has_more_pages:
            result.fetch_next_page()
            pages.append(len(result.current_rows))
            rows.extend(tuple(_value(v) for v in r) for r in result.current_rows)
        return Outcome("rows", list(result.column_names), types, rows,
                       pages if fetch else None, warnings)  # fmt: skip


class ServerTarget:
    """One coodie server per recording-node settings, each replayed through scylla-driver."""

    name = "server"

    def __init__(self) -> None:
        self._targets: dict[Any, DriverTarget] = {}

    def run(self, case: dict[str, Any], settings: Any) -> Outcome:
        """Replay ``case`` on the server whose engine has ``settings``."""
        target = self._targets.get(settings)
        if target is None:
            target = self._targets[settings] = DriverTarget(None, settings)
        return target.run(case)

    def close(self) -> None:
        """Stop every server."""
        for target in self._targets.values():
            target.close()


_SERVER_ERROR = re.compile(
    r'Error from server: code=([0-9a-fA-F]+) \[[^\]]*\] message="(.*)"\Z', re.S
)


def _error(exc: Any) -> dict[str, Any]:
    name = type(exc).__name__
    if name == "AlreadyExists":
        raise Unsupported("the driver replaces the server's AlreadyExists message with its own")
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None)
    m = _SERVER_ERROR.match(str(exc))
    if m:
        code, message = int(m[1], 16), m[2]
    out: dict[str, Any] = {
        "error": name,
        "code": f"0x{code:04x}" if isinstance(code, int) else None,
        "message": message if message is not None else str(exc),
    }
    info = getattr(exc, "info", None)
    if isinstance(info, dict) and info:
        out["info"] = info
    return out


def hosts_from_env() -> list[str]:
    """``COODIE_TEST_HOSTS`` as a list of ``host[:port]``."""
    raw = os.environ.get("COODIE_TEST_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if not hosts:
        raise RuntimeError("COODIE_CONFORMANCE_TARGET=driver needs COODIE_TEST_HOSTS")
    return hosts
