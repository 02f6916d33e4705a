"""Shared test bases: an abstract document like ``coodie.sync.Document`` (no I/O)."""

from __future__ import annotations

from coodie.model.document import CounterDocumentCore, DocumentCore, MaterializedViewCore


class Doc(DocumentCore):
    class Settings:
        __abstract__ = True


class CounterDoc(CounterDocumentCore):
    class Settings:
        __abstract__ = True


class View(MaterializedViewCore):
    class Settings:
        __abstract__ = True
