"""Replay targets for the conformance corpus.

A target runs one case and returns an :class:`Outcome`. The embedded engine is the
default; ``COODIE_CONFORMANCE_TARGET=driver`` (with ``COODIE_TEST_HOSTS``) replays
against a real node through scylla-driver instead.
"""

from __future__ import annotations

import os
import time
from typing import Any

import attrs

from coodie.cql.types import CqlType
from coodie.embedded import Engine, EngineResult, EngineSettings, Prepared
from coodie.exceptions import DriverError

from .values import decode_param

ERROR_NAMES = {
    0x2000: "SyntaxException",
    0x2100: "Unauthorized",
    0x2200: "InvalidRequest",
    0x2300: "ConfigurationException",
    0x2400: "AlreadyExists",
}
DEFAULT_FETCH = 5000


@attrs.define
class Outcome:
    """What a target returned for one case, normalised for comparison."""

    kind: str
    columns: list[str] = attrs.field(factory=list)
    types: list[CqlType] = attrs.field(factory=list)
    rows: list[tuple[Any, ...]] = attrs.field(factory=list)
    pages: list[int] | None = None
    warnings: list[str] = attrs.field(factory=list)
    schema_change: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class EmbeddedTarget:
    """Runs cases against a fresh in-process :class:`~coodie.embedded.Engine` each, with the
    recording node's settings for the case's file."""

    name = "embedded"

    def close(self) -> None:
        """Nothing to release."""

    def run(self, case: dict[str, Any], settings: EngineSettings) -> Outcome:
        engine = Engine(settings=settings)
        session = engine.session()
        for ks in case["keyspaces"]:
            session.execute(
                f"CREATE KEYSPACE {ks} WITH replication = "
                "{'class': 'SimpleStrategy', 'replication_factor': 1}"
            )
        for step in case["setup"]:
            self._setup(session, step)
        try:
            return self._main(session, case)
        except DriverError as exc:
            return _error(exc)

    def _setup(self, session: Any, step: Any) -> None:
        if isinstance(step, str):
            session.execute(step)
        elif "sleep_ms" in step:
            time.sleep(step["sleep_ms"] / 1000)
        elif "params_each" in step:
            p = session.prepare(step["cql"])
            for params in step["params_each"]:
                session.execute(p, decode_param(params))
        else:
            p = session.prepare(step["cql"])
            session.execute(p, decode_param(step["params"]))

    def _main(self, session: Any, case: dict[str, Any]) -> Outcome:
        fetch = case["fetch_size"]
        page_size = DEFAULT_FETCH if fetch is None else fetch
        stmt: str | Prepared = case["cql"]
        params = None
        if case["params"] is not None:
            try:
                stmt = session.prepare(case["cql"])
            except DriverError as exc:
                out = _error(exc)
                assert out.error is not None
                out.error["phase"] = "prepare"
                return out
            params = decode_param(case["params"])
        try:
            result = session.execute(stmt, params, page_size=page_size)
        except DriverError as exc:
            out = _error(exc)
            if case["params"] is not None:
                assert out.error is not None
                out.error["phase"] = "execute"
            return out
        pages = [len(result.raw_rows)]
        rows = list(result.raw_rows)
        warnings = list(result.warnings)
        while result.paging_state is not None:
            result = session.execute(stmt, params, page_size=page_size,
                                     paging_state=result.paging_state)  # fmt: skip
            pages.append(len(result.raw_rows))
            rows.extend(result.raw_rows)
        return _outcome(result, rows, pages if fetch else None, warnings)


def _outcome(result: EngineResult, rows: list[tuple[Any, ...]], pages: list[int] | None,
             warnings: list[str]) -> Outcome:  # fmt: skip
    if result.kind == "rows":
        return Outcome("rows", [c.name for c in result.columns], [c.type for c in result.columns],
                       rows, pages, warnings)  # fmt: skip
    if result.kind == "schema_change":
        sc = result.schema_change
        assert sc is not None
        d: dict[str, Any] = {
            "target_type": sc.target,
            "change_type": sc.change,
            "keyspace": sc.keyspace,
        }
        if sc.target != "KEYSPACE":
            d[sc.target.lower()] = sc.name
        return Outcome("schema_change", schema_change=d, warnings=warnings)
    return Outcome(result.kind, warnings=warnings)


def _error(exc: DriverError) -> Outcome:
    code = exc.code or 0
    err: dict[str, Any] = {
        "error": ERROR_NAMES.get(code, type(exc).__name__),
        "code": f"0x{code:04x}",
        "message": str(exc),
    }
    if exc.info:
        err["info"] = dict(exc.info)
    return Outcome("error", error=err)


def make_target() -> Any:
    """The target selected by ``COODIE_CONFORMANCE_TARGET`` (default: embedded)."""
    name = os.environ.get("COODIE_CONFORMANCE_TARGET", "embedded")
    if name == "embedded":
        return EmbeddedTarget()
    from .driver_target import DriverTarget, ServerTarget, hosts_from_env

    if name == "driver":
        return DriverTarget(hosts_from_env())
    if name == "server":
        return ServerTarget()
    raise RuntimeError(f"unknown conformance target {name!r} (embedded, server or driver)")
