"""Queries: expressions, lookups, functions, the immutable QuerySet core, writes, batches."""
