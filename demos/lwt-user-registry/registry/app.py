"""The FastAPI app: register, edit a profile, change email — each outcome shown with its CQL.

Run it with ``python -m registry`` (http://127.0.0.1:8002).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from demo_support import connect_async, disconnect_async
from demo_support.fastapi_app import Pages
from fastapi import FastAPI, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, ValidationError

from registry import DEMO_DIR, KEYSPACE, service
from registry.models import MODELS, User, Username

pages = Pages(DEMO_DIR / "registry" / "templates")
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Connect on startup, close on shutdown."""
    app.state.brand = "lwt user registry"
    app.state.database = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    yield
    await disconnect_async()


app = FastAPI(title="coodie LWT user registry", lifespan=lifespan)


class Registration(BaseModel):
    """A sign-up."""

    username: Username
    email: str = Field(pattern=EMAIL, max_length=120)
    display_name: str = Field(default="", max_length=60)


class ProfileChange(BaseModel):
    """A profile edit made from ``version``."""

    version: int
    display_name: str | None = Field(default=None, max_length=60)
    bio: str | None = Field(default=None, max_length=500)


class EmailChange(BaseModel):
    """A new email address."""

    email: str = Field(pattern=EMAIL, max_length=120)


def conflict(outcome: service.Outcome) -> HTTPException:
    """409 with the message, the conflicting field and the statements that ran."""
    detail = {"message": outcome.message, **(outcome.conflict or {}), "steps": outcome.steps}
    return HTTPException(status.HTTP_409_CONFLICT, detail)


async def get_user(username: str) -> User:
    """The user or 404."""
    user = await User.find_one(username=username)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {username}")
    return user


@app.post("/api/users", response_model=User, status_code=status.HTTP_201_CREATED)
async def api_register(body: Registration) -> User:
    """Register; 409 when the username or the email is taken."""
    outcome = await service.register(body.username, body.email, body.display_name)
    if not outcome.applied or outcome.user is None:
        raise conflict(outcome)
    return outcome.user


@app.get("/api/users/{username}", response_model=User)
async def api_user(username: str) -> User:
    """One user (404 when missing)."""
    return await get_user(username)


@app.patch("/api/users/{username}", response_model=User)
async def api_change_profile(username: str, body: ProfileChange) -> User:
    """Optimistic update; 409 with ``current_version`` when stale."""
    user = await get_user(username)
    values = body.model_dump(exclude={"version"}, exclude_none=True)
    outcome = await service.change_profile(user, body.version, **values)
    if not outcome.applied or outcome.user is None:
        raise conflict(outcome)
    return outcome.user


@app.put("/api/users/{username}/email", response_model=User)
async def api_change_email(username: str, body: EmailChange) -> User:
    """Move to a new email; 409 when another user has it."""
    outcome = await service.change_email(await get_user(username), body.email)
    if not outcome.applied or outcome.user is None:
        raise conflict(outcome)
    return outcome.user


@app.delete("/api/users/{username}", status_code=status.HTTP_204_NO_CONTENT)
async def api_remove(username: str) -> None:
    """Delete a user and free its email."""
    outcome = await service.remove(await get_user(username))
    if not outcome.applied:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user {username}")


@app.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    """The registration form and the users."""
    return await page(request, None)


async def page(request: Request, outcome: service.Outcome | None, code: int = 200) -> HTMLResponse:
    users = sorted(await User.find().all(), key=lambda u: u.created_at, reverse=True)
    return pages.render(request, "index.html", code, title="Registry", users=users, outcome=outcome)


@app.post("/register", response_class=HTMLResponse)
async def register_form(
    request: Request,
    username: Annotated[str, Form()],
    email: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The form: the page again with the outcome (201, 409 or 422)."""
    try:
        body = Registration(username=username, email=email, display_name=display_name)
    except ValidationError as exc:
        errors = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return await page(request, service.Outcome(False, errors), 422)
    outcome = await service.register(body.username, body.email, body.display_name)
    return await page(request, outcome, 201 if outcome.applied else 409)


@app.exception_handler(HTTPException)
async def http_error(request: Request, exc: HTTPException) -> Any:
    """JSON errors for the API (the default shape: ``{"detail": ...}``)."""
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
