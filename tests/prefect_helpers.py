"""What the tests of the data folder's local Prefect server share: a CLI environment and a process check."""

from __future__ import annotations

import os
from pathlib import Path


def cli_env(home: Path, **extra) -> dict[str, str]:
    """The environment of a `dukung` child process on data folder ``home``: nothing of the test's own
    ``PREFECT_*``/``DUKUNG_*`` settings, one worker, an idle stop far enough away, wide tables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DUKUNG_"))}
    env.update(DUKUNG_HOME=str(home), DUKUNG_INGEST__WORKERS="1", DUKUNG_INGEST__PREFECT_IDLE_MINUTES="10",
               COLUMNS="200", **extra)
    return env


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def group_alive(pgid: int) -> bool:
    """Whether any process of process group ``pgid`` exists."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
