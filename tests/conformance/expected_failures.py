"""Cases excluded as quirks of the recording node, cases that cannot pass yet, and cases a
target cannot replay.

``EXPECTED_FAILURES`` and ``NOT_REPLAYABLE`` are enforced strictly: a listed case that
starts passing fails the run, and so does an unlisted case the target cannot replay; the
lists only shrink.
"""

from __future__ import annotations

QUIRKS: dict[str, str] = {
    "ddl-table-compact-storage": "the 4.0-rc build still accepted COMPACT STORAGE; Cassandra 4.0 "
    "refuses it and so does the engine",
}
"""Case id → why the recorded behaviour is a quirk of the recording node (not imitated)."""

EXPECTED_FAILURES: dict[str, str] = {}
"""Case id → why the engine does not match yet."""

_SCYLLA_DRIVER: dict[str, str] = {
    "collections-udt-prepared": "the driver decodes every set as a SortedSet, so the order "
    "Cassandra (and the server, byte for byte) keeps for a set inside a frozen UDT is lost",
    "errors-prepared-too-few-values": "the driver pads missing bound values with UNSET, so the "
    "server never sees too few values",
    "errors-prepared-too-many-values": "the driver refuses to bind too many values client-side",
    "errors-prepared-unset-pk-select": "the driver refuses UNSET in the routing key client-side",
    "writes-insert-unset-pk": "the driver refuses UNSET in the routing key client-side",
    "errors-prepared-wrong-length-value": "the driver cannot bind raw bytes",
    "types-int-bound-8-bytes": "the driver cannot bind raw bytes",
    "types-int-bound-empty-bytes": "the driver cannot bind raw bytes",
    "types-ascii-non-ascii-bound": "the driver cannot bind raw bytes",
    "types-text-invalid-utf8-bound": "the driver cannot bind raw bytes",
    "types-boolean-bound-nonzero-byte": "the driver cannot bind raw bytes",
    "types-inet-bound-5-bytes": "the driver cannot bind raw bytes",
    "ddl-ks-create-existing": "the driver replaces the server's AlreadyExists message with its own",
    "ddl-table-create-existing": "the driver replaces the server's AlreadyExists message with its "
    "own",
    "types-timestamp-values": "the driver cannot decode timestamps beyond datetime's range",
}

NOT_REPLAYABLE: dict[str, dict[str, str]] = {
    "embedded": {},
    "server": _SCYLLA_DRIVER,
    "driver": _SCYLLA_DRIVER,
}
"""Target name → case id → why that target cannot replay the case (a limit of the client
side, scylla-driver for ``server`` and ``driver``, not of the engine or the server)."""
