"""Keyspace, table and type names Cassandra would refuse fail when the class is defined."""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from coodie.exceptions import ModelDefinitionError
from coodie.fields import PrimaryKey
from coodie.model.usertype import UserType
from coodie.sync import Document, MaterializedView


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"name": "my-table"}, r"Bad: Settings\.name 'my-table' is not a valid CQL name"),
        ({"keyspace": "two words"}, r"Bad: Settings\.keyspace 'two words' is not a valid"),
        ({"name": "ключ"}, r"Bad: Settings\.name 'ключ' is not a valid CQL name"),
    ],
)
def test_invalid_table_and_keyspace_names(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelDefinitionError, match=message):
        type(
            "Bad",
            (Document,),
            {
                "__module__": __name__,
                "__qualname__": "Bad",
                "__annotations__": {"id": Annotated[int, PrimaryKey()]},
                "Settings": type("Settings", (), settings),
            },
        )


def test_invalid_view_and_type_names() -> None:
    with pytest.raises(ModelDefinitionError, match=r"BadView: Settings\.name 'a\.b'"):

        class BadView(MaterializedView):
            id: Annotated[int, PrimaryKey()]

            class Settings:
                name = "a.b"
                __base_table__ = "base"

    with pytest.raises(ModelDefinitionError, match=r"BadType: Settings\.__type_name__ 'x y'"):

        class BadType(UserType):
            street: str = ""

            class Settings:
                __type_name__ = "x y"


def test_valid_names_keep_case_and_digits() -> None:
    class Good(Document):
        id: Annotated[int, PrimaryKey()]

        class Settings:
            name = "Orders_2024"
            keyspace = "Shop1"

    assert (Good.__settings__.name, Good.__settings__.keyspace) == ("Orders_2024", "Shop1")
