"""The Flask application (``create_app``): pages, forms and a small JSON API.

Run it with ``python -m blog`` (http://127.0.0.1:5000).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from uuid import UUID, uuid1, uuid4

from demo_support import connect
from demo_support.flask_app import demo_flask_app, render
from flask import Flask, abort, jsonify, redirect, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from blog import DEMO_DIR, KEYSPACE
from blog.models import MODELS, Comment, Post, PostViews


def parse_tags(text: str) -> set[str]:
    """``"a, b ,,c"`` -> ``{"a", "b", "c"}``."""
    return {t.strip().lower() for t in text.split(",") if t.strip()}


def views_of(post_ids: list[UUID]) -> dict[UUID, int]:
    """The view counters of some posts (a missing counter reads as 0)."""
    if not post_ids:
        return {}
    return {v.post_id: v.views for v in PostViews.find(post_id__in=post_ids)}


def get_post(post_id: UUID) -> Post:
    """The post or 404."""
    post = Post.find_one(id=post_id)
    if post is None:
        abort(404, f"no post {post_id}")
    return post


def create_post(values: dict[str, Any]) -> Post:
    """Validate (pydantic) and save a new post; raises ``ValidationError``."""
    post = Post(id=uuid4(), created_at=datetime.now(timezone.utc), **values)
    post.save()
    return post


def post_json(post: Post, views: int) -> dict[str, Any]:
    """A post as JSON (tags sorted)."""
    data = post.model_dump(mode="json")
    data.update(tags=sorted(post.tags), views=views)
    return data


def create_app() -> Flask:
    """Connect to the demo's database and build the app."""
    database = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR).describe()
    app = demo_flask_app(
        __name__, DEMO_DIR / "blog" / "templates", brand="coodie blog", database=database
    )
    page = render

    @app.get("/")
    def index() -> tuple[str, int]:
        tag = request.args.get("tag", "").strip().lower()
        query = Post.find(tags__contains=tag) if tag else Post.find()
        posts = sorted(query.limit(200), key=lambda p: p.created_at, reverse=True)
        all_tags = sorted({t for p in Post.find().only("tags") for t in p.tags or ()})
        return page(
            "index.html",
            title="Blog",
            posts=posts,
            tag=tag,
            all_tags=all_tags,
            views=views_of([p.id for p in posts]),
        )

    @app.get("/posts/<uuid:post_id>")
    def show(post_id: UUID) -> tuple[str, int]:
        post = get_post(post_id)
        PostViews(post_id=post_id).increment(views=1)
        comments = Comment.find(post_id=post_id).limit(50).all()
        return page(
            "post.html",
            title=post.title,
            post=post,
            comments=comments,
            views=views_of([post_id]).get(post_id, 0),
            error=request.args.get("error", ""),
        )

    @app.get("/new")
    def new() -> tuple[str, int]:
        return page("new.html", title="New post", error="", form={})

    @app.post("/posts")
    def create() -> Response | tuple[str, int]:
        form = request.form
        try:
            post = create_post(
                {
                    "title": form.get("title", "").strip(),
                    "author": form.get("author", "").strip(),
                    "body": form.get("body", ""),
                    "tags": parse_tags(form.get("tags", "")),
                }
            )
        except ValidationError as exc:
            message = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            return page("new.html", 400, title="New post", error=message, form=form)
        return redirect(f"/posts/{post.id}", 303)

    @app.post("/posts/<uuid:post_id>/comments")
    def comment(post_id: UUID) -> Response:
        get_post(post_id)
        try:
            Comment(
                post_id=post_id,
                created_at=datetime.now(timezone.utc),
                id=uuid1(),
                author=request.form.get("author", "").strip(),
                text=request.form.get("text", "").strip(),
            ).save()
        except ValidationError:
            abort(400, "a comment needs an author and a text")
        return redirect(f"/posts/{post_id}", 303)

    @app.post("/posts/<uuid:post_id>/tags")
    def tags(post_id: UUID) -> Response:
        post = get_post(post_id)
        added = parse_tags(request.form.get("add", ""))
        removed = parse_tags(request.form.get("remove", ""))
        if not added and not removed:
            abort(400, "give tags to add or remove")
        if added:
            post.update(tags__add=added)  # UPDATE ... SET tags = tags + ?
        if removed:
            post.update(tags__remove=removed)  # UPDATE ... SET tags = tags - ?
        return redirect(f"/posts/{post_id}", 303)

    @app.get("/api/posts")
    def api_posts() -> Response:
        posts = Post.find().limit(200).all()
        views = views_of([p.id for p in posts])
        return jsonify([post_json(p, views.get(p.id, 0)) for p in posts])

    @app.get("/api/posts/<uuid:post_id>")
    def api_post(post_id: UUID) -> Response:
        post = get_post(post_id)
        return jsonify(post_json(post, views_of([post_id]).get(post_id, 0)))

    @app.post("/api/posts")
    def api_create() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return jsonify(error="expected a JSON object"), 400
        try:
            post = create_post(
                {k: body[k] for k in ("title", "author", "body", "tags") if k in body}
            )
        except ValidationError as exc:
            return jsonify(error="invalid post", details=exc.errors(include_url=False)), 400
        return jsonify(post_json(post, 0)), 201

    return app
