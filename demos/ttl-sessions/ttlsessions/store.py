"""The session store: open, read with the remaining TTL, extend, close."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from coodie.functions import ttl
from ttlsessions import DEFAULT_TTL
from ttlsessions.models import Session


@dataclass(frozen=True)
class LiveSession:
    """A session and the seconds it has left (``TTL(username)``)."""

    session: Session
    seconds_left: int

    @property
    def share(self) -> float:
        """How much of the default lifetime is left, for a progress bar (0..1, capped)."""
        return max(0.0, min(1.0, self.seconds_left / DEFAULT_TTL))


def open_session(username: str, *, ttl_seconds: int | None = None, user_agent: str = "") -> Session:
    """Save a new session: ``USING TTL ?`` when ``ttl_seconds`` is given, else the table default."""
    session = Session(
        token=secrets.token_urlsafe(16),
        username=username,
        created_at=datetime.now(timezone.utc),
        user_agent=user_agent,
    )
    session.save(ttl=ttl_seconds)
    return session


def live_sessions() -> list[LiveSession]:
    """Every session still alive, with its remaining TTL, soonest to expire first."""
    rows = Session.find().values_list("token", ttl(Session.username)).all()
    left = {token: seconds for token, seconds in rows}
    sessions = Session.find(token__in=list(left)).all() if left else []
    live = [LiveSession(s, left[s.token] or 0) for s in sessions]
    return sorted(live, key=lambda s: s.seconds_left)


def find_session(token: str) -> LiveSession | None:
    """One session with its remaining TTL, or ``None`` once it has expired."""
    row = Session.find(token=token).values_list(ttl(Session.username)).first()
    session = Session.find_one(token=token)
    if row is None or session is None:
        return None
    return LiveSession(session, row[0] or 0)


def extend_session(session: Session, ttl_seconds: int) -> None:
    """Write the whole row again with a new TTL (a TTL belongs to the cells a write writes)."""
    Session(**session.model_dump()).save(ttl=ttl_seconds)
