"""One generated function per model: an instance's fields as a write row, in column order.

Every write converts its document to coodie value form once (see
``DocumentCore._driver_row``). Looping over the columns, looking each converter up and
wrapping each call in its own ``try`` costs more than the conversions themselves for
plain columns, so each model gets one straight-line function, generated from its
column positions only (names and converters are bound as constants, never spliced
into source), that calls the columns' converters in order. It raises the converter's
bare error; the caller then converts column by column to name the field.

>>> from coodie.model.row_writer import compile_row_writer
>>> write = compile_row_writer(("a", "b"), (str, float), None)
>>> write({"a": 1, "b": 2})
('1', 2.0)
>>> compile_row_writer(("kind", "b"), (str, str), ("kind", "dog"))({"b": "x"})
('dog', 'x')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

RowWriter = Callable[[Mapping[str, Any]], tuple[Any, ...]]


def compile_row_writer(
    names: Sequence[str],
    converters: Sequence[Callable[[Any], Any]],
    discriminator: tuple[str, Any] | None,
) -> RowWriter:
    """``fields -> row``: ``converters[i](fields.get(names[i]))`` for each column ``i``.

    The ``discriminator`` column (``(name, value)``) always writes its class's value.
    """
    env: dict[str, Any] = {}
    items = []
    for i, (name, convert) in enumerate(zip(names, converters, strict=True)):
        env[f"_c{i}"] = convert
        if discriminator is not None and discriminator[0] == name:
            env[f"_v{i}"] = discriminator[1]
            items.append(f"_c{i}(_v{i})")
        else:
            env[f"_n{i}"] = name
            items.append(f"_c{i}(get(_n{i}))")
    row = "".join(f"{item}, " for item in items)
    source = f"def write_row(fields):\n    get = fields.get\n    return ({row})\n"
    exec(source, env)  # generated from column positions only
    write: RowWriter = env["write_row"]
    return write


def row_writer(cls: Any) -> RowWriter:
    """The row writer of model ``cls`` (made on first use, remade if its columns changed)."""
    return _compiled(cls)[1]


def column_names(cls: Any) -> tuple[str, ...]:
    """The column names of model ``cls``, in the order of its write rows (one shared tuple)."""
    return _compiled(cls)[2]


def _compiled(cls: Any) -> tuple[Any, RowWriter, tuple[str, ...]]:
    columns = cls.__coodie_columns__
    cached: tuple[Any, RowWriter, tuple[str, ...]] | None = cls.__dict__.get(
        "__coodie_row_writer__"
    )
    if cached is not None and cached[0] is columns:
        return cached
    names = tuple(columns)
    writer = compile_row_writer(
        names, tuple(info.to_driver for info in columns.values()), cls.__coodie_discriminator__
    )
    cls.__coodie_row_writer__ = compiled = (columns, writer, names)
    return compiled
