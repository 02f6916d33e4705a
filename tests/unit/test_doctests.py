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

MODULES = sorted(["coodie", *(m.name for m in pkgutil.walk_packages(coodie.__path__, "coodie."))])


def test_every_package_is_walked() -> None:
    walked = {"coodie.embedded.lexer", "coodie.query.queryset", "coodie.compiler.render"}
    assert walked <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, compileflags=0)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
