"""The FastAPI app: a live dashboard (polls ``/api/stats``) and endpoints that count.

Run it with ``python -m pageviews`` (http://127.0.0.1:8001).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from demo_support import connect_async, disconnect_async
from demo_support.fastapi_app import Pages
from fastapi import FastAPI, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse

from pageviews import DEMO_DIR, KEYSPACE, tracking
from pageviews.models import MODELS, PageCounter

pages = Pages(DEMO_DIR / "pageviews" / "templates")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Connect on startup, close on shutdown."""
    app.state.brand = "realtime counters"
    app.state.database = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    yield
    await disconnect_async()


app = FastAPI(title="coodie realtime counters", lifespan=lifespan)


def valid_page(page: str) -> str:
    """The page, or 400."""
    try:
        return tracking.check_page(page)
    except ValueError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc


@app.get("/", response_class=HTMLResponse)
async def dashboard(request: Request) -> HTMLResponse:
    """The live dashboard (first render server-side, then JavaScript polling)."""
    return pages.render(
        request, "dashboard.html", title="Live analytics", stats=await tracking.stats()
    )


@app.get("/api/stats")
async def api_stats() -> dict[str, Any]:
    """Totals per page and the top page's hours."""
    return await tracking.stats()


@app.post("/api/hit", response_model=PageCounter)
async def api_hit(page: str) -> PageCounter:
    """Count one view of ``page`` (``?page=/docs``)."""
    await tracking.hit(valid_page(page))
    return await PageCounter.get(page=page)


@app.get("/api/pages", response_model=PageCounter)
async def api_page(page: str) -> PageCounter:
    """One page's counters; 404 for a page never counted."""
    counter = await PageCounter.find_one(page=valid_page(page))
    if counter is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{page} has no views yet")
    return counter


@app.post("/api/like", response_model=PageCounter)
async def api_like(page: str, delta: Annotated[int, Query(ge=-1, le=1)] = 1) -> PageCounter:
    """Like (``delta=1``) or unlike (``delta=-1``) a page that has views."""
    await api_page(page)
    if delta == 0:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "delta is 1 or -1")
    await tracking.like(page, delta)
    return await PageCounter.get(page=page)


@app.post("/api/simulate")
async def api_simulate(n: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict[str, int]:
    """Generate ``n`` random hits."""
    return {"hits": await tracking.simulate(n)}
