"""Acceptance checks of behaviours users rely on, end to end (sync and aio).

Each test pins one promise of the execution and schema issues that was only
covered below the public API, or not at all.
"""

from __future__ import annotations

import uuid

from .conftest import Api


def test_bulk_update_map_none_value_removes_the_key(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product.create(id=pid, name="p", attrs={"k": "v", "j": "w"}))
    api(m.Product.find(id=pid).update(attrs__update={"k": None, "n": "x"}))
    assert api(m.Product.get(id=pid)).attrs == {"j": "w", "n": "x"}
    api(m.Product.find(id=pid).update(attrs__update={"j": None}))
    assert api(m.Product.get(id=pid)).attrs == {"n": "x"}


def test_bulk_collection_updates_match_the_document_ones(api: Api) -> None:
    m = api.models
    pid = uuid.uuid4()
    api(m.Product.create(id=pid, name="p", tags=["a"], labels={"x"}))
    qs = m.Product.find(id=pid)
    api(qs.update(tags__prepend=["b", "c"]))
    api(qs.update(labels__remove={"missing"}))
    got = api(m.Product.get(id=pid))
    assert (got.tags, got.labels) == (["b", "c", "a"], {"x"})
