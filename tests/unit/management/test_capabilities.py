"""sync_table checks the model against the connected server before sending DDL (no I/O)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import pytest

from coodie import Indexed, PrimaryKey, Vector, VectorIndex
from coodie.exceptions import ModelDefinitionError, UnsupportedByServer
from coodie.executor.connections import get_connection
from coodie.executor.server import ServerInfo
from coodie.management import aio as aio_api
from coodie.management import sync as sync_api
from coodie.management.capabilities import for_server
from coodie.sync import Document

from .fake_cluster import FakeCluster, fake_cluster

SASI = "org.apache.cassandra.index.sasi.SASIIndex"


class Product(Document):
    id: Annotated[int, PrimaryKey()]
    name: Annotated[str, Indexed(custom_class=SASI, options={"mode": "PREFIX"})] = ""
    embedding: Annotated[list[float], Vector(3), VectorIndex("dot_product")] = [0.0, 0.0, 0.0]

    class Settings:
        name = "product"
        keyspace = "shop"


class Titled(Document):
    id: Annotated[int, PrimaryKey()]
    title: Annotated[str, Indexed(sai=True)] = ""

    class Settings:
        name = "titled"
        keyspace = "shop"


@pytest.fixture
def cluster() -> Any:
    with fake_cluster() as fake:
        yield fake


def _sync(mode: str, model: type) -> list[str]:
    if mode == "sync":
        return [s.cql for s in sync_api.sync_table(model)]
    return [s.cql for s in asyncio.run(_await(aio_api.sync_table(model)))]


async def _await(model_call: Any) -> Any:
    return await model_call


@pytest.mark.parametrize("mode", ["sync", "aio"])
def test_cassandra_5_gets_sai_vector_index(cluster: FakeCluster, mode: str) -> None:
    sent = _sync(mode, Product)
    assert sent[-1] == (
        "CREATE CUSTOM INDEX IF NOT EXISTS product_embedding_idx ON shop.product (embedding) "
        "USING 'sai' WITH OPTIONS = {'similarity_function': 'DOT_PRODUCT'}"
    )
    assert get_connection().server_info == ServerInfo("cassandra", "5.0.0")


@pytest.mark.parametrize("mode", ["sync", "aio"])
def test_cassandra_4_is_refused_before_any_ddl(cluster: FakeCluster, mode: str) -> None:
    cluster.local["release_version"] = "4.0.11"
    with pytest.raises(UnsupportedByServer) as info:
        _sync(mode, Product)
    assert str(info.value) == (
        "Product.embedding: a vector column (vector<float, 3>) needs Cassandra 5.0 or "
        "ScyllaDB 2025.4; the server is Cassandra 4.0.11"
    )
    assert (info.value.feature, info.value.server) == (
        "a vector column (vector<float, 3>)",
        "Cassandra 4.0.11",
    )
    assert cluster.ddl == []


def test_sai_on_cassandra_4_names_the_index(cluster: FakeCluster) -> None:
    cluster.local["release_version"] = "4.0.0"
    with pytest.raises(
        UnsupportedByServer,
        match=r"Titled.title: storage-attached index \(SAI\) "
        r"titled_title_idx needs Cassandra 5.0",
    ):
        sync_api.sync_table(Titled)
    assert cluster.ddl == []


def test_server_is_read_once_per_connection(cluster: FakeCluster) -> None:
    sync_api.sync_table(Titled)
    cluster.local["release_version"] = "4.0.0"  # not read again: the first answer is kept
    sync_api.sync_table(Titled, dry_run=True)
    assert get_connection().server_info == ServerInfo("cassandra", "5.0.0")


def test_scylladb_spells_a_vector_index_its_way(cluster: FakeCluster) -> None:
    cluster.local.update(release_version="3.0.8", supported_features="VECTOR_SEARCH")
    cluster.versions = {"key": "local", "version": "2025.4.1"}

    class Doc(Document):
        id: Annotated[int, PrimaryKey()]
        embedding: Annotated[list[float], Vector(2), VectorIndex()] = [0.0, 0.0]

        class Settings:
            name = "doc"
            keyspace = "shop"

    sent = [s.cql for s in sync_api.sync_table(Doc)]
    assert sent[-1] == (
        "CREATE CUSTOM INDEX IF NOT EXISTS doc_embedding_idx ON shop.doc (embedding) "
        "USING 'vector_index' WITH OPTIONS = {'similarity_function': 'COSINE'}"
    )
    assert get_connection().server_info == ServerInfo("scylladb", "2025.4.1")


def test_scylladb_has_no_sai_nor_sasi() -> None:
    scylla = ServerInfo("scylladb", "2025.4.0")
    with pytest.raises(UnsupportedByServer, match="SASI index product_name_idx needs"):
        for_server(Product.__schema__, scylla)
    with pytest.raises(UnsupportedByServer, match=r"the server is ScyllaDB 6.2.0"):
        for_server(Titled.__schema__, ServerInfo("scylladb", "6.2.0"))


def test_unknown_server_is_not_checked() -> None:
    assert for_server(Product.__schema__, ServerInfo("cassandra", "")) is Product.__schema__
    assert for_server(Product.__schema__, None) is Product.__schema__


def test_vector_index_needs_a_vector_column() -> None:
    with pytest.raises(ModelDefinitionError, match=r"Bad.name: VectorIndex\(\) needs a vector"):

        class Bad(Document):
            id: Annotated[int, PrimaryKey()]
            name: Annotated[str, VectorIndex()] = ""


def test_similarity_function_is_checked() -> None:
    with pytest.raises(ValueError, match="similarity_function must be one of COSINE"):
        VectorIndex("manhattan")  # type: ignore[arg-type]


class Named(Document):
    id: Annotated[int, PrimaryKey()]
    name: Annotated[str, Indexed(custom_class=SASI)] = ""

    class Settings:
        name = "named"
        keyspace = "shop"


@pytest.mark.parametrize("mode", ["sync", "aio"])
@pytest.mark.parametrize("setting", ["enable_sasi_indexes", "sasi_indexes_enabled"])
def test_sasi_switched_off_is_refused_before_any_ddl(
    cluster: FakeCluster, mode: str, setting: str
) -> None:
    """4.0 names the switch enable_sasi_indexes, 4.1 and later sasi_indexes_enabled."""
    cluster.local["release_version"] = "4.0.11"
    cluster.settings = {setting: "false"}
    with pytest.raises(UnsupportedByServer) as info:
        _sync(mode, Named)
    assert str(info.value) == (
        "Named.name: SASI index named_name_idx needs SASI indexes enabled "
        "(sasi_indexes_enabled: true in cassandra.yaml); the server is Cassandra 4.0.11 "
        "with SASI indexes disabled"
    )
    assert cluster.ddl == []
    assert get_connection().server_info == ServerInfo(
        "cassandra", "4.0.11", sasi_enabled=False, materialized_views_enabled=None
    )


def test_sasi_switched_on_or_unknown_sends_the_ddl(cluster: FakeCluster) -> None:
    cluster.local["release_version"] = "4.0.0"
    cluster.settings = {"enable_sasi_indexes": "true", "enable_materialized_views": "false"}
    sync_api.sync_table(Named)
    assert cluster.ddl[-1].startswith("CREATE CUSTOM INDEX IF NOT EXISTS named_name_idx")
    assert get_connection().server_info == ServerInfo(
        "cassandra", "4.0.0", sasi_enabled=True, materialized_views_enabled=False
    )


def test_a_server_without_settings_table_is_not_refused(cluster: FakeCluster) -> None:
    cluster.local["release_version"] = "4.0.0"
    cluster.settings = None  # e.g. a proxy that hides system_views
    sync_api.sync_table(Named)
    assert cluster.ddl[-1].startswith("CREATE CUSTOM INDEX IF NOT EXISTS named_name_idx")
    info = get_connection().server_info
    assert info is not None and info.sasi_enabled is None


def test_an_existing_sasi_index_is_not_refused(cluster: FakeCluster) -> None:
    """An index made before SASI was switched off keeps working: nothing to refuse."""
    cluster.local["release_version"] = "4.0.0"
    cluster.settings = {"enable_sasi_indexes": "false"}
    cluster.add_table(Named.__schema__)
    assert sync_api.sync_table(Named) == ()
    assert cluster.ddl == []


def test_releases_before_4_0_read_no_settings(cluster: FakeCluster) -> None:
    cluster.local["release_version"] = "3.11.16"
    cluster.settings = {"enable_sasi_indexes": "false"}
    sync_api.sync_table(Named)  # a 3.x node has no system_views: not asked
    assert cluster.ddl[-1].startswith("CREATE CUSTOM INDEX IF NOT EXISTS named_name_idx")
