"""The examples in the engine's docstrings run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import coodie.embedded

MODULES = sorted(m.name for m in pkgutil.iter_modules(coodie.embedded.__path__, "coodie.embedded."))


@pytest.mark.parametrize("name", ["coodie.embedded", *MODULES])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
