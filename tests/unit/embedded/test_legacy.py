"""Old pickle data directories: refused at open, converted by ``coodie convert-legacy-data``
with a restricted unpickler that loads only the engine's data classes."""

from __future__ import annotations

import datetime
import os
import pickle
import shutil
import struct
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from coodie.cli import main
from coodie.embedded import Engine
from coodie.embedded.legacy import convert_legacy
from coodie.exceptions import DataDirectoryError

FIXTURE = Path(__file__).parent / "legacy_data"


@pytest.fixture
def old_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    shutil.copytree(FIXTURE, path, ignore=shutil.ignore_patterns("*.md"))
    return path


def test_an_old_directory_is_refused_naming_the_command(old_dir: Path) -> None:
    with pytest.raises(DataDirectoryError) as info:
        Engine(path=str(old_dir))
    assert f"coodie convert-legacy-data --path {old_dir}" in str(info.value)
    assert sorted(os.listdir(old_dir)) == ["commitlog.bin", "lock", "snapshot.bin"]


def test_conversion_keeps_every_value_and_the_old_files(
    old_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert-legacy-data", "--path", str(old_dir)]) == 0
    out = capsys.readouterr().out
    assert "snapshot.bin: 2 tables" in out
    assert "commitlog.bin: 3 statements applied" in out
    backup = old_dir / "legacy-backup-1"
    assert sorted(os.listdir(backup)) == ["commitlog.bin", "snapshot.bin"]
    assert (backup / "snapshot.bin").read_bytes() == (FIXTURE / "snapshot.bin").read_bytes()
    engine = Engine(path=str(old_dir))
    try:
        s = engine.session()
        row = s.execute(
            "SELECT v, n, u, ts, ip, tags, m, l, a, d, b FROM old.t WHERE k = 1 AND c = 'a'"
        ).rows[0]
        assert row[:5] == (
            "one",
            Decimal("1.5"),
            uuid.UUID(int=42),
            datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
            __import__("ipaddress").ip_address("10.0.0.1"),
        )
        assert row[5:9] == ({"x", "y"}, {"p": 1}, [3, 1], {"street": "main", "zip": 7})
        assert row[10] == b"\xca\xfe"
        ttl = s.execute("SELECT ttl(v) FROM old.t WHERE k = 1 AND c = 'b'").rows[0][0]
        assert 0 < ttl <= 100_000_000  # the absolute expiry time was kept
        assert s.execute("SELECT * FROM old.t WHERE k = 2").rows == []  # the deletion stays
        keys = sorted((r[0], r[1]) for r in s.execute("SELECT k, c FROM old.t").rows)
        assert keys == [(1, "a"), (1, "b"), (3, "z"), (4, "q")]  # 3 and 4: from the log
        assert s.execute("SELECT hits FROM old.c WHERE k = 1").rows == [(7,)]
        assert s.execute("SELECT k FROM old.t WHERE v = 'batched'").rows == [(4,)]  # index
    finally:
        engine.close()
    assert convert_legacy(str(old_dir))[0].endswith("nothing to convert")


class _Payload:
    """Unpickling this runs ``os.system``: what a crafted legacy file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("where", ["snapshot.bin", "commitlog.bin"])
def test_a_crafted_payload_is_refused_and_inert(old_dir: Path, tmp_path: Path, where: str) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker), protocol=4)
    if where == "snapshot.bin":
        (old_dir / where).write_bytes(payload)
    else:
        (old_dir / where).write_bytes(struct.pack(">I", len(payload)) + payload)
    with pytest.raises(DataDirectoryError, match=r"refusing to load posix\.system"):
        convert_legacy(str(old_dir))
    assert not marker.exists()
    # nothing was converted or moved: the directory is as it was
    assert sorted(os.listdir(old_dir)) == ["commitlog.bin", "lock", "snapshot.bin"]


@pytest.mark.parametrize(
    "name",
    [("builtins", "eval"), ("subprocess", "Popen"), ("coodie.embedded.engine", "Engine")],
)
def test_only_data_classes_may_be_named(old_dir: Path, name: tuple[str, str]) -> None:
    module, attr = name
    crafted = f"c{module}\n{attr}\n(S'1'\ntR.".encode()  # protocol 0: GLOBAL, call
    (old_dir / "snapshot.bin").write_bytes(crafted)
    with pytest.raises(DataDirectoryError, match=f"refusing to load {module}.{attr}"):
        convert_legacy(str(old_dir))
