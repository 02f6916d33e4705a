"""Registration and profile changes, each step a lightweight transaction.

Every function returns an :class:`Outcome`: what was tried, the CQL, whether the server applied
it, and the row that won when it did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from registry.models import EmailClaim, User


@dataclass
class Outcome:
    """The result of one registry operation."""

    applied: bool
    message: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    user: User | None = None
    conflict: dict[str, Any] | None = None

    def step(self, cql: str, applied: bool, existing: Any = None) -> bool:
        """Record one conditional statement and its answer; returns ``applied``."""
        if hasattr(existing, "model_dump"):
            existing = existing.model_dump(mode="json")
        self.steps.append({"cql": cql, "applied": applied, "existing": existing})
        return applied


async def register(username: str, email: str, display_name: str = "") -> Outcome:
    """Claim the email, then the username; release the email if the username was taken."""
    email = email.strip().lower()
    outcome = Outcome(False, "")
    claim = EmailClaim(email=email, username=username)
    result = await claim.insert()
    if not outcome.step(claim.insert_statement().cql, result.applied, result.existing):
        owner = result.existing.username if result.existing else "?"
        outcome.message = f"the email {email} is already used by {owner}"
        outcome.conflict = {"field": "email", "owner": owner}
        return outcome
    user = User(
        username=username,
        email=email,
        display_name=display_name,
        created_at=datetime.now(timezone.utc).replace(microsecond=0),
    )
    result = await user.insert()
    if not outcome.step(user.insert_statement().cql, result.applied, result.existing):
        released = await claim.delete(if_conditions={"username": username})
        outcome.step("DELETE ... IF username = ?", released.applied, released.existing)
        outcome.message = f"the username {username} is taken"
        outcome.conflict = {"field": "username", "owner": username}
        return outcome
    outcome.applied, outcome.user = True, user
    outcome.message = f"welcome, {username}!"
    return outcome


async def change_profile(user: User, version: int, **values: Any) -> Outcome:
    """``UPDATE ... SET ..., version = ? IF version = ?``: stale versions lose."""
    outcome = Outcome(False, "")
    result = await user.update(**values, version=version + 1, if_conditions={"version": version})
    current = (result.existing or {}).get("version")
    if not outcome.step("UPDATE ... IF version = ?", result.applied, result.existing):
        outcome.message = f"someone changed this profile first (now version {current})"
        outcome.conflict = {"field": "version", "current_version": current}
        return outcome
    outcome.applied, outcome.message = True, "profile saved"
    outcome.user = await User.get(username=user.username)
    return outcome


async def change_email(user: User, new_email: str) -> Outcome:
    """Claim the new email, move the user's email if it is still the old one, free the old."""
    new_email, old_email = new_email.strip().lower(), user.email
    outcome = Outcome(False, "")
    claim = EmailClaim(email=new_email, username=user.username)
    result = await claim.insert()
    if not outcome.step(claim.insert_statement().cql, result.applied, result.existing):
        owner = result.existing.username if result.existing else "?"
        outcome.message = f"the email {new_email} is already used by {owner}"
        outcome.conflict = {"field": "email", "owner": owner}
        return outcome
    moved = await user.update(email=new_email, if_conditions={"email": old_email})
    outcome.step("UPDATE users SET email = ? IF email = ?", moved.applied, moved.existing)
    if not moved.applied:
        await claim.delete(if_conditions={"username": user.username})
        outcome.message = "the email changed meanwhile"
        return outcome
    old_claim = EmailClaim(email=old_email, username=user.username)
    old = await old_claim.delete(if_conditions={"username": user.username})
    outcome.step("DELETE FROM email_claim ... IF username = ?", old.applied, old.existing)
    outcome.applied, outcome.message = True, f"email changed to {new_email}"
    outcome.user = await User.get(username=user.username)
    return outcome


async def remove(user: User) -> Outcome:
    """Delete the user (``IF EXISTS``) and its email claim."""
    outcome = Outcome(False, "")
    result = await user.delete(if_exists=True)
    outcome.step("DELETE ... IF EXISTS", result.applied, result.existing)
    if result.applied:
        claim = EmailClaim(email=user.email, username=user.username)
        await claim.delete(if_conditions={"username": user.username})
        outcome.applied, outcome.message = True, f"{user.username} removed"
    return outcome
