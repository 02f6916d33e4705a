"""Which keyword arguments a model's constructor accepts: unknown fields are refused.

``Product(nmae="x")`` would otherwise drop the value and write the row without
it. Models (documents and user types) set ``extra="forbid"``; a model that sets
``model_config = ConfigDict(extra="ignore")`` opts out.

>>> sorted(init_names(pydantic.create_model("P", a=(int, 0))))
['a']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from coodie.exceptions import UnknownColumnError

__all__ = ["check_init_names", "init_names"]


def init_names(cls: type[pydantic.BaseModel]) -> frozenset[str]:
    """The keyword names ``cls(...)`` accepts: field names and their aliases."""
    names = set(cls.model_fields)
    for info in cls.model_fields.values():
        for alias in (info.alias, info.validation_alias):
            if isinstance(alias, str):
                names.add(alias)
    return frozenset(names)


def check_init_names(cls: type[pydantic.BaseModel], data: Mapping[str, Any]) -> None:
    """Refuse unknown keyword arguments unless the model sets ``extra`` to another value.

    A misspelled field would otherwise be dropped and the row written without it.

    Example: ``check_init_names(Product, {"nmae": "x"})`` raises
    :class:`~coodie.exceptions.UnknownColumnError` naming ``Product.nmae``.
    """
    if cls.model_config.get("extra", "forbid") != "forbid":
        return
    allowed: frozenset[str] = getattr(cls, "__coodie_init_names__", frozenset())
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        schema = getattr(cls, "__schema__", None)
        hints = [h for k in unknown if schema is not None and (h := schema.renamed_hint(k))]
        raise UnknownColumnError(
            f"unknown field (fields: {', '.join(cls.model_fields)}; "
            + "".join(f"{h}; " for h in hints)
            + "set model_config = ConfigDict(extra='ignore') to drop unknown fields)",
            model=cls.__name__,
            field=", ".join(unknown),
        )
