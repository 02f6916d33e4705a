"""Builders for the errors a Cassandra node returns.

>>> invalid("bad").code == 0x2200
True
"""

from __future__ import annotations

from typing import Any

from coodie.exceptions import DriverError, error_for_code


def syntax_error(message: str) -> DriverError:
    """A ``SyntaxException`` (0x2000)."""
    return error_for_code(0x2000, message)


def invalid(message: str) -> DriverError:
    """An ``InvalidRequest`` (0x2200)."""
    return error_for_code(0x2200, message)


def config_error(message: str) -> DriverError:
    """A ``ConfigurationException`` (0x2300)."""
    return error_for_code(0x2300, message)


def already_exists(message: str, keyspace: str, table: str = "") -> DriverError:
    """An ``AlreadyExists`` (0x2400) with its keyspace/table info."""
    info: dict[str, Any] = {"keyspace": keyspace, "table": table}
    return error_for_code(0x2400, message, info)


def unauthorized(message: str) -> DriverError:
    """An ``Unauthorized`` (0x2100)."""
    return error_for_code(0x2100, message)
