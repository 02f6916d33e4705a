"""The FastAPI app: a search page, a page per product with similar ones, a JSON API.

Run it with ``python -m vsearch`` (http://127.0.0.1:8004).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from demo_support import connect_async, disconnect_async
from demo_support.fastapi_app import Pages
from fastapi import FastAPI, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse

from vsearch import DEMO_DIR, KEYSPACE, queries
from vsearch.embedding import EmptyTextError
from vsearch.models import MODELS, Product
from vsearch.queries import MAX_K, Hit

pages = Pages(DEMO_DIR / "vsearch" / "templates")
TopK = Annotated[int, Query(ge=1, le=MAX_K, description=f"how many products (1 to {MAX_K})")]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Connect on startup, close on shutdown."""
    app.state.brand = "vector search"
    app.state.database = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    yield
    await disconnect_async()


app = FastAPI(title="coodie semantic product search", lifespan=lifespan)


async def get_product(product_id: str) -> Product:
    """The product or 404."""
    product = await Product.find_one(id=product_id)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no product {product_id!r}")
    return product


async def search_or_422(q: str, k: int) -> list[Hit]:
    """The top ``k`` hits; 422 when the query has no word to embed."""
    try:
        return await queries.search(q, k)
    except EmptyTextError as exc:
        raise HTTPException(422, str(exc)) from exc


@app.get("/api/search", response_model=list[Hit])
async def api_search(
    q: Annotated[str, Query(min_length=1, max_length=200)], k: TopK = 5
) -> list[Hit]:
    """The ``k`` products nearest the query text, best first, with their similarity."""
    return await search_or_422(q, k)


@app.get("/api/products/{product_id}", response_model=Product)
async def api_product(product_id: str) -> Product:
    """One product (404 when missing)."""
    return await get_product(product_id)


@app.get("/api/products/{product_id}/similar", response_model=list[Hit])
async def api_similar(product_id: str, k: TopK = 5) -> list[Hit]:
    """The ``k`` products nearest this one (404 when missing)."""
    return await queries.similar(await get_product(product_id), k)


@app.get("/", response_class=HTMLResponse)
async def search_page(
    request: Request, q: Annotated[str, Query(max_length=200)] = "", k: TopK = 8
) -> HTMLResponse:
    """The search box and, for a query, the nearest products with score bars."""
    hits, error = [], None
    if q.strip():
        try:
            hits = await queries.search(q, k)
        except EmptyTextError as exc:
            error = str(exc)
    code = 422 if error else status.HTTP_200_OK
    return pages.render(
        request, "search.html", code, title="Search", q=q, k=k, hits=hits, error=error
    )


@app.get("/products/{product_id}", response_class=HTMLResponse)
async def product_page(request: Request, product_id: str, k: TopK = 6) -> HTMLResponse:
    """A product and the products most similar to it."""
    product = await get_product(product_id)
    hits = await queries.similar(product, k)
    return pages.render(request, "product.html", title=product.name, product=product, hits=hits)
