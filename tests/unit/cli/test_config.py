"""CLI configuration: pyproject.toml < COODIE_* < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from coodie.cli.config import Config, load_pyproject, resolve
from coodie.exceptions import ConfigurationError


def test_flags_beat_environment_beat_file() -> None:
    file = {"hosts": ["a", "b"], "port": 9000, "keyspace": "f", "models": ["x.models"]}
    env = {"COODIE_KEYSPACE": "e", "COODIE_PORT": "9100", "COODIE_LOCK_TIMEOUT": "2.5"}
    config = resolve(file, env, {"keyspace": "flag", "port": None})
    assert config == Config(
        hosts=("a", "b"), port=9100, keyspace="flag", models=("x.models",), lock_timeout=2.5
    )
    assert resolve({}, {"COODIE_HOSTS": "h1, h2"}, {}).hosts == ("h1", "h2")


def test_unknown_keys_and_bad_values_are_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown \[tool.coodie\] keys: hots"):
        resolve({"hots": []}, {}, {})
    with pytest.raises(ConfigurationError, match="setting port"):
        resolve({}, {"COODIE_PORT": "x"}, {})
    with pytest.raises(ConfigurationError, match="COODIE_KEYSPACE"):
        Config().require_keyspace()


def test_pyproject_is_found_above_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.coodie]\nkeyspace = "shop"\n')
    (tmp_path / "sub").mkdir()
    assert load_pyproject(tmp_path / "sub") == {"keyspace": "shop"}
