"""The modules and packages under ``src/coodie``, read from the files (nothing imported)."""

from __future__ import annotations

from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "coodie"


def source_modules() -> set[str]:
    """Every module's dotted name: ``coodie``, ``coodie.cli.__main__``, ``coodie.ast.base`` ..."""
    names = set()
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def source_packages() -> set[Path]:
    """Every package below ``coodie``, as a relative path: ``aio``, ``management/migrations``."""
    return {p.parent.relative_to(SOURCE) for p in SOURCE.rglob("__init__.py")} - {Path(".")}
