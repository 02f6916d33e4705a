"""Integration fixtures: every test runs once through coodie.sync and once through coodie.aio.

The ``api`` fixture wraps either API so a test body is written once::

    def test_save(api):
        m = api.models
        api(m.Product(id=pid, name="pen").save())      # awaited in aio mode
        assert api(m.Product.get(id=pid)).name == "pen"

The database target is chosen by environment variables (see ``targets.py``).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterable, Iterable, Iterator
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

import coodie.aio
import coodie.sync
from coodie.exceptions import UnsupportedByServer
from coodie.testing import isolated_connections

from . import models as model_defs
from .targets import KEYSPACE, Choice, Target, TargetChoiceError, choose, selected_target

pytestmark = pytest.mark.integration
_CHOICE = pytest.StashKey[Choice]()
_RELEASE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Stop the run at once when the environment names an unknown target or driver."""
    try:
        config.stash[_CHOICE] = choose()
    except TargetChoiceError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_report_header(config: pytest.Config) -> str:
    choice = config.stash[_CHOICE]
    return f"integration target: {choice.target}, driver: {choice.driver}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _RELEASE in config.stash:
        choice = config.stash[_CHOICE]
        terminalreporter.write_line(
            f"integration target: {choice.target}, driver: {choice.driver}, "
            f"release_version: {config.stash[_RELEASE]}"
        )


GAPS: dict[str, frozenset[str]] = {
    "rs": frozenset(
        {
            "udt_null_fields",
            "duration_seconds",
            "duration_nanoseconds",
            "empty_frozen_collection",
            "set_of_unhashable",
        }
    ),
    "acsylla": frozenset({"set_of_unhashable"}),
}
"""Documented driver gaps (see each adapter's docs): the tests expect NotSupported there."""


class Api:
    """One of the two public APIs plus a way to wait for its results."""

    def __init__(self, mode: str, module: ModuleType, models: SimpleNamespace, target: Target):
        self.mode = mode
        self.module = module
        self.models = models
        self.target = target
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def is_async(self) -> bool:
        return self.mode == "aio"

    def has_gap(self, feature: str) -> bool:
        """True when the target's driver documents that it cannot do ``feature``."""
        return feature in GAPS.get(self.target.driver_type, frozenset())

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def __call__(self, value: Any) -> Any:
        """The value itself (sync) or the awaited value (aio)."""
        if inspect.isawaitable(value):
            return self.loop.run_until_complete(_awaited(value))
        return value

    def list(self, iterable: Iterable[Any] | AsyncIterable[Any]) -> list[Any]:
        """Iterate a query set with ``for`` (sync) or ``async for`` (aio)."""
        if self.is_async:
            return self(_collect(iterable))  # type: ignore[arg-type]
        return list(iterable)  # type: ignore[arg-type]

    def batch(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.BatchQuery(*args, **kwargs)

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()


async def _awaited(value: Any) -> Any:
    return await value


async def _collect(iterable: AsyncIterable[Any]) -> list[Any]:
    return [item async for item in iterable]


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    with selected_target(pytestconfig.stash[_CHOICE]) as chosen:
        yield chosen


@pytest.fixture(scope="session")
def database(target: Target, pytestconfig: pytest.Config) -> Iterator[Target]:
    """Connect "default" and "other", create the keyspace, tables, types and views."""
    with isolated_connections():
        coodie.sync.init_coodie(**target.init_kwargs(), name="default")
        coodie.sync.init_coodie(**target.init_kwargs(), name="other", default=False)
        (local,) = coodie.sync.execute_raw("SELECT release_version FROM system.local")
        pytestconfig.stash[_RELEASE] = str(local["release_version"])
        create = (
            f"CREATE KEYSPACE IF NOT EXISTS {KEYSPACE} WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        )
        for name in ("default", "other"):
            coodie.sync.execute_raw(create, connection=name)
        sync_models = _models("sync")
        for model in sync_models.tables:
            model.sync_table()
        sync_models.Note.sync_table()
        yield target


@pytest.fixture(scope="session")
def views(database: Target) -> Target:
    """Create the materialized views (only the tests that use them pay for them); skip them
    where the server has materialized views switched off."""
    try:
        for view in _models("sync").views:
            view.sync_table()
    except UnsupportedByServer as error:
        pytest.skip(f"the server has materialized views disabled: {error}")
    return database


_MODELS: dict[str, SimpleNamespace] = {}


def _models(mode: str) -> SimpleNamespace:
    if mode not in _MODELS:
        _MODELS[mode] = model_defs.build(coodie.sync if mode == "sync" else coodie.aio)
    return _MODELS[mode]


@pytest.fixture(params=["sync", "aio"])
def api(request: pytest.FixtureRequest, database: Target) -> Iterator[Api]:
    mode = request.param
    module = coodie.sync if mode == "sync" else coodie.aio
    wrapper = Api(mode, module, _models(mode), database)
    yield wrapper
    wrapper.close()
