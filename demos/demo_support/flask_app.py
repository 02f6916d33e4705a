"""A Flask app with the demos' layout: shared templates, HTML or JSON errors, ``render``.

>>> from pathlib import Path
>>> app = demo_flask_app("x", Path("."), brand="demo", database="embedded")
>>> app.config["DEMO_BRAND"]
'demo'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from demo_support.web import jinja_loader


def render(name: str, code: int = 200, **context: Any) -> tuple[str, int]:
    """Render one of the app's templates with the shared layout's variables."""
    context.setdefault("brand", current_app.config["DEMO_BRAND"])
    context.setdefault("database", current_app.config["DEMO_DATABASE"])
    return render_template(name, **context), code


def demo_flask_app(import_name: str, templates: Path, *, brand: str, database: str) -> Flask:
    """A Flask app whose errors are JSON under ``/api/`` and a styled page elsewhere."""
    app = Flask(import_name)
    app.jinja_loader = jinja_loader(templates)
    app.config.update(DEMO_BRAND=brand, DEMO_DATABASE=database)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if request.path.startswith("/api/"):
            return jsonify(error=exc.description), exc.code
        return render("error.html", exc.code or 500, title=exc.name, error=exc)

    return app
