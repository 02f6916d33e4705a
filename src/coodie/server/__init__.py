"""A CQL native protocol server in front of the embedded engine.

Real drivers (scylla-driver, acsylla, ...) can connect to it::

    coodie serve --port 9042          # or, from Python:
    from coodie.server import serve_forever
    serve_forever(port=9042, auth_file="/run/secrets/cql")  # USER:PASSWORD

For tests, :func:`coodie.testing.embedded_server` runs one in a background thread.
"""

from __future__ import annotations

from coodie.server.auth import PasswordAuthenticator
from coodie.server.backend import Backend, embedded_backend
from coodie.server.command import serve_forever, server_ssl_context
from coodie.server.lifecycle import CqlServer
from coodie.server.limits import Limits

__all__ = [
    "Backend",
    "CqlServer",
    "Limits",
    "PasswordAuthenticator",
    "embedded_backend",
    "serve_forever",
    "server_ssl_context",
]
