"""Registers a lazy coodie connection when Django starts (it connects on first use)."""

from __future__ import annotations

from demo_support.config import database_config
from django.apps import AppConfig

from coodie import sync
from coodie.executor import connections
from taskboard import DEMO_DIR


class BoardConfig(AppConfig):
    """The board app."""

    name = "taskboard.board"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """``init_coodie(..., lazy=True)`` unless a connection is already set up."""
        if "default" not in connections.connection_names():
            sync.init_coodie(lazy=True, **database_config(DEMO_DIR).init_kwargs())
