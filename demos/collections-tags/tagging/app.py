"""The Flask app: articles and forms that apply each collection operator, showing its CQL.

Run it with ``python -m tagging`` (http://127.0.0.1:5002).
"""

from __future__ import annotations

from uuid import UUID

from demo_support import connect
from demo_support.flask_app import demo_flask_app, render
from flask import Flask, abort, jsonify, redirect, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from coodie.exceptions import DriverError
from tagging import DEMO_DIR, KEYSPACE, operations
from tagging.models import MODELS, Article, ArticleByAuthors


def get_article(article_id: UUID) -> Article:
    """The article or 404."""
    article = Article.find_one(id=article_id)
    if article is None:
        abort(404, f"no article {article_id}")
    return article


def create_app() -> Flask:
    """Connect to the demo's database and build the app."""
    database = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR).describe()
    app = demo_flask_app(
        __name__, DEMO_DIR / "tagging" / "templates", brand="collections & tags", database=database
    )

    @app.get("/")
    def index() -> tuple[str, int]:
        tag = request.args.get("tag", "").strip()
        query = Article.find(tags__contains=tag) if tag else Article.find()
        articles = sorted(query.limit(200), key=lambda a: a.title)
        cloud: dict[str, int] = {}
        for a in Article.find().only("tags"):
            for t in a.tags or ():
                cloud[t] = cloud.get(t, 0) + 1
        return render("index.html", title="Articles", articles=articles, tag=tag, cloud=cloud)

    @app.post("/articles")
    def create() -> Response:
        form = request.form
        try:
            article = operations.create(
                form.get("title", "").strip(),
                set(operations.words(form.get("tags", ""))),
                operations.words(form.get("authors", "")),
                operations.pairs(form.get("meta", "")),
            )
        except (ValidationError, ValueError) as exc:
            abort(400, f"invalid article: {exc}")
        return redirect(f"/articles/{article.id}", 303)

    def detail(
        article: Article, code: int = 200, cql: str = "", error: str = ""
    ) -> tuple[str, int]:
        return render(
            "article.html",
            code,
            title=article.title,
            article=article,
            operations=operations.OPERATIONS,
            cql=cql,
            error=error,
        )

    @app.get("/articles/<uuid:article_id>")
    def show(article_id: UUID) -> tuple[str, int]:
        return detail(get_article(article_id))

    @app.post("/articles/<uuid:article_id>/apply")
    def apply(article_id: UUID) -> tuple[str, int]:
        article = get_article(article_id)
        operation = request.form.get("operation", "")
        if operation not in operations.OPERATIONS:
            abort(400, f"unknown operation {operation!r}")
        try:
            cql = operations.apply(article, operation, request.form.get("value", ""))
        except (ValueError, DriverError) as exc:  # e.g. a list index out of range
            return detail(get_article(article_id), 400, error=str(exc))
        return detail(get_article(article_id), cql=cql)

    @app.get("/by-authors")
    def by_authors() -> tuple[str, int]:
        authors = operations.words(request.args.get("authors", ""))
        if not authors:
            abort(400, "give ?authors=a,b")
        rows = ArticleByAuthors.find(authors=authors).all()
        return render("by_authors.html", title="By authors", authors=authors, rows=rows)

    @app.get("/api/articles/<uuid:article_id>")
    def api_article(article_id: UUID) -> Response:
        article = get_article(article_id)
        data = article.model_dump(mode="json")
        data["tags"] = sorted(article.tags)
        return jsonify(data)

    return app
