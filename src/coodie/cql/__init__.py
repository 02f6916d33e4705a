"""CQL data types, value types and identifiers."""
