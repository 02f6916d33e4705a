"""The coodie pytest plugin, registered by entry point: installed with coodie, no copying.

Fixtures (all names start with ``coodie_``)::

    def test_orders(coodie_db):                 # a fresh in-process engine for this test
        coodie_db.sync(Order)                   # tables synced on request (or the marker)
        Order.create(id=uuid4(), total=1)
        assert Order.find().count() == 1

    @pytest.mark.coodie_models(Customer, Order)  # synced before the test
    def test_customers(coodie_db): ...

    def test_shared(coodie_session_db): ...     # one engine and keyspace for the session

    def test_wire(coodie_server): ...           # `coodie serve` on a free port (ServerInfo)

``coodie_db`` registers the default connection on a new embedded engine whose
default keyspace is ``coodie_keyspace`` (a fixture: override it to rename); models
without ``Settings.keyspace`` live there, others in their own keyspace, which
:meth:`CoodieDatabase.sync` creates. The connections registered before the test are
hidden and restored afterwards. The same works for ``coodie.aio`` models: their
schema is synced with the blocking calls, the test itself awaits as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from coodie.management import sync as management
from coodie.model.document import MaterializedViewCore
from coodie.model.usertype import UserTypeCore
from coodie.sync.connection import init_coodie
from coodie.testing import ServerInfo, embedded_server, isolated_connections


@attrs.define
class CoodieDatabase:
    """A test database: an embedded engine on connection ``connection``.

    Example: ``coodie_db.sync(Customer, Order)``; ``coodie_db.keyspace``.
    """

    keyspace: str
    connection: str
    _keyspaces: set[str] = attrs.field(factory=set)

    def create_keyspace(self, name: str) -> None:
        """Create keyspace ``name`` (SimpleStrategy, one replica) unless it exists."""
        if name not in self._keyspaces:
            management.create_keyspace(name, replication_factor=1, connection=self.connection)
            self._keyspaces.add(name)

    def sync(self, *models: Any) -> None:
        """Create the tables, user types and views of ``models`` (and their keyspaces)."""
        for model in models:
            if isinstance(model, type) and issubclass(model, UserTypeCore):
                keyspace = model.__type_schema__.keyspace
                self.create_keyspace(keyspace or self.keyspace)
                management.sync_type(model)
                continue
            self.create_keyspace(model.__schema__.keyspace or self.keyspace)
            if isinstance(model, type) and issubclass(model, MaterializedViewCore):
                management.sync_view(model)
            else:
                management.sync_table(model)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``coodie_models`` marker."""
    config.addinivalue_line(
        "markers", "coodie_models(*models): tables coodie_db syncs before the test"
    )


def _open(keyspace: str) -> CoodieDatabase:
    init_coodie(driver_type="embedded", keyspace=keyspace, name="default", default=True)
    database = CoodieDatabase(keyspace, "default")
    database.create_keyspace(keyspace)
    return database


@pytest.fixture
def coodie_keyspace() -> str:
    """The default keyspace of the test database (override this fixture to rename it)."""
    return "coodie_test"


@pytest.fixture
def coodie_db(request: pytest.FixtureRequest, coodie_keyspace: str) -> Iterator[CoodieDatabase]:
    """A fresh embedded engine for one test, as the default connection."""
    with isolated_connections():
        database = _open(coodie_keyspace)
        for marker in request.node.iter_markers("coodie_models"):
            database.sync(*marker.args)
        yield database


@pytest.fixture(scope="session")
def coodie_session_db() -> Iterator[CoodieDatabase]:
    """One embedded engine and keyspace (``coodie_session``) for the whole session."""
    with isolated_connections():
        yield _open("coodie_session")


@pytest.fixture
def coodie_server() -> Iterator[ServerInfo]:
    """A fresh embedded CQL server (what ``coodie serve`` runs) on a free loopback port."""
    with embedded_server() as server:
        yield server


@pytest.fixture
def coodie_connections() -> Iterator[None]:
    """An empty connection registry for one test (:func:`coodie.testing.isolated_connections`)."""
    with isolated_connections():
        yield


@pytest.fixture(scope="session")
def coodie_session_server() -> Iterator[ServerInfo]:
    """One embedded CQL server for the whole session."""
    with embedded_server() as server:
        yield server
