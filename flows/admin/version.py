"""The installed version of Dukung (from the package metadata; the source tree's pyproject otherwise)."""

from __future__ import annotations


def dukung_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dukung")
    except PackageNotFoundError:  # run from a source tree that was never installed
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
