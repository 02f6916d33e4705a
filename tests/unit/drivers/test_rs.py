"""A closed rs driver says so instead of failing on ``None``."""

from __future__ import annotations

import pytest

from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.exceptions import ConfigurationError

rs = pytest.importorskip("coodie.drivers.rs")


def test_closed_rs_driver_raises_configuration_error() -> None:
    driver = rs.RsDriver(object())
    driver.close()
    with pytest.raises(ConfigurationError, match="closed"):
        driver.execute(CompiledStatement("SELECT * FROM ks.t"), ExecutionOptions())
    assert driver._loop is None  # no loop thread started for a closed driver
