"""The Flask app: a mixed feed, a page per kind, a form that creates any kind, JSON.

Run it with ``python -m cms`` (http://127.0.0.1:5004).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from uuid import UUID, uuid4

from demo_support import connect
from demo_support.flask_app import demo_flask_app, render
from flask import Flask, abort, jsonify, redirect, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from cms import DEMO_DIR, KEYSPACE
from cms.models import KINDS, MODELS, Content

FIELDS = {
    "article": {"body": str, "reading_minutes": int},
    "video": {"url": str, "duration_seconds": int},
    "podcast": {"audio_url": str, "episode": int, "guests": list},
}


def newest_first(items: list[Content]) -> list[Content]:
    """Sort for display (a full-table read has no global order)."""
    return sorted(items, key=lambda c: c.published_at, reverse=True)


def content_values(kind: str, form: Any) -> dict[str, Any]:
    """The columns of ``kind`` read from a form (empty fields keep the model's defaults)."""
    values: dict[str, Any] = {
        "title": form.get("title", "").strip(),
        "author": form.get("author", "").strip(),
        "tags": {t.strip() for t in form.get("tags", "").split(",") if t.strip()},
    }
    for name, kind_of in FIELDS[kind].items():
        raw = str(form.get(name, "")).strip()
        if raw:
            values[name] = [g.strip() for g in raw.split(",")] if kind_of is list else raw
    return values


def create_app() -> Flask:
    """Connect and build the app."""
    database = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR).describe()
    app = demo_flask_app(
        __name__, DEMO_DIR / "cms" / "templates", brand="coodie cms", database=database
    )

    @app.get("/")
    def index() -> tuple[str, int]:
        items = newest_first(Content.find().all())  # each row comes back as its own class
        return render("feed.html", title="Everything", items=items, kind="", kinds=KINDS)

    @app.get("/kind/<kind>")
    def by_kind(kind: str) -> tuple[str, int]:
        model = KINDS.get(kind)
        if model is None:
            abort(404, f"no kind {kind!r}")
        items = newest_first(model.find().all())  # WHERE kind = ? (the index)
        return render(
            "feed.html",
            title=kind,
            items=items,
            kind=kind,
            kinds=KINDS,
            cql=model.find().compile().cql,
        )

    @app.get("/content/<uuid:content_id>")
    def show(content_id: UUID) -> tuple[str, int]:
        item = Content.find_one(id=content_id)
        if item is None:
            abort(404, f"no content {content_id}")
        return render("item.html", title=item.title, item=item)

    @app.post("/content")
    def create() -> Response:
        kind = request.form.get("kind", "")
        model = KINDS.get(kind)
        if model is None:
            abort(400, f"kind must be one of {', '.join(KINDS)}")
        try:
            item = model(
                id=uuid4(),
                published_at=datetime.now(timezone.utc),
                **content_values(kind, request.form),
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            abort(400, f"invalid {kind}: {first['loc'][0]}: {first['msg']}")
        item.save()
        return redirect(f"/content/{item.id}", 303)

    @app.get("/api/content")
    def api_content() -> Response:
        items = newest_first(Content.find().all())
        return jsonify([{**c.model_dump(mode="json"), "tags": sorted(c.tags)} for c in items])

    return app
