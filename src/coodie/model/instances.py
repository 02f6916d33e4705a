"""Functions that build model instances from rows, compiled once per model and columns.

Rows from the database are trusted: an instance is built without pydantic validation,
as an instance of the model's *loader class* (:func:`loader_class`: the model's layout,
``object``'s ``__setattr__``) whose fields and pydantic slots the interpreter stores
directly, and then given the model's class. Two forms, from one generated body:

* :func:`build_instance_factory`: ``row -> instance``;
* :func:`build_rows_factory`: ``rows -> [instances]``, one call per page.

Example::

    to_part = build_instance_factory(Part, ("id", "name"), {}, {})
    to_part((7, "bolt")).name            # 'bolt'
"""

from __future__ import annotations

import keyword
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import pydantic

from coodie.model.converters import Converter
from coodie.model.hydrate import COPY_ONLY

__all__ = [
    "LoadedFields",
    "RowSource",
    "build_instance_factory",
    "build_rows_factory",
    "loader_class",
]


class RowSource(Protocol):
    """A driver's row conversion as code (``coodie.drivers.base.RowConversion``).

    ``source`` is an expression over ``row`` giving the row in coodie value form,
    using the names in ``env`` (all starting with ``_row_``).
    """

    @property
    def source(self) -> str:
        """The expression."""
        ...

    @property
    def env(self) -> Mapping[str, Any]:
        """The names it uses."""
        ...

    @property
    def convert(self) -> Callable[[Any], tuple[Any, ...]]:
        """The expression compiled: ``row -> tuple``."""
        ...


def build_instance_factory(
    cls: type[pydantic.BaseModel],
    columns: tuple[str, ...],
    converters: Mapping[str, Converter | None],
    private: Mapping[str, Any],
    *,
    snapshot_attrs: tuple[str | None, str] | None = None,
    conversion: RowSource | None = None,
) -> Callable[[tuple[Any, ...]], Any]:
    """Compile ``row tuple -> cls instance`` for rows whose columns are ``columns``.

    Values are trusted. Fields missing from ``columns`` (not loaded) get their default,
    or ``None`` when they are required, and are left out of ``model_fields_set``;
    unknown columns are ignored. ``converters`` maps field name to the converter from
    :func:`~coodie.model.hydrate.from_driver_converter` (``None``: use as is).
    ``private`` maps private attribute names to their pydantic ``ModelPrivateAttr``.
    With ``snapshot_attrs=(columns_attr, row_attr)`` the instance remembers the
    columns and the row in those two slots (the columns only when ``columns_attr``
    is not ``None``: the caller then knows them without the slot).
    Pydantic validators and ``model_post_init`` do not run.
    With a ``conversion`` the function takes the driver's row and converts it first,
    in the same call (the instance remembers the converted row).

    Every store is one specialized instruction (an instance value or a slot): no call
    per slot through a method wrapper, no ``__dict__`` built before the class is set.

    Example: ``build_instance_factory(Address, ("street",), {}, {})(("Main",))``.
    """
    lines, env = _instance_code(cls, columns, converters, private, snapshot_attrs, conversion)
    source = "\n".join(["def hydrate(row):", *_indented(lines, 1), "    return obj"])
    exec(source, env)  # generated from field names (checked) and indexes only
    hydrate: Callable[[tuple[Any, ...]], Any] = env["hydrate"]
    return hydrate


def build_rows_factory(
    cls: type[pydantic.BaseModel],
    columns: tuple[str, ...],
    converters: Mapping[str, Converter | None],
    private: Mapping[str, Any],
    *,
    snapshot_attrs: tuple[str | None, str] | None = None,
    conversion: RowSource | None = None,
) -> Callable[[Sequence[Any]], list[Any]]:
    """Compile ``rows -> [cls instances]``: :func:`build_instance_factory`'s instances,
    built in one loop (no function call per row).

    Example: ``build_rows_factory(Address, ("street",), {}, {})([("Main",), ("High",)])``.
    """
    lines, env = _instance_code(cls, columns, converters, private, snapshot_attrs, conversion)
    source = "\n".join(
        [
            "def hydrate_rows(rows):",
            "    out = []",
            "    add = out.append",
            "    for row in rows:",
            *_indented(lines, 2),
            "        add(obj)",
            "    return out",
        ]
    )
    exec(source, env)  # generated from field names (checked) and indexes only
    hydrate_rows: Callable[[Sequence[Any]], list[Any]] = env["hydrate_rows"]
    return hydrate_rows


def _indented(lines: list[str], depth: int) -> list[str]:
    return ["    " * depth + line for line in lines]


def _instance_code(
    cls: type[pydantic.BaseModel],
    columns: tuple[str, ...],
    converters: Mapping[str, Converter | None],
    private: Mapping[str, Any],
    snapshot_attrs: tuple[str | None, str] | None,
    conversion: RowSource | None,
) -> tuple[list[str], dict[str, Any]]:
    """The statements building ``obj`` from ``row``, and the names they use."""
    model_fields: Mapping[str, Any] = cls.model_fields
    loader = loader_class(cls)
    position = {name: i for i, name in enumerate(columns)}
    env: dict[str, Any] = {"_loader": loader, "_cls": cls, "_columns": columns}
    items: list[str] = []
    loaded: list[str] = []
    for n, (name, info) in enumerate(model_fields.items()):
        target = _store_target(loader, name)
        i = position.get(name)
        if i is None:  # not loaded: its default, or None when it has none
            if info.is_required():
                items.append(f"{target} = None")
                continue
            env[f"_f{n}"] = info
            items.append(f"{target} = _f{n}.get_default(call_default_factory=True)")
            continue
        loaded.append(repr(name))
        items.append(f"{target} = {_value_expr(env, n, i, converters.get(name))}")
    privates: list[str] = []
    for n, (name, attr) in enumerate(private.items()):
        env[f"_p{n}"] = attr
        privates.append(f"{name!r}: _p{n}.get_default()")
    allows_extra = cls.model_config.get("extra") == "allow"
    if len(loaded) == len(model_fields) and not allows_extra:
        env["_fields_set"] = LoadedFields(model_fields)
        fields_set = "_fields_set"
    else:
        fields_set = "{" + ", ".join(loaded) + "}" if loaded else "set()"
    extra = "{}" if allows_extra else "None"
    private_expr = "{" + ", ".join(privates) + "}" if privates else "None"
    lines = [
        *([] if conversion is None else [f"row = {conversion.source}"]),
        "obj = _loader()",
        *items,
        f"obj.__pydantic_fields_set__ = {fields_set}",
        f"obj.__pydantic_extra__ = {extra}",
        f"obj.__pydantic_private__ = {private_expr}",
    ]
    if snapshot_attrs is not None:
        columns_attr, row_attr = snapshot_attrs
        if columns_attr is not None:
            lines.append(f"obj.{_slot_name(loader, columns_attr)} = _columns")
        lines.append(f"obj.{_slot_name(loader, row_attr)} = row")
    if conversion is not None:
        env.update(conversion.env)  # its names start with ``_row_``: none of the above
    lines.append("obj.__class__ = _cls")
    return lines, env


def loader_class(cls: type[pydantic.BaseModel]) -> type:
    """The class ``cls``'s loaded instances are built as before they become ``cls``'s.

    It has ``cls``'s memory layout and ``object``'s ``__setattr__``, so the interpreter
    stores fields and slots directly where pydantic's ``__setattr__`` would run Python
    for each. It is a sibling of the base that gives ``cls`` its layout (for a
    document, of ``Document`` under coodie's own bases), so it is not among the
    ``__subclasses__()`` of ``Document`` or of any model; when CPython would not let an
    instance move from such a sibling to ``cls``, it derives from ``cls``. Made by the
    metaclass alone (no pydantic class building), one per model, kept on the model.

    >>> from typing import Annotated
    >>> from coodie.fields import PrimaryKey
    >>> from coodie.sync import Document
    >>> class Note(Document):
    ...     id: Annotated[int, PrimaryKey()]
    >>> loader_class(Note).__setattr__ is object.__setattr__
    True
    >>> loader_class(Note) in Document.__subclasses__()
    False
    """
    loader: type | None = cls.__dict__.get("__coodie_loader__")
    if loader is None:
        root, base = _layout_root(cls)
        loader = _new_loader(cls, base, _added_slots(root, base))
        try:
            object.__setattr__(loader(), "__class__", cls)
        except TypeError:  # a layout the sibling does not reproduce
            loader = _new_loader(cls, cls, ())
        type.__setattr__(cls, "__coodie_loader__", loader)
    return loader


def _new_loader(cls: type, base: type, slots: tuple[str, ...]) -> type:
    namespace = {
        "__slots__": slots,
        "__setattr__": object.__setattr__,  # both, or the slot stays pydantic's
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,  # ``_loader()`` makes a bare instance
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}.__coodie_loader__",
    }
    if any("__new__" in vars(k) for k in base.__mro__[:-1]):  # not for loading
        namespace["__new__"] = object.__new__
    return type.__new__(type(base), cls.__name__, (base,), namespace)


def _layout_root(cls: type[pydantic.BaseModel]) -> tuple[type, type]:
    """``cls``'s furthest base reached through bases of the same instance layout (the
    bases ``obj.__class__ = ...`` sees through), short of ``pydantic.BaseModel``; and
    that root's own base.

    >>> from coodie.sync import Document
    >>> _layout_root(Document)[1].__name__
    'DocumentCore'
    """
    root: type = cls
    base = _base(cls)
    while base is not pydantic.BaseModel and _layout(base) == _layout(root):
        root, base = base, _base(base)
    return root, base


def _base(cls: type) -> type:
    base = cls.__base__
    return object if base is None else base


def _added_slots(root: type, base: type) -> tuple[str, ...]:
    """The ``__slots__`` that give ``root`` its layout over its base's."""
    declared = root.__dict__.get("__slots__")
    if declared is not None:
        return (declared,) if isinstance(declared, str) else tuple(declared)
    implicit = (
        ("__dict__", root.__dictoffset__ and not base.__dictoffset__),
        ("__weakref__", root.__weakrefoffset__ and not base.__weakrefoffset__),
    )
    return tuple(name for name, added in implicit if added)


def _layout(cls: type) -> tuple[int, ...]:
    """What CPython compares to let a class stand for its base in ``__class__`` assignment."""
    has_gc = cls.__flags__ & _HAVE_GC
    return (cls.__basicsize__, cls.__itemsize__, cls.__dictoffset__, cls.__weakrefoffset__, has_gc)


_HAVE_GC = 1 << 14
"""``Py_TPFLAGS_HAVE_GC``."""


def _store_target(loader: type, name: str) -> str:
    """Where the generated code stores field ``name``: the attribute, or the instance
    dict's item when the name is not a plain attribute (a data descriptor of the class)."""
    plain = name.isidentifier() and not keyword.iskeyword(name)
    if plain and not any(hasattr(k.__dict__.get(name), "__set__") for k in loader.__mro__):
        return f"obj.{name}"
    return f"obj.__dict__[{name!r}]"


def _slot_name(loader: type, name: str) -> str:
    """``name``, checked to be a slot of the loader (the generated code stores it)."""
    slot = types.MemberDescriptorType
    if not any(isinstance(k.__dict__.get(name), slot) for k in loader.__mro__):
        raise TypeError(f"{loader.__qualname__} has no slot {name!r}")
    return name


class LoadedFields(set[str]):
    """The ``model_fields_set`` shared by every instance loaded with all of its fields.

    Every field is in it, so pydantic's ``fields_set.add(name)`` on assignment
    leaves it unchanged: one set serves all rows instead of a new one per row.
    Changing it otherwise raises; copies (``model_copy``) are plain sets.

    >>> s = LoadedFields({"id", "name"})
    >>> s.add("id"); sorted(s)
    ['id', 'name']
    >>> type(s.copy()).__name__
    'set'
    """

    __slots__ = ()

    def add(self, name: str) -> None:
        """Accept a name that is already in the set (pydantic's assignment hook)."""
        if name not in self:
            raise TypeError("a loaded instance's fields set is shared; copy it to change it")

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a loaded instance's fields set is shared; copy it to change it")

    discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def copy(self) -> set[str]:
        """A plain, independent set."""
        return set(self)

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: Any) -> set[str]:
        return set(self)

    def __reduce__(self) -> Any:
        return (set, (list(self),))


_EMPTY_LITERALS: dict[Any, str] = {list: "[]", dict: "{}", set: "set()"}


def _value_expr(env: dict[str, Any], n: int, i: int, conv: Converter | None) -> str:
    """The generated expression for field ``n`` read from ``row[i]``.

    A converter that only copies a container is inlined: one copy, no call frame.
    The copy is needed even though drivers return fresh containers: the instance
    and its loaded-state snapshot (the row) must not share a mutable value, or an
    in-place change (``doc.tags.append(x)``) would not be seen as a change.
    """
    if conv is None:
        return f"row[{i}]"
    copy: tuple[type, Callable[[], Any] | None] | None = getattr(conv, COPY_ONLY, None)
    if copy is None:
        env[f"_c{n}"] = conv
        return f"_c{n}(row[{i}])"
    kind, empty = copy
    env[f"_k{n}"] = kind
    if empty is None:
        empty_expr = "None"
    elif empty in _EMPTY_LITERALS:
        empty_expr = _EMPTY_LITERALS[empty]
    else:
        env[f"_e{n}"] = empty
        empty_expr = f"_e{n}()"
    return f"(_k{n}(_v) if (_v := row[{i}]) is not None else {empty_expr})"
