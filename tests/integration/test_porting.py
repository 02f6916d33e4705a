"""cqlengine habits against a database (sync and aio): typed errors, nothing silently lost."""

from __future__ import annotations

from uuid import uuid4

import pytest

from coodie.exceptions import UnknownColumnError

from .conftest import Api


def test_does_not_exist_names_the_model_and_the_filter(api: Api) -> None:
    m = api.models
    pid = uuid4()
    with pytest.raises(m.Product.DoesNotExist) as info:
        api(m.Product.get(id=pid))
    assert str(info.value) == f"Product: no row matches id = {pid!r}"
    with pytest.raises(m.Product.DoesNotExist) as info:
        api(m.Product.find(id=pid, name="pen").allow_filtering().get())
    assert str(info.value) == f"Product: no row matches id = {pid!r} AND name = 'pen'"
    assert "LIMIT" not in str(info.value) and "FILTERING" not in str(info.value)


@pytest.mark.parametrize(
    ("method", "options", "message"),
    [
        ("save", {"tll": 60}, "save() got an unexpected keyword argument 'tll'"),
        ("save", {"keyspace": "k2"}, "doc.using(keyspace=...).save()"),
        ("insert", {"connection": "other"}, "doc.using(connection=...).save()"),
        ("delete", {"bogus": 1}, "delete() got an unexpected keyword argument 'bogus'"),
        ("delete_columns", {"ttl": 5}, "delete_columns() got an unexpected keyword argument"),
    ],
)
def test_write_methods_refuse_unknown_options(
    api: Api, method: str, options: dict[str, object], message: str
) -> None:
    m = api.models
    pid = uuid4()
    doc = api(m.Product.create(id=pid, name="pen"))
    args = ("description",) if method == "delete_columns" else ()
    with pytest.raises(TypeError) as info:
        api(getattr(doc, method)(*args, **options))
    assert message in str(info.value)
    assert api(m.Product.get(id=pid)).name == "pen"  # nothing was sent


def test_unknown_field_is_refused_before_writing(api: Api) -> None:
    m = api.models
    pid = uuid4()
    with pytest.raises(UnknownColumnError) as info:
        api(m.Product.create(id=pid, name="pen", colour="red"))
    assert "Product.colour: unknown field" in str(info.value)
    assert api(m.Product.find_one(id=pid)) is None


def test_plain_for_on_an_async_queryset_says_async_for(api: Api) -> None:
    m = api.models
    qs = m.Product.find(id=uuid4())
    if not api.is_async:
        assert list(qs) == []
        return
    with pytest.raises(TypeError, match="async for"):
        iter(qs)
