"""The board app: coodie documents, views, and the ``sync_cassandra`` command."""
