"""The FastAPI application: JSON API + HTML pages over ``coodie.aio``.

Run it with ``python -m catalog`` (uvicorn on http://127.0.0.1:8000).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Annotated
from uuid import UUID, uuid1, uuid4

from demo_support import connect_async, disconnect_async
from demo_support.fastapi_app import Pages
from fastapi import FastAPI, Form, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field, ValidationError

from catalog import DEMO_DIR, KEYSPACE
from catalog.models import MODELS, Category, Product, Review
from coodie.exceptions import DriverError

pages = Pages(DEMO_DIR / "catalog" / "templates")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Connect (and create the schema) on startup, close on shutdown."""
    app.state.brand = "coodie catalog"
    app.state.database = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    yield
    await disconnect_async()


app = FastAPI(title="coodie catalog", lifespan=lifespan)


class ProductIn(BaseModel):
    """A new product (the server picks the id)."""

    name: str = Field(min_length=1, max_length=120)
    brand: str = Field(min_length=1)
    category: str = Field(min_length=1)
    price: float = Field(ge=0)
    stock: int = Field(default=0, ge=0)
    tags: set[str] = set()


class ProductChange(BaseModel):
    """An optimistic update: applied only if the stored ``version`` is still ``version``."""

    version: int
    price: float | None = Field(default=None, ge=0)
    stock: int | None = Field(default=None, ge=0)
    name: str | None = Field(default=None, min_length=1, max_length=120)


class ReviewIn(BaseModel):
    """A new review."""

    author: str = Field(min_length=1, max_length=60)
    stars: int = Field(ge=1, le=5)
    text: str = ""


class ProductPage(BaseModel):
    """One page of products and the token of the next one (``None`` on the last page)."""

    items: list[Product]
    next_page: str | None


def encode_token(state: bytes | None) -> str | None:
    """A driver paging state as a URL-safe token."""
    return None if state is None else base64.urlsafe_b64encode(state).decode()


def decode_token(token: str | None) -> bytes | None:
    """The paging state of a token; 400 when it is not one."""
    if not token:
        return None
    try:
        return base64.b64decode(token.encode(), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid page token") from exc


async def product_page(brand: str | None, category: str | None, size: int, token: str | None):
    """A page of products, filtered by brand or category through their secondary indexes."""
    query = Product.find()
    if brand:
        query = query.filter(brand=brand)
    if category:
        query = query.filter(category=category)
    if brand and category:
        query = query.allow_filtering()
    try:
        page = await query.fetch_size(size).page(decode_token(token)).paged_all()
    except DriverError as exc:  # a state from another query, or garbage the server refused
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"invalid page token: {exc}") from exc
    return ProductPage(items=list(page), next_page=encode_token(page.paging_state))


async def get_product(product_id: UUID) -> Product:
    """The product or 404."""
    product = await Product.find_one(id=product_id)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no product {product_id}")
    return product


async def add_review(product_id: UUID, review: ReviewIn) -> Review:
    """Store a review of an existing product."""
    await get_product(product_id)
    stored = Review(
        product_id=product_id,
        created_at=datetime.now(timezone.utc),
        id=uuid1(),
        **review.model_dump(),
    )
    await stored.save()
    return stored


# ---- JSON API ----------------------------------------------------------------------------


@app.get("/api/categories", response_model=list[Category])
async def api_categories() -> list[Category]:
    """Every category."""
    return await Category.find().all()


@app.get("/api/products", response_model=ProductPage)
async def api_products(
    brand: str | None = None,
    category: str | None = None,
    size: Annotated[int, Query(ge=1, le=100)] = 12,
    page: str | None = None,
) -> ProductPage:
    """A page of products; pass ``next_page`` back as ``page`` for the next one."""
    return await product_page(brand, category, size, page)


@app.post("/api/products", response_model=Product, status_code=status.HTTP_201_CREATED)
async def api_create_product(body: ProductIn) -> Product:
    """Create a product (INSERT ... IF NOT EXISTS: a new id never overwrites a row)."""
    product = Product(id=uuid4(), **body.model_dump())
    result = await product.insert()
    if not result.applied:
        raise HTTPException(status.HTTP_409_CONFLICT, "a product with this id exists")
    return product


@app.get("/api/products/{product_id}", response_model=Product)
async def api_product(product_id: UUID) -> Product:
    """One product (404 when missing)."""
    return await get_product(product_id)


@app.patch("/api/products/{product_id}", response_model=Product)
async def api_change_product(product_id: UUID, change: ProductChange) -> Product:
    """Optimistic update: ``UPDATE ... IF version = ?``; 409 with the current version if stale."""
    product = await get_product(product_id)
    values = change.model_dump(exclude={"version"}, exclude_none=True)
    result = await product.update(
        **values, version=change.version + 1, if_conditions={"version": change.version}
    )
    if not result.applied:
        current = (result.existing or {}).get("version")
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            {"message": "the product changed since you read it", "current_version": current},
        )
    return await get_product(product_id)


@app.get("/api/products/{product_id}/reviews", response_model=list[Review])
async def api_reviews(
    product_id: UUID, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[Review]:
    """The newest reviews first (the clustering order of the table)."""
    await get_product(product_id)
    return await Review.find(product_id=product_id).limit(limit).all()


@app.post(
    "/api/products/{product_id}/reviews",
    response_model=Review,
    status_code=status.HTTP_201_CREATED,
)
async def api_add_review(product_id: UUID, review: ReviewIn) -> Review:
    """Add a review (404 for a missing product, 422 for stars outside 1..5)."""
    return await add_review(product_id, review)


# ---- pages -------------------------------------------------------------------------------


render = pages.render


@app.get("/", response_class=HTMLResponse)
async def index(
    request: Request,
    brand: str | None = None,
    category: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    """The product grid: filter by brand or category, "next page" link."""
    products = await product_page(brand, category, 12, page)
    categories = await Category.find().all()
    return render(
        request,
        "index.html",
        title="Catalog",
        page=products,
        categories=sorted(categories, key=lambda c: c.name),
        brand_filter=brand or "",
        category_filter=category or "",
    )


@app.get("/products/{product_id}", response_class=HTMLResponse)
async def product_detail(request: Request, product_id: UUID, error: str = "") -> HTMLResponse:
    """A product with its newest reviews and a review form."""
    product = await get_product(product_id)
    reviews = await Review.find(product_id=product_id).limit(20).all()
    average = sum(r.stars for r in reviews) / len(reviews) if reviews else None
    return render(
        request,
        "product.html",
        title=product.name,
        product=product,
        reviews=reviews,
        average=average,
        error=error,
    )


@app.post("/products/{product_id}/reviews", response_class=HTMLResponse, response_model=None)
async def product_review_form(
    request: Request,
    product_id: UUID,
    author: Annotated[str, Form()],
    stars: Annotated[int, Form()],
    text: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """The review form: redirect back to the product, or the page again with a 422."""
    try:
        review = ReviewIn(author=author, stars=stars, text=text)
    except ValidationError as exc:
        product = await get_product(product_id)
        reviews = await Review.find(product_id=product_id).limit(20).all()
        message = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return render(
            request,
            "product.html",
            code=422,
            title=product.name,
            product=product,
            reviews=reviews,
            average=None,
            error=message,
        )
    await add_review(product_id, review)
    return RedirectResponse(f"/products/{product_id}", status.HTTP_303_SEE_OTHER)
