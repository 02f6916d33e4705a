"""Server settings of the embedded engine: the features a ``cassandra.yaml`` would switch on.

The engine imitates one server release. By default it is a Cassandra 5.0 node with every
search feature on (materialized views, SASI, storage-attached indexes and vector search);
:meth:`EngineSettings.cassandra_4_0` is the 4.0 node of the conformance recording, whose
features are off unless asked for.

>>> EngineSettings().release_version
'5.0.0'
>>> s = EngineSettings.cassandra_4_0(sasi=True)
>>> s.release_version, s.sasi, s.sai, s.materialized_views
('4.0.0', True, False, False)
>>> EngineSettings.from_options({"materialized_views": "false"}).materialized_views
False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _version(value: str) -> str:
    if value not in ("4.0", "5.0"):
        raise ValueError(f"unknown Cassandra release {value!r} (expected '4.0' or '5.0')")
    return value


@attrs.frozen
class EngineSettings:
    """What the engine's node supports, as switched on in its ``cassandra.yaml``.

    ``cassandra``: the release imitated (``"4.0"`` or ``"5.0"``); storage-attached indexes and
    vector search exist from 5.0 on. ``materialized_views`` / ``sasi``: the
    ``materialized_views_enabled`` / ``sasi_indexes_enabled`` switches (when off, creating one
    is refused with the server's "disabled" message). ``max_mutation_size``: the most bytes
    one statement or batch may write to one partition (Cassandra's ``max_mutation_size``,
    half the 32 MiB commit log segment).

    >>> EngineSettings(cassandra="4.0").sai
    False
    """

    cassandra: str = attrs.field(default="5.0", converter=_version)
    materialized_views: bool = True
    sasi: bool = True
    max_mutation_size: int = 16 * 1024 * 1024

    @classmethod
    def cassandra_4_0(
        cls, *, materialized_views: bool = False, sasi: bool = False
    ) -> EngineSettings:
        """A Cassandra 4.0 node with its defaults (views and SASI disabled).

        >>> EngineSettings.cassandra_4_0().materialized_views
        False
        """
        return cls("4.0", materialized_views, sasi)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> EngineSettings:
        """Settings from ``init_coodie``/``coodie serve`` options (bools or "true"/"false").

        ``options["settings"]`` may already be an :class:`EngineSettings`; other keys
        (``cassandra``, ``materialized_views``, ``sasi``) override it.

        >>> EngineSettings.from_options({"cassandra": "4.0", "sasi": True}).sasi
        True
        """
        base = options.get("settings")
        if base is None:
            base = cls.cassandra_4_0() if str(options.get("cassandra")) == "4.0" else cls()
        if not isinstance(base, EngineSettings):
            raise TypeError(f"settings must be an EngineSettings, not {type(base).__name__}")
        changes: dict[str, Any] = {}
        if "cassandra" in options:
            changes["cassandra"] = str(options["cassandra"])
        for name in ("materialized_views", "sasi"):
            if name in options:
                changes[name] = _flag(name, options[name])
        return attrs.evolve(base, **changes)

    @property
    def sai(self) -> bool:
        """Storage-attached indexes (``USING 'sai'``), Cassandra 5.0 and later."""
        return self.cassandra != "4.0"

    @property
    def vectors(self) -> bool:
        """Vector search (``ORDER BY ... ANN OF``, similarity functions), 5.0 and later."""
        return self.cassandra != "4.0"

    @property
    def release_version(self) -> str:
        """``system.local.release_version`` as this node reports it."""
        return f"{self.cassandra}.0"

    @property
    def cql_version(self) -> str:
        """``system.local.cql_version`` (3.4.5 on 4.0, 3.4.7 on 5.0)."""
        return "3.4.5" if self.cassandra == "4.0" else "3.4.7"


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"setting {name} must be true or false, not {value!r}")
