"""The generated row writers give what the columns' converters give, value for value."""

from __future__ import annotations

import enum
import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from coodie.cql.types import NATIVE, ListType, MapType
from coodie.exceptions import InvalidValueError
from coodie.model.converters import passthrough_class, to_driver_converter
from coodie.model.row_writer import compile_insert_writer, compile_row_writer

TYPES = ("uuid", "text", "ascii", "float", "double", "boolean", "blob", "int")
NAMES = tuple(f"c_{name}" for name in TYPES)
CONVERTERS = tuple(to_driver_converter(NATIVE[name]) for name in TYPES)
PASSTHROUGH = tuple(passthrough_class(NATIVE[name]) for name in TYPES)


class Colour(str, enum.Enum):
    RED = "red"


ROWS: list[dict[str, Any]] = [
    dict(zip(NAMES, (uuid.UUID(int=1), "a", "b", 1.5, 2.5, True, b"x", 3), strict=True)),
    # values of other classes than the passthrough ones: converted, as the converter does
    dict(
        zip(
            NAMES,
            (
                "00000000-0000-0000-0000-000000000002",
                Colour.RED,
                "c",
                2,
                Decimal("0.5"),
                False,
                bytearray(b"y"),
                4,
            ),
            strict=True,
        )
    ),
    {},  # every column null
]


@pytest.mark.parametrize("fields", ROWS)
def test_passthrough_columns_write_what_their_converters_write(fields: dict[str, Any]) -> None:
    expected = tuple(c(fields.get(n)) for n, c in zip(NAMES, CONVERTERS, strict=True))
    row = compile_row_writer(NAMES, CONVERTERS, None, PASSTHROUGH)(fields)
    assert row == expected
    assert [type(v) for v in row] == [type(v) for v in expected]
    no_multicell = (False,) * len(NAMES)
    insert = compile_insert_writer(NAMES, CONVERTERS, None, (), PASSTHROUGH, no_multicell, "M")
    _, params, new_row = insert(SimpleNamespace(**fields))
    assert new_row == expected
    assert params == tuple(v for v in expected if v is not None)


def test_a_bad_value_still_fails_through_its_converter() -> None:
    write = compile_row_writer(NAMES, CONVERTERS, None, PASSTHROUGH)
    with pytest.raises(InvalidValueError):
        write({"c_text": 5})
    with pytest.raises(InvalidValueError):
        write({"c_ascii": "é"})
    with pytest.raises(InvalidValueError):
        write({"c_boolean": "yes"})


def test_only_types_whose_converter_keeps_the_value_pass_through() -> None:
    kinds = PASSTHROUGH
    assert kinds == (uuid.UUID, str, None, float, float, bool, bytes, None)


# the insert writer: the key first, then the columns that are neither null nor empty
# multicell collections; the shape has one bit per other column written
INSERT_TYPES = (
    NATIVE["uuid"],
    NATIVE["text"],
    ListType(NATIVE["text"]),
    MapType(NATIVE["text"], NATIVE["int"]),
)
INSERT_NAMES = ("k", "name", "tags", "attrs")
INSERT_CONVERTERS = tuple(to_driver_converter(t) for t in INSERT_TYPES)


def _insert_writer(key: tuple[str, ...] = ("k",)) -> Any:
    return compile_insert_writer(
        INSERT_NAMES,
        INSERT_CONVERTERS,
        None,
        key,
        tuple(passthrough_class(t) for t in INSERT_TYPES),
        (False, False, True, True),
        "Item",
    )


class _Doc(SimpleNamespace):
    def _driver_values(self, names: tuple[str, ...]) -> None:
        raise InvalidValueError("named again", model="Item", field="?")


@pytest.mark.parametrize(
    ("fields", "shape", "params"),
    [
        ({"name": None, "tags": [], "attrs": {}}, 0b0000, ()),
        ({"name": "a", "tags": None, "attrs": None}, 0b0010, ("a",)),
        ({"name": None, "tags": ["t"], "attrs": {}}, 0b0100, (["t"],)),
        ({"name": "", "tags": [], "attrs": {"x": 1}}, 0b1010, ("", {"x": 1})),
    ],
)
def test_the_insert_writer_binds_what_a_new_insert_writes(
    fields: dict[str, Any], shape: int, params: tuple[Any, ...]
) -> None:
    key = uuid.UUID(int=7)
    doc = _Doc(k=key, **fields)
    row = compile_row_writer(INSERT_NAMES, INSERT_CONVERTERS, None)(vars(doc))
    values = {n: v for n, v in zip(INSERT_NAMES, row, strict=True) if v is not None}
    assert _insert_writer()(doc) == (shape, (key, *params), row)
    empty = {"tags", "attrs"} & {n for n, v in values.items() if not v}  # no tombstones
    written = {n: v for n, v in values.items() if n not in empty}
    assert tuple(written.values()) == (key, *params)


def test_the_insert_writer_refuses_a_null_key_before_converting() -> None:
    doc = _Doc(k=None, name=5, tags=[], attrs={})  # name is no text: a conversion error
    with pytest.raises(InvalidValueError, match=r"^Item\.k: a primary key column cannot be null"):
        _insert_writer()(doc)
    with pytest.raises(
        InvalidValueError, match=r"^Item\.name: a primary key column cannot be null"
    ):
        _insert_writer(("name", "k"))(_Doc(k=uuid.UUID(int=1), name=None, tags=[], attrs={}))


def test_the_insert_writer_has_a_conversion_error_named_by_the_document() -> None:
    doc = _Doc(k=uuid.UUID(int=1), name="a", tags=[1], attrs={})
    with pytest.raises(InvalidValueError, match="named again"):
        _insert_writer()(doc)
