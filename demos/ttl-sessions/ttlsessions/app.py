"""The Flask app: log in (a session row with a TTL), watch sessions count down, extend, log out.

Run it with ``python -m ttlsessions`` (http://127.0.0.1:5001).
"""

from __future__ import annotations

from demo_support import connect
from demo_support.flask_app import demo_flask_app, render
from flask import Flask, abort, jsonify, redirect, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from ttlsessions import DEFAULT_TTL, DEMO_DIR, KEYSPACE, REMEMBER_TTL
from ttlsessions.models import MODELS
from ttlsessions.store import extend_session, find_session, live_sessions, open_session

COOKIE = "session_token"


def ttl_from_form(choice: str) -> int | None:
    """``default`` -> the table default (None), ``remember`` -> 30 days, digits -> seconds."""
    if choice in ("", "default"):
        return None
    if choice == "remember":
        return REMEMBER_TTL
    if choice.isdigit() and 0 < int(choice) <= REMEMBER_TTL:
        return int(choice)
    abort(400, f"invalid lifetime {choice!r}: 'default', 'remember' or 1..{REMEMBER_TTL} seconds")


def create_app() -> Flask:
    """Connect to the demo's database and build the app."""
    database = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR).describe()
    app = demo_flask_app(
        __name__, DEMO_DIR / "ttlsessions" / "templates", brand="ttl sessions", database=database
    )

    @app.get("/")
    def index() -> tuple[str, int]:
        token = request.cookies.get(COOKIE, "")
        return render(
            "index.html",
            title="Sessions",
            sessions=live_sessions(),
            current=find_session(token) if token else None,
            default_ttl=DEFAULT_TTL,
        )

    @app.post("/login")
    def login() -> Response:
        lifetime = ttl_from_form(request.form.get("lifetime", "default"))
        try:
            session = open_session(
                request.form.get("username", "").strip(),
                ttl_seconds=lifetime,
                user_agent=request.headers.get("User-Agent", "")[:200],
            )
        except ValidationError:
            abort(400, "a username (1 to 40 characters) is required")
        response = redirect("/", 303)
        response.set_cookie(COOKIE, session.token, max_age=lifetime or DEFAULT_TTL, httponly=True)
        return response

    @app.post("/sessions/<token>/extend")
    def extend(token: str) -> Response:
        live = find_session(token)
        if live is None:
            abort(404, "this session has expired or never existed")
        extend_session(live.session, ttl_from_form(request.form.get("lifetime", "")) or DEFAULT_TTL)
        return redirect("/", 303)

    @app.post("/sessions/<token>/logout")
    def logout(token: str) -> Response:
        live = find_session(token)
        if live is None:
            abort(404, "this session has expired or never existed")
        live.session.delete()
        response = redirect("/", 303)
        response.delete_cookie(COOKIE)
        return response

    @app.get("/api/me")
    def me() -> tuple[Response, int]:
        live = find_session(request.cookies.get(COOKIE, ""))
        if live is None:
            return jsonify(error="not logged in, or the session expired"), 401
        return jsonify(username=live.session.username, seconds_left=live.seconds_left), 200

    @app.get("/api/sessions")
    def api_sessions() -> Response:
        return jsonify(
            [
                {"token": s.session.token, "username": s.session.username, "ttl": s.seconds_left}
                for s in live_sessions()
            ]
        )

    return app
