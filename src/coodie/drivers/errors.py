"""Turning each driver's server errors into the same coodie exceptions.

Whatever the driver, a server error becomes the :class:`~coodie.exceptions.DriverError`
subclass of its CQL protocol code, with the server's own message::

    >>> e = from_rs_message("Failed to execute statement: Database returned an error: "
    ...     "The query is syntactically correct but invalid, Error message: no such table")
    >>> type(e).__name__, e.code, str(e)
    ('InvalidRequest', 8704, 'no such table')
"""

from __future__ import annotations

import re

from coodie.exceptions import ConnectionLost, DriverError, OperationTimedOut, error_for_code

_RS_DESCRIPTIONS = (
    ("The submitted query has a syntax error", 0x2000),
    ("The query is syntactically correct but invalid", 0x2200),
    ("Attempted to create a keyspace or a table that was already existing", 0x2400),
    ("The logged user doesn't have the right to perform the query", 0x2100),
    ("The query is invalid because of some configuration issue", 0x2300),
    ("Authentication failed - bad credentials", 0x0100),
    ("Not enough nodes are alive", 0x1000),
    ("Not enough nodes responded to the write request", 0x1100),
    ("Not enough nodes responded to the read request", 0x1200),
    ("Internal server error", 0x0000),
)
_RS_MESSAGE = re.compile(
    r"Database returned an error: (?P<what>.*?), Error message: (?P<msg>.*)", re.S
)


_RS_LOST = re.compile(
    r"No connections in the pool|connection (?:was )?(?:broken|closed)|BrokenConnection"
    r"|Connection refused|Connection reset|Broken pipe|unexpected end of file",
    re.I,
)
"""What the rs driver says when the server went away (its errors are text only)."""


def from_rs_message(text: str, hosts: tuple[str, ...] = ()) -> DriverError:
    """The coodie error for a scylladb-rs-driver error text (``hosts``: the driver's).

    >>> type(from_rs_message("Failed to execute statement: No connections in the pool: "
    ...     "The pool is broken")).__name__
    'ConnectionLost'
    """
    found = _RS_MESSAGE.search(text)
    if found is None:
        if _RS_LOST.search(text):
            return ConnectionLost("rs", hosts, text.removeprefix("Failed to execute statement: "))
        if "timed out" in text.lower() or "timeout" in text.lower():
            return OperationTimedOut(text)
        return DriverError(text)
    what, message = found.group("what"), found.group("msg").strip()
    for description, code in _RS_DESCRIPTIONS:
        if what.startswith(description):
            return error_for_code(code, message)
    return DriverError(message)


_ACSYLLA_CODES = {
    "SyntaxError": 0x2000,
    "InvalidQuery": 0x2200,
    "AlreadyExists": 0x2400,
    "Unauthorized": 0x2100,
    "ConfigError": 0x2300,
    "BadCredentials": 0x0100,
    "Unavailable": 0x1000,
    "WriteTimeout": 0x1100,
    "ReadTimeout": 0x1200,
    "ServerError": 0x0000,
}


_ACSYLLA_LOST = frozenset(
    {
        "CassErrorLibNoHostsAvailable",
        "CassErrorLibUnableToConnect",
        "CassErrorLibUnableToClose",
        "CassErrorLibWriteError",
        "CassErrorLibUnableToDetermineProtocol",
    }
)
"""acsylla's errors when no connection to the server is left."""


def from_acsylla(exc: BaseException, hosts: tuple[str, ...] = ()) -> DriverError:
    """The coodie error for an acsylla exception (``CassErrorServerInvalidQuery`` ...);
    ``hosts``: the driver's contact points, named when the connection is lost."""
    name = type(exc).__name__
    text = str(exc)
    if name in _ACSYLLA_LOST:
        return ConnectionLost("acsylla", hosts, f"{name}: {text}")
    if name.startswith("CassErrorServer"):
        code = _ACSYLLA_CODES.get(name[len("CassErrorServer") :])
        if code is not None:
            message = text.split(": ", 1)[1] if ": " in text else text
            return error_for_code(code, message)
    if "TimedOut" in name:
        return OperationTimedOut(text)
    return DriverError(f"{name}: {text}")


_SERVER_MESSAGE = re.compile(r'message="(?P<msg>.*)"', re.S)


def server_message(text: str) -> str:
    """The server's message inside a scylla-driver error text (``... message="..."``)."""
    found = _SERVER_MESSAGE.search(text)
    return found.group("msg") if found else text
