"""User-style models, as users write them: ``class Settings:`` needs no ignore comment.

Checked by mypy and pyright (``reportIncompatibleVariableOverride``) and run by pytest.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from typing_extensions import assert_type

import coodie.aio
import coodie.sync
from coodie.executor.results import LWTResult
from coodie.fields import Counter, Discriminator, PrimaryKey
from coodie.model.usertype import UserType


class Address(UserType):
    street: str = ""

    class Settings:
        __type_name__ = "typed_address"


class Shop(coodie.sync.Document):
    id: Annotated[UUID, PrimaryKey()]
    address: Address | None = None

    class Settings:
        keyspace = "typing"
        name = "shop"


class Hits(coodie.sync.CounterDocument):
    page: Annotated[str, PrimaryKey()]
    hits: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = "typing"


class Animal(coodie.aio.Document):
    id: Annotated[UUID, PrimaryKey()]
    kind: Annotated[str, Discriminator()] = ""

    class Settings:
        keyspace = "typing"


class Bird(Animal):
    wings: int = 2

    # A subclass of a model that has its own Settings: type checkers compare the
    # two inner classes, so derive from it (the values are merged along the MRO
    # either way).
    class Settings(Animal.Settings):
        __discriminator_value__ = "bird"


def test_user_settings_are_read() -> None:
    assert Shop.__schema__.name == "shop"
    assert Hits.__schema__.keyspace == "typing"
    assert Address.type_name() == "typed_address"
    assert Bird(id=uuid4()).kind == "bird"
    assert Shop.Settings.keyspace == "typing"


def typed_writes(shop: Shop) -> None:
    """Not run: the write options are checked statically (``Unpack[SaveKwargs]`` ...)."""
    assert_type(shop.save(ttl=60, timestamp=1, consistency="ONE", timeout=1.0), Shop)
    assert_type(shop.insert(ttl=1), LWTResult[Shop])
    assert_type(shop.delete(if_exists=True), LWTResult[Shop] | None)
    assert_type(shop.delete_columns("address", timeout=2.0), Shop)
    shop.save(ttl="soon")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    shop.save(tll=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
