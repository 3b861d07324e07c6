"""Prefect settings that must be in place before Prefect is imported.

Telemetry and analytics are turned off (no network but the package registries here), and
Prefect keeps its local state under DUKUNG_HOME unless the user set PREFECT_HOME.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "flows,indexing,storage",
    "DO_NOT_TRACK": "1",
}


def configure_prefect_environment(home: Path, *, quiet: bool = False) -> None:
    """Set Prefect's environment defaults (never overriding what the user set)."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "PREFECT_HOME" not in os.environ:
        prefect_home = (home / "prefect").resolve()
        try:
            prefect_home.mkdir(parents=True, exist_ok=True)  # Prefect creates only the last level
        except OSError:
            pass  # Prefect warns and works without it
        os.environ["PREFECT_HOME"] = str(prefect_home)
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def silence_shutdown_noise() -> None:
    """The temporary server logs cancelled event flushes when it stops at exit; they are harmless."""
    for name in ("prefect.server.services.task_run_recorder", "prefect.server", "prefect._internal.concurrency"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
