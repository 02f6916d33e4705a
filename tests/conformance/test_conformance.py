"""Replays every case of the shared Cassandra 4.0 corpus against a target."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coodie.embedded import EngineSettings

from .expected_failures import EXPECTED_FAILURES, NOT_REPLAYABLE, QUIRKS
from .targets import Outcome, make_target
from .values import matches, type_name

CASES_DIR = Path(__file__).parent / "cases"
HEADER = json.loads((CASES_DIR / "header.json").read_text())


def settings_for(file_name: str) -> EngineSettings:
    """The recording node's settings for one file (``header.json``; later files override)."""
    base = dict(HEADER["server_settings"])
    base.update(HEADER.get("later_files", {}).get(file_name, {}).get("server_settings", {}))
    return EngineSettings.cassandra_4_0(
        materialized_views=base["enable_materialized_views"] == "true",
        sasi=base["enable_sasi_indexes"] == "true",
    )


def _load() -> list[dict[str, Any]]:
    cases = []
    for f in sorted(CASES_DIR.glob("*.jsonl")):
        settings = settings_for(f.name)
        for line in f.read_text().splitlines():
            if line.strip():
                cases.append({**json.loads(line), "_settings": settings})
    return cases


CASES = _load()
TARGET = make_target()
UNREPLAYABLE = NOT_REPLAYABLE.get(TARGET.name, {})
RESULTS: dict[str, str] = {}


def compare(case: dict[str, Any], out: Outcome) -> list[str]:
    """Differences between the expectation of ``case`` and ``out`` (empty = pass)."""
    exp = case["expect"]
    problems: list[str] = []
    if "error" in exp:
        if out.error is None:
            return [f"expected error {exp['error']}: {exp['message']!r}, got {out.kind}"]
        for k in ("error", "code", "message", "info", "phase"):
            if k in exp and exp[k] != out.error.get(k):
                problems.append(f"{k}: expected {exp[k]!r}, got {out.error.get(k)!r}")
        return problems
    if out.error is not None:
        return [f"unexpected error {out.error}"]
    if exp["kind"] != out.kind:
        return [f"kind: expected {exp['kind']}, got {out.kind}"]
    if exp.get("warnings", []) != out.warnings:
        problems.append(f"warnings: expected {exp.get('warnings', [])}, got {out.warnings}")
    if out.kind == "schema_change" and exp["schema_change"] != out.schema_change:
        problems.append(f"schema_change: expected {exp['schema_change']}, got {out.schema_change}")
    if out.kind != "rows":
        return problems
    if exp["columns"] != out.columns:
        problems.append(f"columns: expected {exp['columns']}, got {out.columns}")
    types = [type_name(t) for t in out.types]
    if exp["types"] != types:
        problems.append(f"types: expected {exp['types']}, got {types}")
    if exp["pages"] is not None and exp["pages"] != out.pages:
        problems.append(f"pages: expected {exp['pages']}, got {out.pages}")
    if len(exp["rows"]) != len(out.rows):
        problems.append(f"row count: expected {len(exp['rows'])}, got {len(out.rows)}")
    if problems:
        return [*problems, f"rows: got {out.rows[:5]!r}"]
    for i, (er, ar) in enumerate(zip(exp["rows"], out.rows, strict=True)):
        if len(er) != len(ar) or not all(
            matches(e, a, t) for e, a, t in zip(er, ar, out.types, strict=True)
        ):
            problems.append(f"row {i}: expected {er!r}, got {ar!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    cid = case["id"]
    if cid in QUIRKS:
        RESULTS[cid] = "quirk"
        pytest.skip(f"quirk of the recording node: {QUIRKS[cid]}")
    try:
        out = TARGET.run(case, case["_settings"])
    except BaseException:  # a failing setup step counts as a failing case
        RESULTS[cid] = "failed"
        raise
    problems = compare(case, out) if out.kind != "unsupported" else ["cannot replay"]
    if cid in UNREPLAYABLE:
        if problems:
            RESULTS[cid] = "unsupported"
            pytest.skip(f"target {TARGET.name} cannot replay this case: {UNREPLAYABLE[cid]}")
        RESULTS[cid] = "xpass"
        pytest.fail(f"{cid} passes now: remove it from NOT_REPLAYABLE[{TARGET.name!r}]")
    if out.kind == "unsupported":
        RESULTS[cid] = "failed"
        assert out.error is not None
        pytest.fail(
            f"target {TARGET.name} cannot replay {cid} ({out.error['message']}) "
            f"and it is not listed in NOT_REPLAYABLE[{TARGET.name!r}]"
        )
    if cid in EXPECTED_FAILURES:
        if problems:
            RESULTS[cid] = "xfail"
            pytest.xfail(EXPECTED_FAILURES[cid])
        if TARGET.name == "embedded":  # the list describes the engine: strict only there
            RESULTS[cid] = "xpass"
            pytest.fail(f"{cid} passes now: remove it from EXPECTED_FAILURES")
    RESULTS[cid] = "failed" if problems else "passed"
    assert not problems, f"{cid}: " + "; ".join(problems)
