"""Models: documents, field markers, settings, table schemas, user types, hydration."""
