"""``coodie.management.ddl`` (public path ``coodie.ddl``): the builders refuse what Cassandra
would, naming the model and the column or field, before anything is compiled."""

from __future__ import annotations

import pytest

from coodie import ddl
from coodie.exceptions import QueryError

from ..catalog import Address, Product


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: ddl.alter_table_add(Product.__schema__, ["nope"]),
            "Product: product has no column 'nope'",
        ),
        (
            lambda: ddl.alter_table_add(Product.__schema__, ["id"]),
            "Product: a primary key column cannot be added",
        ),
        (
            lambda: ddl.alter_table_drop(Product.__schema__, ["id"]),
            "Product: a primary key column cannot be dropped",
        ),
        (
            lambda: ddl.alter_type_add(Address.__type_schema__, "country"),
            "Address: type address has no field 'country'",
        ),
        (
            lambda: ddl.option_value(None),
            "table option value None is not a str, number, bool or map",
        ),
    ],
)
def test_ddl_builder_errors(build: object, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        build()  # type: ignore[operator]
    assert str(raised.value) == message


def test_the_public_path_is_the_management_module() -> None:
    from coodie.management import ddl as defined

    assert ddl.create_table is defined.create_table
    assert set(ddl.__all__) == set(defined.__all__)
