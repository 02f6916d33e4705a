"""``coodie.ast.enums``: members are looked up by the CQL word that model markers, batches and
``system_schema`` spell."""

from __future__ import annotations

import pytest

from coodie.ast.enums import BatchType, ClusteringOrder, IndexKind


def test_members_are_found_by_their_cql_word() -> None:
    assert [m.value for m in BatchType] == ["LOGGED", "UNLOGGED", "COUNTER"]
    assert [m.value for m in ClusteringOrder] == ["ASC", "DESC"]
    assert [m.value for m in IndexKind] == ["values", "keys", "entries", "full"]
    assert BatchType("COUNTER") is BatchType.COUNTER
    assert ClusteringOrder("DESC") is ClusteringOrder.DESC
    assert IndexKind("entries") is IndexKind.ENTRIES


@pytest.mark.parametrize(
    ("enum", "word"),
    [(ClusteringOrder, "desc"), (IndexKind, "KEYS"), (BatchType, "logged"), (IndexKind, "")],
)
def test_other_spellings_are_refused(enum: type, word: str) -> None:
    with pytest.raises(ValueError, match="is not a valid"):
        enum(word)
