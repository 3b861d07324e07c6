"""Prefect settings that must be in place before Prefect is imported.

Telemetry and analytics are turned off (no network but the package registries here), and
Prefect keeps its local state under DUKUNG_HOME unless the user set PREFECT_HOME.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flows.crash_detection import HEARTBEAT_SECONDS

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "flows,indexing,storage",
    "DO_NOT_TRACK": "1",
    # heartbeats let the server mark a run whose process died CRASHED (flows/crash_detection.py)
    "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_SECONDS),
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


def server_environment(prefect_home: Path) -> dict[str, str]:
    """The environment of the data folder's own ``prefect server start`` (see ``flows.prefect_server``):
    the same telemetry/analytics/UI defaults, its SQLite database under ``prefect_home``, loopback only."""
    env = {key: os.environ.get(key, value) for key, value in _DEFAULTS.items()}
    env.update({
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    })
    return env


def use_api_url(url: str) -> None:
    """Point this process's Prefect client at ``url`` (before Prefect is imported; later imports see it)."""
    os.environ["PREFECT_API_URL"] = url


def silence_shutdown_noise() -> None:
    """The temporary server logs cancelled event flushes when it stops at exit; they are harmless."""
    for name in ("prefect.server.services.task_run_recorder", "prefect.server", "prefect._internal.concurrency"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
