"""Shared test configuration: syrupy snapshots live under the top-level ``snapshots/``.

A test in ``tests/unit/compiler/test_x.py`` stores its snapshots in
``snapshots/unit/compiler/test_x.ambr`` (update them with
``pytest --snapshot-update``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.amber import AmberSnapshotExtension
from syrupy.location import PyTestLocation

TESTS_DIR = Path(__file__).resolve().parent
SNAPSHOTS_DIR = TESTS_DIR.parent / "snapshots"


class RootSnapshotExtension(AmberSnapshotExtension):
    """Amber snapshots stored under ``snapshots/<path of the test dir below tests/>``."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        test_dir = Path(test_location.filepath).resolve().parent
        return str(SNAPSHOTS_DIR / test_dir.relative_to(TESTS_DIR))


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """The syrupy snapshot fixture, writing under the top-level ``snapshots/`` directory."""
    return snapshot.use_extension(RootSnapshotExtension)
