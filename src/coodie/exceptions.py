"""Every exception coodie raises derives from :class:`CoodieError`.

Example::

    from coodie import CoodieError, DoesNotExist

    try:
        Product.get(id=pid)
    except DoesNotExist:
        ...
"""

from __future__ import annotations

from typing import Any


class CoodieError(Exception):
    """Base class of all coodie errors."""


class ConfigurationError(CoodieError):
    """coodie is used before it is configured, or configured inconsistently."""


class ModelDefinitionError(CoodieError, TypeError):
    """A model class is invalid; raised when the class is defined.

    The message names the model and the field, e.g.
    ``Product.tags: a collection cannot be part of the primary key``.
    """

    def __init__(self, model: str, field: str | None, problem: str) -> None:
        self.model = model
        self.field = field
        self.problem = problem
        where = f"{model}.{field}" if field else model
        super().__init__(f"{where}: {problem}")


class QueryError(CoodieError, ValueError):
    """A query or write is invalid; raised before anything is sent.

    Carries the model and field it concerns, when known.
    """

    def __init__(self, problem: str, *, model: str | None = None, field: str | None = None) -> None:
        self.model = model
        self.field = field
        self.problem = problem
        where = ".".join(p for p in (model, field) if p)
        super().__init__(f"{where}: {problem}" if where else problem)


class UnknownColumnError(QueryError, AttributeError):
    """A query names a column the model does not have."""


class CqlengineNameError(CoodieError, AttributeError):
    """A cqlengine name that coodie spells differently; the message names the equivalent.

    An ``AttributeError``, so ``hasattr`` keeps working::

        Product.objects   # CqlengineNameError: Product.objects is cqlengine's; use Product.find()
    """

    def __init__(self, name: str, equivalent: str, *, model: str | None = None) -> None:
        self.model = model
        self.cqlengine_name = name
        self.equivalent = equivalent
        where = f"{model}.{name}" if model else name
        super().__init__(f"{where} is cqlengine's spelling; in coodie use {equivalent}")


class ConnectionFailed(CoodieError, ConnectionError):
    """A connection could not be made; names the driver, hosts, port and the cause.

    The same type for every driver::

        try:
            init_coodie(hosts=["10.0.0.9"], port=9042)
        except ConnectionFailed as error:
            print(error.hosts, error.port, error.cause)
    """

    def __init__(self, driver: str, hosts: tuple[str, ...], port: int | None, cause: str) -> None:
        self.driver = driver
        self.hosts = hosts
        self.port = port
        self.cause = cause
        where = ", ".join(hosts) or "(no hosts)"
        super().__init__(
            f"cannot connect to {where}"
            + (f" port {port}" if port is not None else "")
            + f" with the {driver} driver: {cause}"
        )


class InvalidLookupError(QueryError):
    """A lookup (``__gt``, ``__contains`` ...) is not valid for the column's type."""


class InvalidValueError(QueryError, TypeError):
    """A value does not fit the CQL type of its column."""


class DoesNotExist(CoodieError):
    """A query that must return one row returned none.

    Each model has its own subclass, ``Product.DoesNotExist``.
    """


class MultipleObjectsReturned(CoodieError):
    """A query that must return one row returned several.

    Each model has its own subclass, ``Product.MultipleObjectsReturned``.
    """


class NotSupported(CoodieError):
    """The selected driver or target cannot do what was asked."""


class UnsupportedByServer(NotSupported):
    """A model asks for a feature the connected server does not have; nothing was sent.

    ``feature`` names it, ``needs`` the releases that have it, ``server`` the connected one.

    >>> str(UnsupportedByServer("vector search", "Cassandra 5.0", "Cassandra 4.0.0",
    ...                         model="Product", field="embedding"))
    'Product.embedding: vector search needs Cassandra 5.0; the server is Cassandra 4.0.0'
    """

    def __init__(
        self,
        feature: str,
        needs: str,
        server: str,
        *,
        model: str | None = None,
        field: str | None = None,
    ) -> None:
        self.feature = feature
        self.needs = needs
        self.server = server
        self.model = model
        self.field = field
        where = ".".join(p for p in (model, field) if p)
        message = f"{feature} needs {needs}; the server is {server}"
        super().__init__(f"{where}: {message}" if where else message)


class SchemaMismatch(CoodieError):
    """The live schema differs from the model in a way coodie will not change.

    ``differences`` lists each difference as readable text.
    """

    def __init__(self, table: str, differences: list[str]) -> None:
        self.table = table
        self.differences = differences
        lines = "\n".join(f"  - {d}" for d in differences)
        super().__init__(f"schema of {table} differs from the model:\n{lines}")


class MigrationError(CoodieError):
    """A migration cannot be found, loaded, planned or run as asked.

    ``path`` is the migration file and ``statement`` the CQL it failed on, when known.
    """

    def __init__(self, message: str, *, path: str | None = None, statement: str | None = None):
        self.path = path
        self.statement = statement
        super().__init__(message)


class MigrationLockError(MigrationError):
    """Another runner holds the migration lock (or this runner lost its lease)."""


class MigrationRefused(MigrationError):
    """The recorded state forbids the run: a changed or missing file, a failed rollback."""


class DriverError(CoodieError):
    """The database or the driver reported an error.

    ``code`` is the CQL protocol error code when known (``0x2200`` is Invalid).
    """

    def __init__(
        self, message: str, *, code: int | None = None, info: dict[str, Any] | None = None
    ) -> None:
        self.code = code
        self.info = info or {}
        super().__init__(message)


class CqlSyntaxError(DriverError):
    """The server could not parse the statement (protocol code ``0x2000``)."""


class InvalidRequest(DriverError):
    """The server refused the statement as invalid (protocol code ``0x2200``)."""


class Unauthorized(DriverError):
    """The user lacks a permission (protocol code ``0x2100``)."""


class AuthenticationFailed(DriverError):
    """Credentials were refused (protocol code ``0x0100``)."""


class AlreadyExists(DriverError):
    """A keyspace or table to create exists already (protocol code ``0x2400``)."""


class SchemaChangeRejected(DriverError):
    """The server refused a schema change's configuration (protocol code ``0x2300``).

    The CQL protocol calls this error ``Config_error`` (drivers: ``ConfigurationException``),
    e.g. an unknown replication option or a counter column in a regular table. It is unrelated
    to :class:`ConfigurationError`, coodie's own error for a bad connection or driver setup.

    >>> type(error_for_code(0x2300, "SimpleStrategy requires a replication_factor")).__name__
    'SchemaChangeRejected'
    """


class Unavailable(DriverError):
    """Not enough replicas are alive (protocol code ``0x1000``)."""


class OperationTimedOut(DriverError):
    """The request did not complete in time (client or server side)."""


class ConnectionLost(DriverError, ConnectionError):
    """The connection to the database went away while it was in use (the server stopped or
    the network failed); names the driver, the hosts it was using and the driver's reason.

    The same type for every driver, in place of the driver's own exception::

        try:
            Product.find().count()
        except ConnectionLost as error:
            print(error.driver, error.hosts, error.cause)

    >>> str(ConnectionLost("rs", ("10.0.0.9:9042",), "the pool is broken"))
    'lost the connection to 10.0.0.9:9042 (rs driver): the pool is broken'
    """

    def __init__(self, driver: str, hosts: tuple[str, ...], cause: str) -> None:
        self.driver = driver
        self.hosts = hosts
        self.cause = cause
        where = ", ".join(hosts) or "the database"
        super().__init__(f"lost the connection to {where} ({driver} driver): {cause}")


ERROR_CLASSES_BY_CODE: dict[int, type[DriverError]] = {
    0x0100: AuthenticationFailed,
    0x1000: Unavailable,
    0x1100: OperationTimedOut,
    0x1200: OperationTimedOut,
    0x2000: CqlSyntaxError,
    0x2100: Unauthorized,
    0x2200: InvalidRequest,
    0x2300: SchemaChangeRejected,
    0x2400: AlreadyExists,
}


def error_for_code(code: int, message: str, info: dict[str, Any] | None = None) -> DriverError:
    """Build the coodie exception for a CQL protocol error code.

    >>> type(error_for_code(0x2200, "bad")).__name__
    'InvalidRequest'
    """
    cls = ERROR_CLASSES_BY_CODE.get(code, DriverError)
    return cls(message, code=code, info=info)


class CoodieWarning(UserWarning):
    """Base class of the warnings coodie issues."""


class SchemaWarning(CoodieWarning):
    """The live schema has something the model does not declare, left as it is.

    ``sync_table`` issues it for a column the model no longer has (coodie never
    drops columns) or an index it does not declare::

        warnings.simplefilter("error", SchemaWarning)   # make drift fail a deploy
    """


class StorageFailure(DriverError):
    """A write could not be made durable (the data directory refused it: full, read-only,
    no permission, I/O error); nothing of the write was applied."""


class DataDirectoryError(CoodieError):
    """An embedded engine's data directory cannot be opened (read-only, full, damaged,
    written by an older format, ...); the message says what and what to do."""


class DataDirectoryLocked(DataDirectoryError):
    """Another process has the data directory open; ``pid`` is that process (or None)."""

    def __init__(self, message: str, pid: int | None = None) -> None:
        self.pid = pid
        super().__init__(message)


class DataCorrupted(DataDirectoryError):
    """A data file is damaged before its end; ``file`` and ``offset`` say where.

    Nothing is truncated: ``coodie repair-data --path DIR`` keeps a copy of the files,
    then drops the damaged records.
    """

    def __init__(self, message: str, file: str, offset: int) -> None:
        self.file = file
        self.offset = offset
        super().__init__(message)


_CQLENGINE_NAMES = {
    "LWTException": "the LWTResult a conditional write returns (if not result: ...result.existing)",
    "CQLEngineException": "CoodieError",
    "ValidationError": "pydantic.ValidationError (construction) / InvalidValueError (writes)",
    "BatchQueryException": "DriverError (refused by the server) / QueryError (before)",
    "PolymorphicModelException": "ModelDefinitionError",
}


def cqlengine_name_error(module: str, name: str) -> Exception:
    """The error for a missing module attribute: an ``ImportError`` naming the coodie
    equivalent for a cqlengine exception name, else the usual ``AttributeError``.

    ``from coodie.exceptions import LWTException`` says a failed condition is not
    raised in coodie (an ``LWTResult`` is returned).

    >>> str(cqlengine_name_error("coodie", "CQLEngineException"))
    "CQLEngineException is cqlengine's; in coodie use CoodieError"
    """
    hint = _CQLENGINE_NAMES.get(name)
    if hint is not None:
        return ImportError(f"{name} is cqlengine's; in coodie use {hint}", name=name)
    return AttributeError(f"module {module!r} has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    """cqlengine exception names fail naming the equivalent (:func:`cqlengine_name_error`)."""
    raise cqlengine_name_error(__name__, name)
