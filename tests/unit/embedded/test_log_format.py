"""The log's format: checksummed records, torn tails, damage refused, repair, no pickle."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from coodie.cli import main
from coodie.embedded import Engine
from coodie.embedded.records import HEADER, MAGIC_LOG, frame, read_records
from coodie.exceptions import DataCorrupted, DataDirectoryError

from .durability_helpers import KEYSPACE

ROWS = 50


def _filled(path: Path) -> bytes:
    with Engine(path=str(path)) as e:
        s = e.session()
        s.execute(KEYSPACE)
        s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
        p = s.prepare("INSERT INTO ks.t (k, v) VALUES (?, ?)")
        for i in range(ROWS):
            s.execute(p, [i, f"v{i}"])
    return (path / "commitlog.log").read_bytes()


def _keys(path: Path) -> list[int]:
    with Engine(path=str(path)) as e:
        return sorted(k for (k,) in e.session().execute("SELECT k FROM ks.t").rows)


def _offsets(data: bytes) -> list[int]:
    return [r.offset for r in read_records("log", data, MAGIC_LOG, 1).records]


def test_a_torn_last_record_is_dropped_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _filled(tmp_path)
    (tmp_path / "commitlog.log").write_bytes(data[:-3])
    with caplog.at_level(logging.WARNING, logger="coodie.embedded"):
        assert _keys(tmp_path) == list(range(ROWS - 1))
    assert "cut short by a crash" in caplog.text
    kept = list(tmp_path.glob("commitlog.log.torn-*"))
    assert len(kept) == 1 and data[:-3].endswith(kept[0].read_bytes())


@pytest.mark.parametrize("where", ["length", "payload"])
def test_damage_before_the_end_refuses_to_start(tmp_path: Path, where: str) -> None:
    data = _filled(tmp_path)
    offset = _offsets(data)[10]
    damaged = bytearray(data)
    damaged[offset if where == "length" else offset + HEADER.size + 3] ^= 0x40
    (tmp_path / "commitlog.log").write_bytes(bytes(damaged))
    with pytest.raises(DataCorrupted, match=f"commitlog.log is damaged at offset {offset}") as info:
        Engine(path=str(tmp_path))
    assert (info.value.file, info.value.offset) == ("commitlog.log", offset)
    assert (tmp_path / "commitlog.log").read_bytes() == bytes(damaged)  # evidence kept


def test_repair_keeps_a_copy_and_the_intact_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _filled(tmp_path)
    offsets = _offsets(data)
    damaged = bytearray(data)
    damaged[offsets[10] + HEADER.size + 3] ^= 0x40  # the 9th insert (after 2 schema records)
    (tmp_path / "commitlog.log").write_bytes(bytes(damaged))
    assert main(["repair-data", "--path", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"damaged bytes at offsets {offsets[10]}-{offsets[11]}" in out
    assert (tmp_path / "backup-1" / "commitlog.log").read_bytes() == bytes(damaged)
    assert _keys(tmp_path) == [k for k in range(ROWS) if k != 8]


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch pwned",))


def test_a_crafted_pickle_payload_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    payload = pickle.dumps(_Boom())
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "commitlog.log").write_bytes(MAGIC_LOG + frame(1, payload))
    with pytest.raises(DataDirectoryError, match="could not be replayed"):
        Engine(path=str(data_dir))
    (data_dir / "commitlog.log").unlink()
    (data_dir / "commitlog.bin").write_bytes(len(payload).to_bytes(4, "big") + payload)
    with pytest.raises(DataDirectoryError, match="pickle format"):
        Engine(path=str(data_dir))
    assert not (tmp_path / "pwned").exists()
