"""The `.env` file the settings read besides the environment, read without pydantic (the CLI takes its
language from it before the settings are loaded, so that `dukung --help` speaks it)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_FILE_VARIABLE = "DUKUNG_ENV_FILE"


def env_file() -> Path | None:
    """The `.env` file settings are read from: DUKUNG_ENV_FILE, else `.env` in the current folder."""
    name = os.environ.get(ENV_FILE_VARIABLE, ".env")
    return Path(name) if name else None


def env_file_values(path: Path | None) -> dict[str, str | None]:
    if path is None or not path.is_file():
        return {}
    from dotenv import dotenv_values  # python-dotenv comes with pydantic-settings

    return dict(dotenv_values(path))


def setting(name: str) -> str | None:
    """One variable as the settings will see it: the environment first, then the `.env` file."""
    if name in os.environ:
        return os.environ[name]
    return env_file_values(env_file()).get(name)
