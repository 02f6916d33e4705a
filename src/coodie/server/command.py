"""What ``coodie serve`` runs: credentials, TLS, warnings about exposure, then serve.

Credentials never need to appear on the command line (where ``ps`` shows them): they
come from a file or from the ``COODIE_SERVE_AUTH`` environment variable, as
``USER:PASSWORD``::

    >>> import os
    >>> os.environ["COODIE_SERVE_AUTH"] = "cassandra:s3cret"
    >>> load_credentials(None, None).username
    'cassandra'
    >>> del os.environ["COODIE_SERVE_AUTH"]
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import os
import socket
import ssl
import sys
from pathlib import Path
from typing import Any

from coodie.server.auth import PasswordAuthenticator
from coodie.server.lifecycle import CqlServer
from coodie.server.limits import Limits

AUTH_ENV = "COODIE_SERVE_AUTH"


def server_ssl_context(
    certfile: str, keyfile: str | None = None, *, client_ca: str | None = None
) -> ssl.SSLContext:
    """A TLS server context from a PEM certificate (chain) and private key.

    ``client_ca`` (PEM) requires every client to present a certificate signed by it.
    Example: ``CqlServer(ssl_context=server_ssl_context("node.pem", "node.key"))``.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    if client_ca is not None:
        context.load_verify_locations(client_ca)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def load_credentials(spec: str | None, auth_file: str | None) -> PasswordAuthenticator | None:
    """The login to require: from ``spec`` (``USER:PASSWORD``), else the first line of
    ``auth_file``, else the ``COODIE_SERVE_AUTH`` environment variable; ``None`` if none.

    Raises ``ValueError`` for a malformed value or an empty password.
    """
    if spec is None and auth_file is not None:
        lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        spec = lines[0].strip() if lines else ""
    if spec is None:
        spec = os.environ.get(AUTH_ENV) or None
    return None if spec is None else PasswordAuthenticator.from_spec(spec)


def _is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def exposure_warnings(host: str, *, auth: bool, tls: bool) -> list[str]:
    """What is risky about serving on ``host`` with or without auth and TLS.

    >>> exposure_warnings("127.0.0.1", auth=False, tls=False)
    []
    >>> [w.split(":")[0] for w in exposure_warnings("0.0.0.0", auth=True, tls=False)]
    ['WARNING']
    """
    if _is_loopback(host):
        return []
    warnings = []
    if not auth:
        warnings.append(
            f"WARNING: serving on {host} beyond loopback WITHOUT authentication: anyone who "
            "can reach this port can read and change every table (use --auth-file)"
        )
    elif not tls:
        warnings.append(
            f"WARNING: --auth on {host} without TLS: passwords cross the network in clear "
            "text (use --tls-cert/--tls-key)"
        )
    return warnings


def tune_for_serving() -> None:
    """Tune this process for serving, once the engine is loaded: move what exists to the
    garbage collector's permanent generation (a collection then no longer walks every stored
    cell, which stalled all connections for hundreds of milliseconds under load) and switch
    threads every millisecond (so a long statement in one worker thread delays the event
    loop and the other workers by ~1 ms rather than 5 ms). ``coodie serve`` calls it."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def serve_forever(
    host: str = "127.0.0.1",
    port: int = 9042,
    path: str | None = None,
    auth: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    *,
    certfile: str | None = None,
    keyfile: str | None = None,
    client_ca: str | None = None,
    auth_file: str | None = None,
    limits: Limits | None = None,
    settings: Any = None,
) -> int:
    """Run ``coodie serve``: serve until interrupted; return the exit status.

    ``certfile``/``keyfile`` (PEM) serve TLS, as does an explicit ``ssl_context``;
    ``client_ca`` requires client certificates. Credentials: see :func:`load_credentials`.
    ``settings`` (an :class:`~coodie.embedded.EngineSettings`) sets the engine's features.
    Example: ``serve_forever(port=9042, auth_file="/run/secrets/cql")``.
    """
    try:
        authenticator = load_credentials(auth, auth_file)
        if ssl_context is None and certfile is not None:
            ssl_context = server_ssl_context(certfile, keyfile, client_ca=client_ca)
        elif client_ca is not None:
            raise ValueError("--tls-client-ca needs --tls-cert")
        server = CqlServer(
            host=host,
            port=port,
            path=path,
            auth=authenticator,
            ssl_context=ssl_context,
            limits=limits,
            settings=settings,
        )
    except (OSError, ValueError) as exc:
        print(f"coodie serve: {exc}", file=sys.stderr)
        return 2
    for warning in exposure_warnings(host, auth=authenticator is not None, tls=bool(ssl_context)):
        print(warning, file=sys.stderr, flush=True)
    tune_for_serving()

    async def run() -> None:
        await server.start()
        banner = f"coodie: serving CQL (native protocol v3-v5) on {server.host}:{server.port}"
        print(banner, file=sys.stderr, flush=True)
        try:
            await server.serve_forever()
        finally:
            await server.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"coodie serve: {exc}", file=sys.stderr)
        return 1
    return 0
