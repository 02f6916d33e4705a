"""One generated function per model: an instance's fields as a write row, in column order.

Every write converts its document to coodie value form once (see
``DocumentCore._driver_row``). Looping over the columns, looking each converter up and
wrapping each call in its own ``try`` costs more than the conversions themselves for
plain columns, so each model gets one straight-line function, generated from its
column positions only (names and converters are bound as constants, never spliced
into source), that calls the columns' converters in order (a value of the one class a
column's converter returns unchanged, e.g. a ``str`` for ``text``, is used without the
call). It raises the converter's bare error; the caller then converts column by column
to name the field. A second function per model (:func:`insert_writer`) gives what an
``INSERT`` of a new instance binds (its key columns, then every other column written), with
the shape of its statement as one number, so an insert loops over no column.

>>> from coodie.model.row_writer import compile_row_writer
>>> write = compile_row_writer(("a", "b"), (str, float), None)
>>> write({"a": 1, "b": 2})
('1', 2.0)
>>> compile_row_writer(("kind", "b"), (str, str), ("kind", "dog"))({"b": "x"})
('dog', 'x')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from coodie.cql.types import is_multicell
from coodie.exceptions import InvalidValueError
from coodie.model.converters import passthrough_class

RowWriter = Callable[[Mapping[str, Any]], tuple[Any, ...]]
InsertWriter = Callable[[Any], tuple[int, tuple[Any, ...], tuple[Any, ...]]]
"""``document -> (shape, params, row)`` (:func:`compile_insert_writer`)."""


def _conversions(
    names: Sequence[str],
    converters: Sequence[Callable[[Any], Any]],
    discriminator: tuple[str, Any] | None,
    env: dict[str, Any],
    passthrough: Sequence[type | None] | None = None,
) -> list[str]:
    """The expression converting each column (``get`` is ``fields.get``); binds its
    converter, name and discriminator value in ``env``.

    ``passthrough[i]``: a class whose values column ``i``'s converter returns unchanged
    (``passthrough_class``); such a value is used without calling the converter.
    """
    items = []
    for i, (name, convert) in enumerate(zip(names, converters, strict=True)):
        env[f"_c{i}"] = convert
        env[f"_n{i}"] = name
        kind = passthrough[i] if passthrough is not None else None
        if discriminator is not None and discriminator[0] == name:
            env[f"_v{i}"] = discriminator[1]
            items.append(f"_c{i}(_v{i})")
        elif kind is not None:
            env[f"_k{i}"] = kind
            items.append(f"(_v if (_v := get(_n{i})).__class__ is _k{i} else _c{i}(_v))")
        else:
            items.append(f"_c{i}(get(_n{i}))")
    return items


def compile_row_writer(
    names: Sequence[str],
    converters: Sequence[Callable[[Any], Any]],
    discriminator: tuple[str, Any] | None,
    passthrough: Sequence[type | None] | None = None,
) -> RowWriter:
    """``fields -> row``: ``converters[i](fields.get(names[i]))`` for each column ``i``.

    The ``discriminator`` column (``(name, value)``) always writes its class's value.
    """
    env: dict[str, Any] = {}
    items = _conversions(names, converters, discriminator, env, passthrough)
    row = "".join(f"{item}, " for item in items)
    source = f"def write_row(fields):\n    get = fields.get\n    return ({row})\n"
    exec(source, env)  # generated from column positions only
    write: RowWriter = env["write_row"]
    return write


def compile_insert_writer(
    names: Sequence[str],
    converters: Sequence[Callable[[Any], Any]],
    discriminator: tuple[str, Any] | None,
    key: Sequence[str],
    passthrough: Sequence[type | None],
    multicell: Sequence[bool],
    model: str,
) -> InsertWriter:
    """``document -> (shape, params, row)``: what an ``INSERT`` of a new document binds.

    ``row`` is the document's row as :func:`compile_row_writer` makes it; ``params`` the
    values of its ``key`` columns (in that order), then of every other column that is not
    null nor an empty ``multicell`` collection (null in CQL: writing one only makes a
    tombstone), in column order (:func:`coodie.query.writes.new_insert_row` gives them by
    column). ``shape`` has bit ``i`` set when column ``i`` (not a key column) is among them:
    statements of one shape have the same text.

    A null key column raises :class:`~coodie.exceptions.InvalidValueError` naming model
    ``model`` and the field before anything is converted; a conversion error is raised
    again by ``document._driver_values``, which names the field.

    >>> from types import SimpleNamespace
    >>> same = lambda v: v
    >>> write = compile_insert_writer(
    ...     ("k", "a", "tags"), (same, same, list), None, ("k",), (None, None, None),
    ...     (False, False, True), "Item")
    >>> write(SimpleNamespace(k=1, a=None, tags=[]))
    (0, (1,), (1, None, []))
    >>> write(SimpleNamespace(k=1, a="x", tags=["t"]))
    (6, (1, 'x', ['t']), (1, 'x', ['t']))
    >>> write(SimpleNamespace(k=None, a="x", tags=[]))
    Traceback (most recent call last):
    coodie.exceptions.InvalidValueError: Item.k: a primary key column cannot be null
    """
    env: dict[str, Any] = {"_Invalid": InvalidValueError, "_names": tuple(names)}
    env["_null_key"] = partial(_null_key, model)
    items = _conversions(names, converters, discriminator, env, passthrough)
    position = {name: i for i, name in enumerate(names)}
    lines = [
        f"    if get(_n{position[name]}) is None:\n        _null_key(_n{position[name]})\n"
        for name in key
    ]
    lines.append("    try:\n")
    lines += [f"        _r{i} = {item}\n" for i, item in enumerate(items)]
    lines.append("    except _Invalid:\n        doc._driver_values(_names)\n        raise\n")
    keys = "".join(f"_r{position[name]}, " for name in key)
    lines.append(f"    params = [{keys}]\n    shape = 0\n")
    for i, name in enumerate(names):
        if name not in key:
            test = f"_r{i}" if multicell[i] else f"_r{i} is not None"
            lines.append(
                f"    if {test}:\n        params.append(_r{i})\n        shape |= {1 << i}\n"
            )
    row = "".join(f"_r{i}, " for i in range(len(items)))
    body = "".join(lines)
    source = (
        f"def write_insert(doc):\n    get = doc.__dict__.get\n{body}"
        f"    return shape, tuple(params), ({row})\n"
    )
    exec(source, env)  # generated from column positions only
    write: InsertWriter = env["write_insert"]
    return write


def _null_key(model: str, field: str) -> None:
    raise InvalidValueError("a primary key column cannot be null", model=model, field=field)


def row_writer(cls: Any) -> RowWriter:
    """The row writer of model ``cls`` (made on first use, remade if its columns changed)."""
    return _compiled(cls)[1]


def insert_writer(cls: Any) -> tuple[tuple[str, ...], InsertWriter]:
    """The :func:`column_names` of model ``cls`` and its :func:`compile_insert_writer`
    (made and remade with its :func:`row_writer`)."""
    compiled = _compiled(cls)
    return compiled[2], compiled[3]


def column_names(cls: Any) -> tuple[str, ...]:
    """The column names of model ``cls``, in the order of its write rows (one shared tuple)."""
    return _compiled(cls)[2]


_Compiled = tuple[Any, RowWriter, tuple[str, ...], InsertWriter]


def _compiled(cls: Any) -> _Compiled:
    columns = cls.__coodie_columns__
    cached: _Compiled | None = cls.__dict__.get("__coodie_row_writer__")
    if cached is not None and cached[0] is columns:
        return cached
    names = tuple(columns)
    converters = tuple(info.to_driver for info in columns.values())
    passthrough = tuple(passthrough_class(info.schema.cql_type) for info in columns.values())
    discriminator = cls.__coodie_discriminator__
    writer = compile_row_writer(names, converters, discriminator, passthrough)
    key = cls.__schema__.key_attributes
    multicell = tuple(is_multicell(info.schema.cql_type) for info in columns.values())
    insert = compile_insert_writer(
        names, converters, discriminator, key, passthrough, multicell, cls.__name__
    )
    cls.__coodie_row_writer__ = compiled = (columns, writer, names, insert)
    return compiled
