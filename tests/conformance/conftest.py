"""Checks the chosen replay target up front; prints the progress line at the end of a run."""

from __future__ import annotations

import os
from typing import Any

import pytest

TARGETS = ("embedded", "server", "driver")


def pytest_configure(config: pytest.Config) -> None:
    """Stop the run at once on an unknown ``COODIE_CONFORMANCE_TARGET``."""
    name = os.environ.get("COODIE_CONFORMANCE_TARGET", "embedded")
    if name not in TARGETS:
        raise pytest.UsageError(
            f"COODIE_CONFORMANCE_TARGET={name!r} is not a target (one of {', '.join(TARGETS)})"
        )
    if name == "driver" and not os.environ.get("COODIE_TEST_HOSTS", "").strip():
        raise pytest.UsageError("COODIE_CONFORMANCE_TARGET=driver needs COODIE_TEST_HOSTS")


def pytest_report_header() -> str:
    return f"conformance target: {os.environ.get('COODIE_CONFORMANCE_TARGET', 'embedded')}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from .test_conformance import CASES, RESULTS, TARGET

    if not RESULTS:
        return
    counts: dict[str, int] = {}
    for status in RESULTS.values():
        counts[status] = counts.get(status, 0) + 1
    terminalreporter.write_line(
        f"conformance ({TARGET.name}): {counts.get('passed', 0)} passed, "
        f"{counts.get('failed', 0) + counts.get('xpass', 0)} failed, "
        f"{counts.get('xfail', 0)} expected failures, {counts.get('quirk', 0)} quirks excluded, "
        f"{counts.get('unsupported', 0)} listed as not replayable by this target "
        f"(of {len(CASES)} cases)"
    )


def pytest_sessionfinish(session: Any) -> None:
    import sys

    module = sys.modules.get(__package__ + ".test_conformance") if __package__ else None
    target = getattr(module, "TARGET", None)
    close = getattr(target, "close", None)
    if close is not None:
        close()
