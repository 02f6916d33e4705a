"""The demos' shared page layout (``templates/base.html``) and CSS (``templates/demo.css``).

Each web demo renders its own templates, which extend ``base.html``::

    {% extends "base.html" %}
    {% block content %}<h1>Hello</h1>{% endblock %}

>>> env = jinja_environment(SHARED_TEMPLATES)
>>> "<style>" in env.get_template("base.html").render(title="t", database="embedded")
True
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

SHARED_TEMPLATES = Path(__file__).resolve().parent / "templates"


def template_dirs(demo_templates: Path) -> list[str]:
    """The demo's own templates first, then the shared ones (for Django's ``DIRS``)."""
    return [str(demo_templates), str(SHARED_TEMPLATES)]


def jinja_loader(demo_templates: Path) -> ChoiceLoader:
    """A loader for Flask (``app.jinja_loader``) or a custom environment."""
    return ChoiceLoader([FileSystemLoader(d) for d in template_dirs(demo_templates)])


def jinja_environment(demo_templates: Path) -> Environment:
    """An autoescaping environment (FastAPI: ``Jinja2Templates(env=...)``)."""
    return Environment(loader=jinja_loader(demo_templates), autoescape=select_autoescape())
