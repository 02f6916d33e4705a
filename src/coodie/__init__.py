"""coodie: a Pydantic-native object mapper for Apache Cassandra and ScyllaDB."""

from coodie.exceptions import (
    CoodieError,
    DoesNotExist,
    InvalidLookupError,
    InvalidValueError,
    ModelDefinitionError,
    MultipleObjectsReturned,
    NotSupported,
    QueryError,
    SchemaMismatch,
    UnknownColumnError,
)

__version__ = "0.1.0"

__all__ = [
    "CoodieError",
    "DoesNotExist",
    "InvalidLookupError",
    "InvalidValueError",
    "ModelDefinitionError",
    "MultipleObjectsReturned",
    "NotSupported",
    "QueryError",
    "SchemaMismatch",
    "UnknownColumnError",
    "__version__",
]
