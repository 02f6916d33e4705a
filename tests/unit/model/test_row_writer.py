"""The generated row writers give what the columns' converters give, value for value."""

from __future__ import annotations

import enum
import uuid
from decimal import Decimal
from typing import Any

import pytest

from coodie.cql.types import NATIVE
from coodie.exceptions import InvalidValueError
from coodie.model.converters import passthrough_class, to_driver_converter
from coodie.model.row_writer import compile_new_row_writer, compile_row_writer

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
    values, new_row = compile_new_row_writer(NAMES, CONVERTERS, None, (), PASSTHROUGH)(fields)
    assert new_row == expected
    assert values == {n: v for n, v in zip(NAMES, expected, strict=True) if v is not None}


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
