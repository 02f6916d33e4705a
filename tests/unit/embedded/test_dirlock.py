"""One process per data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coodie.embedded import Engine
from coodie.exceptions import DataDirectoryLocked


def test_a_second_opener_is_refused_naming_the_holder(tmp_path: Path) -> None:
    with Engine(path=str(tmp_path)):
        with pytest.raises(DataDirectoryLocked, match=f"pid {os.getpid()}.*coodie serve") as info:
            Engine(path=str(tmp_path))
        assert info.value.pid == os.getpid()
    Engine(path=str(tmp_path)).close()  # released on close


def test_another_process_is_refused(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from coodie.embedded import Engine\n"
        "from coodie.exceptions import DataDirectoryLocked\n"
        "try:\n"
        "    Engine(path=sys.argv[1])\n"
        "except DataDirectoryLocked as exc:\n"
        "    print(exc.pid)\n"
    )
    with Engine(path=str(tmp_path)):
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
        )
    assert out.stdout.strip() == str(os.getpid())
