"""The Flask app: browse by category (reads the view), add, move and delete (writes the table).

Run it with ``python -m mvcatalog`` (http://127.0.0.1:5003).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from demo_support import connect
from demo_support.flask_app import demo_flask_app, render
from flask import Flask, abort, jsonify, redirect, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from mvcatalog import CATEGORIES, DEMO_DIR, KEYSPACE
from mvcatalog.models import MODELS, Product, ProductByCategory


def get_product(product_id: UUID) -> Product:
    """The product or 404."""
    product = Product.find_one(id=product_id)
    if product is None:
        abort(404, f"no product {product_id}")
    return product


def in_category(category: str) -> list[ProductByCategory]:
    """One partition of the view: ``SELECT ... FROM product_by_category WHERE category = ?``."""
    return sorted(ProductByCategory.find(category=category).all(), key=lambda p: p.price or 0)


def create_app() -> Flask:
    """Connect (creating the table and the view) and build the app."""
    database = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR).describe()
    app = demo_flask_app(
        __name__,
        DEMO_DIR / "mvcatalog" / "templates",
        brand="materialized views",
        database=database,
    )

    @app.get("/")
    def index() -> tuple[str, int]:
        counts = {c: ProductByCategory.find(category=c).count() for c in CATEGORIES}
        return render("index.html", title="Categories", counts=counts, categories=CATEGORIES)

    @app.get("/category/<category>")
    def category(category: str) -> tuple[str, int]:
        if category not in CATEGORIES:
            abort(404, f"no category {category!r}")
        cql = ProductByCategory.find(category=category).compile().cql
        return render(
            "category.html",
            title=category,
            category=category,
            categories=CATEGORIES,
            products=in_category(category),
            cql=cql,
        )

    @app.post("/products")
    def create() -> Response:
        form = request.form
        if form.get("category") not in CATEGORIES:
            abort(400, f"category must be one of {', '.join(CATEGORIES)}")
        try:
            product = Product(
                id=uuid4(),
                category=form["category"],
                name=form.get("name", "").strip(),
                price=form.get("price", ""),
            )
        except ValidationError as exc:
            abort(400, f"invalid product: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}")
        product.save()
        return redirect(f"/category/{product.category}", 303)

    @app.post("/products/<uuid:product_id>/move")
    def move(product_id: UUID) -> Response:
        product = get_product(product_id)
        target = request.form.get("category", "")
        if target not in CATEGORIES:
            abort(400, f"category must be one of {', '.join(CATEGORIES)}")
        product.update(category=target)  # the base table only; the view follows
        return redirect(f"/category/{target}", 303)

    @app.post("/products/<uuid:product_id>/delete")
    def delete(product_id: UUID) -> Response:
        product = get_product(product_id)
        product.delete()
        return redirect(f"/category/{product.category}", 303)

    @app.get("/api/categories/<category>")
    def api_category(category: str) -> Any:
        if category not in CATEGORIES:
            abort(404, f"no category {category!r}")
        return jsonify([p.model_dump(mode="json") for p in in_category(category)])

    return app
