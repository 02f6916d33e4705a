"""Two processes run ``sync_table`` on the same model at the same moment: both succeed.

The processes connect through scylla-driver to one ``coodie.testing.embedded_server()``;
a threaded variant runs two threads against one embedded engine in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

SRC = str(Path(__file__).resolve().parents[2] / "src")

# Version 1 creates a type and a table; version 2 adds a type field, two columns and an index.
MODELS = textwrap.dedent(
    """
    from typing import Annotated
    from uuid import UUID

    from coodie.fields import ClusteringKey, Indexed, PrimaryKey
    from coodie.sync import Document
    from coodie.model.usertype import UserType

    def define(version, keyspace):
        class Place(UserType):
            name: str
            if version >= 2:
                country: str | None = None

            class Settings:
                __type_name__ = "place"

        if version == 1:
            class Visit(Document):
                user: Annotated[UUID, PrimaryKey()]
                at: Annotated[int, ClusteringKey(order="DESC")]
                place: Place | None = None

                class Settings:
                    name = "visits"
        else:
            class Visit(Document):
                user: Annotated[UUID, PrimaryKey()]
                at: Annotated[int, ClusteringKey(order="DESC")]
                place: Place | None = None
                note: str | None = None
                rating: Annotated[int | None, Indexed()] = None

                class Settings:
                    name = "visits"

        Visit.__schema__  # built
        return Visit
    """
)

WORKER = MODELS + textwrap.dedent(
    """
    import json, pathlib, sys, time
    from coodie.sync import init_coodie, shutdown

    keyspace, host, port, version, ready, go = sys.argv[1:7]
    init_coodie(hosts=[host], port=int(port), driver_type="scylla", keyspace=keyspace)
    model = define(int(version), keyspace)
    pathlib.Path(ready).touch()
    while not pathlib.Path(go).exists():
        time.sleep(0.005)
    sent = model.sync_table()
    shutdown()
    print(json.dumps([s.cql for s in sent]))
    """
)


def _columns(execute: Any, keyspace: str) -> dict[str, str]:
    found = execute(
        "SELECT column_name, type FROM system_schema.columns "
        "WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, "visits"],
    )
    return {r["column_name"]: r["type"] for r in found}


def _final_schema(execute: Any, keyspace: str) -> tuple[dict[str, str], list[Any], list[str]]:
    types = execute(
        "SELECT field_names FROM system_schema.types WHERE keyspace_name = ? AND type_name = ?",
        [keyspace, "place"],
    )
    index_rows = execute(
        "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, "visits"],
    )
    return (
        _columns(execute, keyspace),
        [t["field_names"] for t in types],
        [r["index_name"] for r in index_rows],
    )


EXPECTED_V2 = (
    {
        "user": "uuid",
        "at": "int",
        "place": "frozen<place>",
        "note": "text",
        "rating": "int",
    },
    [["name", "country"]],
    ["visits_rating_idx"],
)


def _run_workers(keyspace: str, host: str, port: int, version: int, tmp: Path) -> list[list[str]]:
    """Start two workers, release them together once both are connected, collect the DDL."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    go = tmp / f"go{version}"
    readies = [tmp / f"ready{version}_{n}" for n in range(2)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                keyspace,
                host,
                str(port),
                str(version),
                str(r),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for r in readies
    ]
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in readies):
        assert all(p.poll() is None for p in procs), "a worker exited before it was ready"
        assert time.monotonic() < deadline, "workers did not connect in time"
        time.sleep(0.01)
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_sync_the_same_model_through_the_native_protocol(tmp_path: Path) -> None:
    pytest.importorskip("cassandra")
    from coodie.executor import connections as registry
    from coodie.sync import create_keyspace, execute_raw, init_coodie
    from coodie.testing import embedded_server

    keyspace = "schema_race_procs"
    with embedded_server() as server:
        init_coodie(driver_type="embedded", name="race_check", default=False, engine=server.engine)
        try:

            def execute(cql: str, params: list[Any]) -> list[dict[str, Any]]:
                return execute_raw(cql, params, connection="race_check")

            create_keyspace(keyspace, replication_factor=1, connection="race_check")
            first = _run_workers(keyspace, server.host, server.port, 1, tmp_path)
            creates = [cql for sent in first for cql in sent if cql.startswith("CREATE TABLE")]
            assert 1 <= len(creates) <= 2  # IF NOT EXISTS: a second CREATE is a no-op
            second = _run_workers(keyspace, server.host, server.port, 2, tmp_path)
            assert all(not any(c.startswith("CREATE TABLE") for c in s) for s in second)
            assert _final_schema(execute, keyspace) == EXPECTED_V2
        finally:
            registry.close("race_check")


def _race_threads(models: list[Any], connection: str) -> list[BaseException]:
    from coodie.sync import sync_table

    barrier = threading.Barrier(len(models))
    errors: list[BaseException] = []

    def sync(model: Any) -> None:
        barrier.wait()
        try:
            sync_table(model, connection=connection)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sync, args=(m,)) for m in models]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_two_threads_sync_the_same_model_on_one_engine() -> None:
    from coodie.embedded import Engine
    from coodie.executor import connections as registry
    from coodie.sync import create_keyspace, execute_raw, init_coodie

    keyspace = "schema_race_threads"
    namespace: dict[str, Any] = {}
    exec(compile(MODELS, "<models>", "exec", dont_inherit=True), namespace)
    init_coodie(
        driver_type="embedded", name="race_threads", default=False, keyspace=keyspace,
        engine=Engine(),
    )  # fmt: skip
    try:
        create_keyspace(keyspace, replication_factor=1, connection="race_threads")
        for version in (1, 2):
            models = [namespace["define"](version, keyspace) for _ in range(2)]
            assert _race_threads(models, "race_threads") == []

        def execute(cql: str, params: list[Any]) -> list[dict[str, Any]]:
            return execute_raw(cql, params, connection="race_threads")

        assert _final_schema(execute, keyspace) == EXPECTED_V2
    finally:
        registry.close("race_threads")
