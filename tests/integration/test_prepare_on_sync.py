"""prepare_on_sync through a real driver: sync_table() fills the driver's prepared cache with
exactly the statements get / save / delete then use, so they prepare nothing more."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

import coodie.aio
import coodie.sync
from coodie.executor.warmup import hot_statements
from coodie.fields import ClusteringKey, PrimaryKey

from .targets import KEYSPACE, Target


def _model(base: Any) -> Any:
    class Warmed(base):  # type: ignore[misc,valid-type]
        id: Annotated[UUID, PrimaryKey()]
        seq: Annotated[int, ClusteringKey()]
        name: str = ""
        tags: list[str] = []

        class Settings:
            keyspace = KEYSPACE
            name = "warmed"
            connection = "warm"

    return Warmed


Warmed = _model(coodie.sync.Document)
AsyncWarmed = _model(coodie.aio.Document)


CREATE_KEYSPACE = (
    f"CREATE KEYSPACE IF NOT EXISTS {KEYSPACE} WITH replication = "
    "{'class': 'SimpleStrategy', 'replication_factor': 1}"
)  # a connection to the embedded target opens an engine of its own


def _cache_size(driver: Any) -> int:
    return len(driver._prepared)


def test_sync_table_warms_the_hot_statements(database: Target) -> None:
    conn = coodie.sync.init_coodie(
        **database.init_kwargs(), name="warm", default=False, prepare_on_sync=True
    )
    try:
        coodie.sync.execute_raw(CREATE_KEYSPACE, connection="warm")
        Warmed.sync_table()
        driver = conn.driver()
        texts = hot_statements(Warmed)
        assert all(driver._prepared.get(cql) is not None for cql in texts)
        before = _cache_size(driver)
        doc = Warmed(id=uuid4(), seq=1, name="a", tags=["x"])
        doc.save()
        assert Warmed.get(id=doc.id, seq=1).tags == ["x"]
        doc.delete()
        assert Warmed.find_one(id=doc.id, seq=1) is None
        assert _cache_size(driver) == before  # find_one shares the get text (LIMIT ?)
    finally:
        coodie.sync.close("warm")


async def test_async_sync_table_warms_the_hot_statements(database: Target) -> None:
    conn = await coodie.aio.init_coodie(
        **database.init_kwargs(), name="warm", default=False, prepare_on_sync=True
    )
    try:
        await coodie.aio.execute_raw(CREATE_KEYSPACE, connection="warm")
        await AsyncWarmed.sync_table()
        driver = await conn.driver_async()
        assert all(driver._prepared.get(cql) is not None for cql in hot_statements(AsyncWarmed))
        before = _cache_size(driver)
        doc = AsyncWarmed(id=uuid4(), seq=2, name="b", tags=["y"])
        await doc.save()
        assert (await AsyncWarmed.get(id=doc.id, seq=2)).name == "b"
        await doc.delete()
        assert _cache_size(driver) == before
    finally:
        await coodie.aio.close("warm")
