"""The integration target is chosen strictly: a misspelt setting stops the run."""

from __future__ import annotations

import pytest

from .targets import Choice, TargetChoiceError, choose


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Choice("embedded", "embedded")),
        ({"COODIE_TEST_TARGET": "server"}, Choice("server", "scylla")),
        (
            {"COODIE_TEST_TARGET": "container", "COODIE_TEST_DRIVER": "rs"},
            Choice("container", "rs"),
        ),
        (
            {"COODIE_TEST_HOSTS": "10.0.0.1:9043", "COODIE_TEST_DRIVER": "acsylla"},
            Choice("hosts", "acsylla", "10.0.0.1:9043"),
        ),
    ],
)
def test_known_settings(environ: dict[str, str], expected: Choice) -> None:
    assert choose(environ) == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"COODIE_TEST_TARGET": "testcontainers"}, "'testcontainers' is not a target"),
        (
            {"COODIE_TEST_TARGET": "server", "COODIE_TEST_DRIVER": "scyla"},
            "'scyla' is not a driver",
        ),
        ({"COODIE_TEST_DRIVER": "scylla"}, "no effect on the embedded target"),
        ({"COODIE_TEST_TARGET": "hosts"}, "needs COODIE_TEST_HOSTS"),
        ({"COODIE_TEST_TARGET": "server", "COODIE_TEST_HOSTS": "h"}, "does not use it"),
    ],
)
def test_unknown_or_unfitting_settings_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(TargetChoiceError, match=message):
        choose(environ)
