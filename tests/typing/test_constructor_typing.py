"""Type checkers see a model's fields in its constructor and ``create()`` (mypy and pyright).

Each expected error carries an ignore comment; both checkers report an ignore that
is not needed (mypy --strict: ``warn_unused_ignores``; pyright: the file setting
below), so if a misspelled field or a wrong type stopped being an error, the check fails.
"""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from typing_extensions import assert_type

import coodie.aio
import coodie.sync
from coodie.fields import Double, PrimaryKey


class Item(coodie.sync.Document):
    id: Annotated[UUID, PrimaryKey()]
    name: str
    price: Annotated[float, Double()] = 0.0


class AsyncItem(coodie.aio.Document):
    id: Annotated[UUID, PrimaryKey()]
    name: str


def test_constructor_signature_is_the_fields() -> None:
    item = Item(id=uuid4(), name="pen", price=1.5)
    assert_type(item.name, str)
    assert AsyncItem(id=uuid4(), name="pen").name == "pen"


def misspelled_field() -> None:
    Item(id=uuid4(), name="pen", nmae="pen")  # type: ignore[call-arg]


def wrong_type() -> None:
    Item(id=uuid4(), name=1)  # type: ignore[arg-type]


def async_model_too() -> None:
    AsyncItem(id=uuid4(), nam="pen")  # type: ignore[call-arg]


def create_is_typed_like_the_constructor() -> None:
    assert_type(Item.create(id=uuid4(), name="pen"), Item)
    Item.create(id=uuid4(), name="pen", nmae="pen")  # type: ignore[call-arg]
    Item.create(id=uuid4(), name=1)  # type: ignore[arg-type]


async def async_create_too() -> None:
    assert_type(await AsyncItem.create(id=uuid4(), name="pen"), AsyncItem)
    await AsyncItem.create(id=uuid4(), nam="pen")  # type: ignore[call-arg]


def test_mypy_without_the_pydantic_plugin_sees_the_same_errors() -> None:
    from pathlib import Path

    from mypy import api

    here = str(Path(__file__))
    out, err, status = api.run(["--strict", "--config-file", "", "--no-incremental", here])
    assert status == 0, out + err  # every expected error above is reported, none is missing
