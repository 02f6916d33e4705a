"""Statement templates: a template hit is the template with new parameters, field for field."""

from __future__ import annotations

import attrs
import pytest

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.types import NativeType
from coodie.executor.templates import Templates, with_params

TEMPLATE = CompiledStatement(
    "INSERT INTO ks.t (k, v) VALUES (?, ?) IF NOT EXISTS",
    (1, "a"),
    (NativeType("int"), NativeType("text")),
    StatementKind.INSERT,
    "ks",
    "t",
    True,
    True,
    (0,),
    ("[applied]",),
)


def test_every_field_of_a_template_is_copied_but_its_params() -> None:
    assert all(
        getattr(TEMPLATE, f.name) != f.default for f in attrs.fields(CompiledStatement)
    )  # each field differs from its default, so a field left out would show
    bound = with_params(TEMPLATE, (2, "b"))
    assert bound == attrs.evolve(TEMPLATE, params=(2, "b"))
    assert type(bound) is CompiledStatement and bound.params == (2, "b")
    assert hash(bound) == hash(attrs.evolve(TEMPLATE, params=(2, "b")))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        bound.params = ()  # type: ignore[misc]


def test_a_template_is_kept_only_when_its_params_are_the_expected_ones() -> None:
    templates = Templates()
    assert templates.lookup("k", (1, "a")) is None
    templates.remember("k", (9, "z"), TEMPLATE)  # not the params the caller computed: not kept
    assert templates.lookup("k", (1, "a")) is None
    templates.remember("k", (1, "a"), TEMPLATE)
    found = templates.lookup("k", (3, "c"))
    assert found == attrs.evolve(TEMPLATE, params=(3, "c"))
