"""The models the integration tests use, built once per API (coodie.sync or coodie.aio).

``build(api_module)`` defines the same classes on top of that module's ``Document``
family, so one test body runs against both APIs. Both builds map to the same tables.
"""

from __future__ import annotations

import datetime
import ipaddress
from decimal import Decimal
from types import ModuleType, SimpleNamespace
from typing import Annotated
from uuid import UUID

from pydantic import ConfigDict

from coodie.cql.values import CqlDuration
from coodie.fields import (
    Ascii,
    BigInt,
    ClusteringKey,
    Counter,
    Discriminator,
    Double,
    Frozen,
    Indexed,
    PrimaryKey,
    SmallInt,
    Static,
    Time,
    TimeUUID,
    TinyInt,
    VarInt,
)
from coodie.model.usertype import UserType

from .targets import KEYSPACE


class Geo(UserType):
    lat: float
    lon: float

    class Settings:
        keyspace = KEYSPACE


class Address(UserType):
    street: str
    zipcode: int | None = None
    geo: Geo | None = None

    class Settings:
        keyspace = KEYSPACE


class Tag(UserType):
    """Frozen (hashable), so it can be an element of a set."""

    model_config = ConfigDict(frozen=True)
    name: str
    weight: int | None = None

    class Settings:
        keyspace = KEYSPACE


def build(api: ModuleType) -> SimpleNamespace:
    """Define every test model on ``api.Document`` & co."""
    Document, CounterDocument, MaterializedView = (
        api.Document,
        api.CounterDocument,
        api.MaterializedView,
    )

    class AllTypes(Document):
        id: Annotated[UUID, PrimaryKey()]
        t_ascii: Annotated[str, Ascii()] | None = None
        t_bigint: Annotated[int, BigInt()] | None = None
        t_blob: bytes | None = None
        t_boolean: bool | None = None
        t_date: datetime.date | None = None
        t_decimal: Decimal | None = None
        t_double: Annotated[float, Double()] | None = None
        t_duration: datetime.timedelta | None = None
        t_cql_duration: CqlDuration | None = None
        t_float: float | None = None
        t_inet: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None
        t_int: int | None = None
        t_smallint: Annotated[int, SmallInt()] | None = None
        t_text: str | None = None
        t_time: Annotated[datetime.time, Time()] | None = None
        t_timestamp: datetime.datetime | None = None
        t_timeuuid: Annotated[UUID, TimeUUID()] | None = None
        t_tinyint: Annotated[int, TinyInt()] | None = None
        t_varint: Annotated[int, VarInt()] | None = None
        t_list: list[int] = []
        t_set: set[str] = set()
        t_map: dict[str, int] = {}
        t_tuple: tuple[int, str, bool] | None = None
        t_frozen: Annotated[list[int], Frozen()] | None = None
        t_nested: dict[str, list[int]] = {}

        class Settings:
            keyspace = KEYSPACE
            name = "all_types"

    class Person(Document):
        id: Annotated[UUID, PrimaryKey()]
        name: str
        home: Address | None = None
        past: list[Address] = []
        by_label: dict[str, Address] = {}

        class Settings:
            keyspace = KEYSPACE
            name = "person"

    class Product(Document):
        id: Annotated[UUID, PrimaryKey()]
        name: str
        brand: Annotated[str, Indexed()] = "acme"
        price: float = 0.0
        tags: list[str] = []
        labels: set[str] = set()
        attrs: dict[str, str] = {}
        description: str | None = None

        class Settings:
            keyspace = KEYSPACE
            name = "product"

    class Event(Document):
        tenant: Annotated[str, PrimaryKey()]
        seq: Annotated[int, ClusteringKey()]
        owner: Annotated[str | None, Static()] = None
        kind: str = "click"
        payload: str | None = None

        class Settings:
            keyspace = KEYSPACE
            name = "event"

    class PageViews(CounterDocument):
        page: Annotated[str, PrimaryKey()]
        views: Annotated[int, Counter()] = 0
        clicks: Annotated[int, Counter()] = 0

        class Settings:
            keyspace = KEYSPACE
            name = "page_views"

    class Pet(Document):
        id: Annotated[UUID, PrimaryKey()]
        kind: Annotated[str, Discriminator()] = ""
        name: str = ""

        class Settings:
            keyspace = KEYSPACE
            name = "pet"

    class Cat(Pet):
        lives: int = 9

        class Settings:
            __discriminator_value__ = "cat"

    class Dog(Pet):
        good: bool = True

        class Settings:
            __discriminator_value__ = "dog"

    class Puppy(Dog):
        weeks: int = 8

        class Settings:
            __discriminator_value__ = "puppy"

    class Score(Document):
        game: Annotated[str, PrimaryKey()]
        player: Annotated[str, ClusteringKey()]
        points: int = 0

        class Settings:
            keyspace = KEYSPACE
            name = "score"

    class ScoreByPoints(MaterializedView):
        game: Annotated[str, PrimaryKey()]
        points: Annotated[int, ClusteringKey(order="DESC")]
        player: Annotated[str, ClusteringKey()]

        class Settings:
            keyspace = KEYSPACE
            name = "score_by_points"
            __base_table__ = Score

    class Note(Document):
        id: Annotated[UUID, PrimaryKey()]
        text: str = ""

        class Settings:
            keyspace = KEYSPACE
            name = "note"
            connection = "other"

    class Labelled(Document):
        id: Annotated[UUID, PrimaryKey()]
        tags: set[Tag] = set()
        frozen_tags: Annotated[set[Tag], Frozen()] | None = None
        groups: set[frozenset[int]] = set()
        pairs: set[tuple[int, int]] = set()
        nested: set[tuple[int, frozenset[int]]] = set()

        class Settings:
            keyspace = KEYSPACE

    return SimpleNamespace(
        AllTypes=AllTypes,
        Labelled=Labelled,
        Person=Person,
        Product=Product,
        Event=Event,
        PageViews=PageViews,
        Pet=Pet,
        Cat=Cat,
        Dog=Dog,
        Puppy=Puppy,
        Score=Score,
        ScoreByPoints=ScoreByPoints,
        Note=Note,
        tables=(AllTypes, Labelled, Person, Product, Event, PageViews, Pet, Cat, Dog, Puppy, Score),
        views=(ScoreByPoints,),
    )
