"""The schema-migrations demo: a product table that grows through three migrations."""
