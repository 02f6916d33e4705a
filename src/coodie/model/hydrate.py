"""From the coodie value form back to a model's declared Python types, fast.

Two pieces, both pure:

* :func:`from_driver_converter` builds, once per column, the converter from the
  driver's value to the declared type (``None`` when the value can be used as is);
* :func:`build_instance_factory` compiles a function that turns one row tuple into a
  model instance *without* pydantic validation (rows from the database are trusted).

Example::

    conv = from_driver_converter(NATIVE["time"], datetime.time)
    conv(3_600_000_000_000)          # datetime.time(1, 0)
"""

from __future__ import annotations

import datetime as _dt
import enum
import keyword
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import pydantic

from coodie.cql.types import (
    CqlType,
    ListType,
    MapType,
    NativeType,
    SetType,
    TupleType,
    UserDefinedType,
    VectorType,
)
from coodie.cql.values import CqlDuration
from coodie.model.annotations import is_user_type, strip_annotation
from coodie.model.converters import Converter

__all__ = ["RowSource", "build_instance_factory", "from_driver_converter", "from_driver_value"]


def from_driver_converter(
    cql_type: CqlType, annotation: Any, metadata: tuple[Any, ...] = ()
) -> Converter | None:
    """Converter from the coodie value form of ``cql_type`` to ``annotation``'s type.

    Returns ``None`` when no conversion is needed. Collections are always copied
    (so a model never shares a container with the row it came from); a missing
    non-frozen collection reads as an empty one.

    >>> from coodie.cql.types import NATIVE
    >>> from_driver_converter(NATIVE["int"], int) is None
    True
    """
    tp, _markers, optional = strip_annotation(annotation, metadata)
    if isinstance(cql_type, NativeType):
        return _native(cql_type.name, tp)
    args = typing.get_args(tp)
    if isinstance(cql_type, ListType | VectorType):
        elem = from_driver_converter(cql_type.element, args[0] if args else Any)
        empty = None if isinstance(cql_type, VectorType) else _empty(cql_type, optional, list)
        return _sequence(list, elem, empty)
    if isinstance(cql_type, SetType):
        kind: type = frozenset if typing.get_origin(tp) is frozenset else set
        elem = from_driver_converter(cql_type.element, args[0] if args else Any)
        return _sequence(kind, elem, _empty(cql_type, optional, kind))
    if isinstance(cql_type, MapType):
        key_t, val_t = args if len(args) == 2 else (Any, Any)
        return _mapping(
            from_driver_converter(cql_type.key, key_t),
            from_driver_converter(cql_type.value, val_t),
            _empty(cql_type, optional, dict),
        )
    if isinstance(cql_type, TupleType):
        return _tuple(cql_type, args)
    if isinstance(cql_type, UserDefinedType) and is_user_type(tp):
        udt: Converter = tp.__from_driver__
        return udt
    return None


def from_driver_value(cql_type: CqlType, annotation: Any, value: Any) -> Any:
    """Convert one value from its coodie value form to ``annotation``'s type.

    Meant for one-off use; hot paths keep the converter from :func:`from_driver_converter`.

    >>> from coodie.cql.types import NATIVE
    >>> from_driver_value(NATIVE["time"], _dt.time, 1_000)
    datetime.time(0, 0, 0, 1)
    """
    conv = from_driver_converter(cql_type, annotation)
    return value if conv is None else conv(value)


def _empty(t: ListType | SetType | MapType, optional: bool, kind: type) -> Callable[[], Any] | None:
    """A factory for the value of a null collection: empty unless frozen and optional."""
    if t.frozen and optional:
        return None
    return kind


def _native(name: str, tp: Any) -> Converter | None:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_converter(tp)
    if name == "counter":
        return _counter
    if name == "time" and tp is _dt.time:
        return _nanos_to_time
    if name == "duration" and tp is _dt.timedelta:
        return _duration
    return None


def _enum_converter(tp: type[enum.Enum]) -> Converter:
    def conv(value: Any) -> Any:
        return None if value is None else tp(value)

    return conv


def _counter(value: Any) -> Any:
    """A counter never incremented reads as null; it is 0."""
    return 0 if value is None else value


def _nanos_to_time(value: Any) -> Any:
    if value.__class__ is not int:
        return value
    micros, _ = divmod(value, 1000)
    seconds, micros = divmod(micros, 10**6)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return _dt.time(hours, minutes, seconds, micros)


def _duration(value: Any) -> Any:
    if isinstance(value, CqlDuration):
        as_delta = value.to_timedelta()
        return value if as_delta is None else as_delta
    return value


_COPY = "__coodie_copy__"
"""Attribute of a converter that only copies a container: ``(kind, empty factory)``.

:func:`build_instance_factory` inlines such converters (no call per value).
"""


def _sequence(kind: type, elem: Converter | None, empty: Callable[[], Any] | None) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None if empty is None else empty()
        if elem is None:
            return kind(value)
        return kind(elem(v) for v in value)

    if elem is None:
        setattr(conv, _COPY, (kind, empty))
    return conv


def _mapping(
    key: Converter | None, val: Converter | None, empty: Callable[[], Any] | None
) -> Converter:
    def conv(value: Any) -> Any:
        if value is None:
            return None if empty is None else empty()
        if key is None and val is None:
            return dict(value)
        k = key or _identity
        v = val or _identity
        return {k(a): v(b) for a, b in value.items()}

    if key is None and val is None:
        setattr(conv, _COPY, (dict, empty))
    return conv


def _tuple(t: TupleType, args: tuple[Any, ...]) -> Converter | None:
    if len(args) != len(t.elements):
        return None
    convs = [from_driver_converter(e, a) for e, a in zip(t.elements, args, strict=True)]
    if all(c is None for c in convs):
        return None
    elems = [c or _identity for c in convs]

    def conv(value: Any) -> Any:
        if value is None:
            return None
        return tuple(None if v is None else c(v) for c, v in zip(elems, value, strict=False))

    return conv


def _identity(value: Any) -> Any:
    return value


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

    The instance is made as an instance of the model's loader class (:func:`loader_class`:
    the model's layout without pydantic's ``__setattr__``) whose fields and pydantic slots
    are stored directly, then given the model's class: values are trusted. Fields missing
    from ``columns`` (not loaded) get their default, or ``None`` when they are required,
    and are left out of ``model_fields_set``; unknown columns are ignored. ``converters``
    maps field name to the converter from :func:`from_driver_converter` (``None``: use as
    is). ``private`` maps private attribute names to their pydantic ``ModelPrivateAttr``.
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
    model_fields: Mapping[str, Any] = cls.model_fields
    loader = loader_class(cls)
    position = {name: i for i, name in enumerate(columns)}
    env: dict[str, Any] = {"_new": object.__new__, "_loader": loader, "_cls": cls}
    env["_columns"] = columns
    items: list[str] = []
    loaded: list[str] = []
    for n, (name, info) in enumerate(model_fields.items()):
        target = _store_target(loader, name)
        i = position.get(name)
        if i is None:  # not loaded: its default, or None when it has none
            if info.is_required():
                items.append(f"    {target} = None")
                continue
            env[f"_f{n}"] = info
            items.append(f"    {target} = _f{n}.get_default(call_default_factory=True)")
            continue
        loaded.append(repr(name))
        items.append(f"    {target} = {_value_expr(env, n, i, converters.get(name))}")
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
        "def hydrate(row):",
        *([] if conversion is None else [f"    row = {conversion.source}"]),
        "    obj = _new(_loader)",
        *items,
        f"    obj.__pydantic_fields_set__ = {fields_set}",
        f"    obj.__pydantic_extra__ = {extra}",
        f"    obj.__pydantic_private__ = {private_expr}",
    ]
    if snapshot_attrs is not None:
        columns_attr, row_attr = snapshot_attrs
        if columns_attr is not None:
            lines.append(f"    obj.{_slot_name(loader, columns_attr)} = _columns")
        lines.append(f"    obj.{_slot_name(loader, row_attr)} = row")
    if conversion is not None:
        env.update(conversion.env)  # its names start with ``_row_``: none of the above
    lines.append("    obj.__class__ = _cls")
    lines.append("    return obj")
    exec("\n".join(lines), env)  # generated from field names (checked) and indexes only
    hydrate: Callable[[tuple[Any, ...]], Any] = env["hydrate"]
    return hydrate


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
            object.__setattr__(object.__new__(loader), "__class__", cls)
        except TypeError:  # a layout the sibling does not reproduce
            loader = _new_loader(cls, cls, ())
        type.__setattr__(cls, "__coodie_loader__", loader)
    return loader


def _new_loader(cls: type, base: type, slots: tuple[str, ...]) -> type:
    namespace = {
        "__slots__": slots,
        "__setattr__": object.__setattr__,  # both, or the slot stays pydantic's
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}.__coodie_loader__",
    }
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
    copy: tuple[type, Callable[[], Any] | None] | None = getattr(conv, _COPY, None)
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
