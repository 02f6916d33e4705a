"""MkDocs hook: tidy the reStructuredText left in coodie's docstrings after rendering.

coodie's docstrings use Sphinx roles (``:class:`~coodie.executor.results.LWTResult```) and
literal-block markers (``Example::``); Markdown renders them as
``:class:<code>~coodie.executor.results.LWTResult</code>`` and ``Example::``. This hook shows
the role target as plain code (``~`` keeps only the last dotted part, as in Sphinx)
and turns a trailing ``::`` into ``:``.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data|obj):<code>(~?)([\w.]+)</code>")
_LITERAL_MARKER = re.compile(r"::</p>")


def _role(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    return f"<code>{target.rsplit('.', 1)[-1] if tilde else target}</code>"


def on_page_content(html: str, **_: Any) -> str:
    """Rewrite Sphinx roles and ``::`` literal markers in the rendered page."""
    return _LITERAL_MARKER.sub(":</p>", _ROLE.sub(_role, html))
