"""One bounded prepared-statement cache per connection (driver adapters share PreparedCache)."""

from __future__ import annotations

import threading
from typing import Any

from coodie.compiler.compiled import CompiledStatement, StatementKind
from coodie.cql.options import ExecutionOptions
from coodie.drivers.cache import PreparedCache
from coodie.drivers.embedded import EmbeddedDriver
from coodie.embedded import Engine


def test_lru_eviction_keeps_the_recently_used() -> None:
    cache: PreparedCache[str] = PreparedCache(maxsize=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "a" is now the most recent
    cache.put("c", "C")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0 and cache.get("a") is None


def test_concurrent_puts_never_exceed_the_bound() -> None:
    cache: PreparedCache[int] = PreparedCache(maxsize=8)

    def fill(offset: int) -> None:
        for i in range(500):
            cache.put(f"q{offset}-{i}", i)
            cache.get(f"q{offset}-{i // 2}")

    threads = [threading.Thread(target=fill, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 8


class CountingSession:
    """An engine session that counts prepares."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.prepared: list[str] = []

    def prepare(self, cql: str) -> Any:
        self.prepared.append(cql)
        return self.session.prepare(cql)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def _select(n: int) -> CompiledStatement:
    return CompiledStatement(
        f"SELECT key FROM system.local WHERE key = ? LIMIT {n}",
        ("local",),
        kind=StatementKind.SELECT,
    )


def test_each_connection_prepares_once_within_its_bound() -> None:
    engine = Engine()
    first, second = CountingSession(engine.session()), CountingSession(engine.session())
    a = EmbeddedDriver(first, prepared_cache_size=2)
    b = EmbeddedDriver(second, prepared_cache_size=2)
    options = ExecutionOptions()
    for _ in range(3):
        a.execute(_select(1), options)
    assert first.prepared == [_select(1).cql]
    b.execute(_select(1), options)
    assert second.prepared == [_select(1).cql]  # caches are per connection
    for n in (2, 3, 1):
        a.execute(_select(n), options)
    assert first.prepared == [_select(n).cql for n in (1, 2, 3, 1)]  # 1 was evicted by 3
