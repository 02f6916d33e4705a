"""SortedKeys behaves like a sorted list under random inserts, removals and ranges."""

from __future__ import annotations

import bisect
import random

import pytest

from coodie.embedded import sortedkeys
from coodie.embedded.sortedkeys import SortedKeys


@pytest.mark.parametrize("seed", range(5))
def test_matches_a_sorted_list(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sortedkeys, "LOAD", 4)  # many chunks, many splits
    rnd = random.Random(seed)
    keys, model = SortedKeys(), []
    for _ in range(600):
        k = (rnd.randrange(200),)
        if k in model:
            if rnd.random() < 0.5:
                keys.remove(k)
                model.remove(k)
            continue
        keys.add(k)
        bisect.insort(model, k)
    assert list(keys) == model and len(keys) == len(model)
    assert list(reversed(keys)) == model[::-1]
    for _ in range(300):
        lo, hi = (rnd.randrange(-5, 210),), (rnd.randrange(-5, 210),)
        lo_i, hi_i, rev = rnd.random() < 0.5, rnd.random() < 0.5, rnd.random() < 0.5
        expected = [
            k for k in model if (k > lo or (lo_i and k == lo)) and (k < hi or (hi_i and k == hi))
        ]
        got = list(keys.irange(lo, hi, lo_i, hi_i, reverse=rev))
        assert got == (expected[::-1] if rev else expected), (lo, hi, lo_i, hi_i, rev)
        assert list(keys.irange(lo=lo)) == [k for k in model if k >= lo]
        assert list(keys.irange(hi=hi, reverse=True)) == [k for k in model if k <= hi][::-1]
