"""Recording hits and likes, and reading the dashboard's numbers."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from coodie.aio import BatchQuery
from pageviews.models import HourlyViews, PageCounter

PAGES = ["/", "/pricing", "/docs", "/blog", "/blog/counters", "/about", "/careers"]


def this_hour(now: datetime | None = None) -> datetime:
    """The start of the current UTC hour (the clustering key of ``HourlyViews``)."""
    now = now or datetime.now(timezone.utc)
    return now.replace(minute=0, second=0, microsecond=0)


def check_page(page: str) -> str:
    """A page path must start with ``/``; raises ``ValueError``."""
    if not page.startswith("/") or len(page) > 200:
        raise ValueError(f"a page is a path starting with '/', not {page!r}")
    return page


async def hit(page: str, n: int = 1, *, hour: datetime | None = None) -> None:
    """Count ``n`` views of ``page`` in both tables, in one COUNTER batch."""
    check_page(page)
    async with BatchQuery(batch_type="COUNTER") as batch:
        await PageCounter(page=page).increment(views=n, batch=batch)
        await HourlyViews(page=page, hour=hour or this_hour()).increment(views=n, batch=batch)


async def like(page: str, delta: int) -> None:
    """+1 (like) or -1 (unlike): ``increment`` / ``decrement``."""
    counter = PageCounter(page=check_page(page))
    if delta > 0:
        await counter.increment(likes=delta)
    else:
        await counter.decrement(likes=-delta)


async def simulate(n: int, seed: int | None = None) -> int:
    """``n`` random hits, weighted towards the first pages; returns ``n``."""
    rng = random.Random(seed)
    weights = [len(PAGES) - i for i in range(len(PAGES))]
    counts: dict[str, int] = {}
    for page in rng.choices(PAGES, weights, k=n):
        counts[page] = counts.get(page, 0) + 1
    for page, count in counts.items():
        await hit(page, count)
    return n


async def stats() -> dict[str, object]:
    """Every page's totals (most viewed first) and the top page's last 12 hours."""
    pages = sorted(await PageCounter.find().all(), key=lambda p: (-p.views, p.page))
    hours: list[HourlyViews] = []
    if pages:
        hours = await HourlyViews.find(page=pages[0].page).limit(12).all()
    return {
        "total_views": sum(p.views for p in pages),
        "pages": [{"page": p.page, "views": p.views, "likes": p.likes} for p in pages],
        "top_page_hours": [{"hour": h.hour.isoformat(), "views": h.views} for h in hours],
    }
