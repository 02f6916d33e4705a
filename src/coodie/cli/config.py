"""CLI configuration: ``[tool.coodie]`` in pyproject.toml < ``COODIE_*`` variables < flags.

Keys (each also a ``COODIE_<KEY>`` variable and a ``--<key>`` flag)::

    [tool.coodie]
    hosts = ["10.0.0.1", "10.0.0.2"]   # COODIE_HOSTS=10.0.0.1,10.0.0.2
    port = 9042
    keyspace = "shop"
    driver = "scylla"                  # scylla | acsylla | rs | embedded
    path = ".coodie-data"              # embedded engine data directory
    username = "app"                   # password: COODIE_PASSWORD (keep it out of files)
    migrations = "migrations"          # the migrations folder
    models = ["shop.models"]           # modules whose Document classes makemigration diffs
    state_keyspace = "ops"             # where _coodie_migrations lives (default: keyspace)
    lock_timeout = 0                   # seconds to wait for another runner's lock
    lock_lease = 30                    # seconds a crashed runner's lock outlives it

>>> resolve({"port": 1}, {"COODIE_PORT": "2"}, {"port": None}).port
2
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from coodie.exceptions import ConfigurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@attrs.frozen(slots=True)
class Config:
    """The resolved settings of one ``coodie`` command."""

    hosts: tuple[str, ...] = ("127.0.0.1",)
    port: int = 9042
    keyspace: str | None = None
    driver: str = "scylla"
    path: str | None = None
    username: str | None = None
    password: str | None = None
    migrations: str = "migrations"
    models: tuple[str, ...] = ()
    state_keyspace: str | None = None
    lock_timeout: float = 0.0
    lock_lease: int = 30

    def require_keyspace(self) -> str:
        """The keyspace, or a clear error saying where to set it."""
        if not self.keyspace:
            raise ConfigurationError(
                "no keyspace: set keyspace in [tool.coodie], COODIE_KEYSPACE or --keyspace"
            )
        return self.keyspace


_FIELDS = {f.name: f for f in attrs.fields(Config)}


def _split(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)  # pyright: ignore[reportUnknownArgumentType,reportUnknownVariableType]
    raise ConfigurationError(f"expected a list or a comma-separated string, not {value!r}")


def _coerce(name: str, value: Any) -> Any:
    if name in ("hosts", "models"):
        return _split(value)
    if name in ("port", "lock_lease"):
        return int(value)
    if name == "lock_timeout":
        return float(value)
    return str(value)


def load_pyproject(start: Path | None = None) -> dict[str, Any]:
    """``[tool.coodie]`` of the nearest pyproject.toml at or above ``start`` (cwd)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            with candidate.open("rb") as handle:
                data = tomllib.load(handle)
            section: dict[str, Any] = data.get("tool", {}).get("coodie", {})
            return section
    return {}


def resolve(
    file: Mapping[str, Any], environ: Mapping[str, str], flags: Mapping[str, Any]
) -> Config:
    """Merge the three sources, later ones winning; unknown file keys are refused."""
    unknown = sorted(set(file) - set(_FIELDS))
    if unknown:
        raise ConfigurationError(
            f"unknown [tool.coodie] keys: {', '.join(unknown)} (known: {', '.join(_FIELDS)})"
        )
    values: dict[str, Any] = {}
    for name in _FIELDS:
        value = flags.get(name)
        if value is None:
            value = environ.get(f"COODIE_{name.upper()}")
        if value is None:
            value = file.get(name)
        if value is not None:
            try:
                values[name] = _coerce(name, value)
            except ValueError as error:
                raise ConfigurationError(f"setting {name}: {error}") from None
    return Config(**values)


def load(flags: Mapping[str, Any]) -> Config:
    """The configuration of this process: pyproject.toml, environment, then ``flags``."""
    return resolve(load_pyproject(), os.environ, flags)
