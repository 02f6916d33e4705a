"""coodie: a Pydantic-native object mapper for Apache Cassandra and ScyllaDB.

The I/O APIs are :mod:`coodie.sync` and :mod:`coodie.aio`; ``from coodie import
init_coodie`` is the blocking one (``coodie.sync.init_coodie``), as in cqlengine
ports. Async code uses ``await coodie.aio.init_coodie(...)``.
"""

from typing import TYPE_CHECKING, Any

from coodie.compiler import compile
from coodie.compiler.compiled import CompiledBatch, CompiledStatement
from coodie.cql.values import CqlDuration
from coodie.drivers import get_driver, register_driver
from coodie.exceptions import (
    AlreadyExists,
    AuthenticationFailed,
    ConfigurationError,
    ConnectionFailed,
    ConnectionLost,
    CoodieError,
    CoodieWarning,
    CqlengineNameError,
    CqlSyntaxError,
    DoesNotExist,
    DriverError,
    InvalidLookupError,
    InvalidRequest,
    InvalidValueError,
    ModelDefinitionError,
    MultipleObjectsReturned,
    NotSupported,
    OperationTimedOut,
    QueryError,
    SchemaMismatch,
    SchemaWarning,
    Unauthorized,
    Unavailable,
    UnknownColumnError,
    UnsupportedByServer,
)
from coodie.executor.results import LWTResult, PagedResult
from coodie.model.fields import (
    Ascii,
    BigInt,
    ClusteringKey,
    ColumnName,
    Counter,
    Discriminator,
    Double,
    Duration,
    Frozen,
    Indexed,
    PrimaryKey,
    SmallInt,
    Static,
    Time,
    TimeUUID,
    TinyInt,
    VarInt,
    Vector,
    VectorIndex,
)
from coodie.model.usertype import UserType
from coodie.query import functions
from coodie.query.expressions import col
from coodie.query.functions import (
    currentTimestamp,
    maxTimeuuid,
    minTimeuuid,
    now,
    toDate,
    token,
    toTimestamp,
    toUnixTimestamp,
    ttl,
    writetime,
)

if TYPE_CHECKING:
    from coodie.sync.connection import init_coodie

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``init_coodie`` is ``coodie.sync.init_coodie`` (imported on first use);
    cqlengine exception names fail as in :mod:`coodie.exceptions`."""
    if name == "init_coodie":
        from coodie.sync.connection import init_coodie

        return init_coodie
    from coodie.exceptions import cqlengine_name_error

    raise cqlengine_name_error(__name__, name)


__all__ = [
    "AlreadyExists",
    "Ascii",
    "AuthenticationFailed",
    "BigInt",
    "ClusteringKey",
    "ColumnName",
    "CompiledBatch",
    "CompiledStatement",
    "ConfigurationError",
    "ConnectionFailed",
    "ConnectionLost",
    "CoodieError",
    "CoodieWarning",
    "Counter",
    "CqlDuration",
    "CqlSyntaxError",
    "CqlengineNameError",
    "Discriminator",
    "DoesNotExist",
    "Double",
    "DriverError",
    "Duration",
    "Frozen",
    "Indexed",
    "InvalidLookupError",
    "InvalidRequest",
    "InvalidValueError",
    "LWTResult",
    "ModelDefinitionError",
    "MultipleObjectsReturned",
    "NotSupported",
    "OperationTimedOut",
    "PagedResult",
    "PrimaryKey",
    "QueryError",
    "SchemaMismatch",
    "SchemaWarning",
    "SmallInt",
    "Static",
    "Time",
    "TimeUUID",
    "TinyInt",
    "Unauthorized",
    "Unavailable",
    "UnknownColumnError",
    "UnsupportedByServer",
    "UserType",
    "VarInt",
    "Vector",
    "VectorIndex",
    "__version__",
    "col",
    "compile",
    "currentTimestamp",
    "functions",
    "get_driver",
    "init_coodie",
    "maxTimeuuid",
    "minTimeuuid",
    "now",
    "register_driver",
    "toDate",
    "toTimestamp",
    "toUnixTimestamp",
    "token",
    "ttl",
    "writetime",
]
