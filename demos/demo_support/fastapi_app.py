"""Pages for the FastAPI demos: the shared layout through ``Jinja2Templates``.

The app sets ``app.state.brand`` and ``app.state.database`` (a ``DatabaseConfig``) in its
lifespan; ``Pages.render`` fills the layout's variables from them::

    pages = Pages(DEMO_DIR / "catalog" / "templates")
    return pages.render(request, "index.html", title="Catalog", products=...)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from demo_support.web import jinja_environment


class Pages:
    """The demo's templates (first) and the shared ones."""

    def __init__(self, templates: Path) -> None:
        self.templates = Jinja2Templates(env=jinja_environment(templates))

    def render(self, request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        """A rendered page with status ``code``."""
        state = request.app.state
        context.setdefault("brand", getattr(state, "brand", "coodie"))
        context.setdefault("database", state.database.describe())
        return self.templates.TemplateResponse(request, name, context, status_code=code)
