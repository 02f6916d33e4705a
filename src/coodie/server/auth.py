"""Password authentication (Cassandra's ``PasswordAuthenticator``, SASL PLAIN).

>>> auth = PasswordAuthenticator.from_spec("cassandra:secret")
>>> auth.check(b"\\x00cassandra\\x00secret")
'cassandra'
>>> auth.check(b"\\x00cassandra\\x00nope") is None
True
"""

from __future__ import annotations

import hmac

import attrs

AUTHENTICATOR_CLASS = "org.apache.cassandra.auth.PasswordAuthenticator"


@attrs.frozen(slots=True)
class PasswordAuthenticator:
    """Accepts one user name and password, sent as a SASL PLAIN token."""

    username: str
    password: str = attrs.field(repr=False)

    @classmethod
    def from_spec(cls, spec: str) -> PasswordAuthenticator:
        """Build from ``"USER:PASSWORD"`` (the password may contain ``:``; it may not be empty).

        >>> PasswordAuthenticator.from_spec("cassandra:")
        Traceback (most recent call last):
        ...
        ValueError: expected USER:PASSWORD with a non-empty password
        """
        username, sep, password = spec.partition(":")
        if not sep or not username or not password:
            raise ValueError("expected USER:PASSWORD with a non-empty password")
        return cls(username, password)

    def check(self, token: bytes) -> str | None:
        """The user name when the PLAIN token (``authzid NUL user NUL password``) matches."""
        parts = token.split(b"\x00")
        if len(parts) != 3:
            return None
        user, password = parts[1], parts[2]
        user_ok = hmac.compare_digest(user, self.username.encode("utf-8"))
        password_ok = hmac.compare_digest(password, self.password.encode("utf-8"))
        return self.username if user_ok and password_ok else None

    def failure_message(self, token: bytes) -> str:
        """The message Cassandra sends for refused credentials."""
        parts = token.split(b"\x00")
        user = parts[1].decode("utf-8", "replace") if len(parts) == 3 else ""
        return f"Provided username {user} and/or password are incorrect"
