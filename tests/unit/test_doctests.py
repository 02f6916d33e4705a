"""The ``>>>`` examples in every module under ``src/coodie`` run.

Each module is imported even when it has no examples, so an example cannot hide behind an
import error. Examples compile as a user would type them in a session: without the module's
``from __future__ import annotations``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import coodie

from .source_tree import source_modules

MODULES = sorted(["coodie", *(m.name for m in pkgutil.walk_packages(coodie.__path__, "coodie."))])


def test_every_module_under_src_is_collected() -> None:
    # walk_packages skips the modules of a package it cannot import: compare with the files
    assert set(MODULES) == source_modules()
    assert {"coodie.embedded.lexer", "coodie.cli.__main__", "coodie.testing"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, compileflags=0)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
