"""A real Prefect server for tests, backed by PostgreSQL as in production.

Not a launcher SERVICE: a test fixture starts it (it needs ``DUKUNG_TEST_POSTGRES_URL``)::

    with PrefectServer(postgres_url, workdir) as server:
        server.api_url  # http://127.0.0.1:<port>/api

The server runs ``prefect server start --host 127.0.0.1 --port <free>`` in its own process group
with its own database (created here, dropped on stop), analytics and UI off, and its own
``PREFECT_HOME``; ``stop()`` ends that process group only.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from tests.services.base import ServiceUnavailable, free_port, log_file, wait_for
from tests.services.postgres import create_database, drop_database

SERVER_SETTINGS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_API_DATABASE_MIGRATE_ON_START": "true",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
}


def health(api_url: str, timeout: float = 2.0) -> bool:
    """``GET /api/health`` answers ``true``."""
    with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as resp:  # noqa: S310 - loopback only
        return resp.status == 200 and json.loads(resp.read() or b"false") is True


def stop_group(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
    # children that outlived the leader (uvicorn, services) are in the same group
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class PrefectServer:
    """One Prefect server process with its own PostgreSQL database."""

    def __init__(self, postgres_url: str, workdir: Path, *, services: bool = True):
        self.postgres_url = postgres_url
        self.workdir = Path(workdir)
        self.services = services
        self.database = f"prefect_{uuid.uuid4().hex[:10]}"
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log: Path | None = None
        self.startup_seconds = 0.0
        self._log_fh = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def client_env(self) -> dict[str, str]:
        """Environment for a process that talks to this server (a client, a runner, a worker)."""
        return {"PREFECT_API_URL": self.api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}

    def start(self, timeout: float = 180) -> "PrefectServer":
        started = time.monotonic()
        db_url = create_database(self.postgres_url, self.database, driver="postgresql+asyncpg")
        self.port = free_port()
        home = self.workdir / "prefect-server-home"
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(SERVER_SETTINGS)
        env.update({"PREFECT_HOME": str(home), "PREFECT_API_DATABASE_CONNECTION_URL": db_url,
                    "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(self.port)})
        cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        if not self.services:
            cmd.append("--no-services")
        self.log = log_file("prefect-server")
        self._log_fh = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 - kept open while it runs
        self.proc = subprocess.Popen(cmd, env=env, cwd=self.workdir, stdout=self._log_fh,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: health(self.api_url), timeout, "Prefect server", self.proc, self.log)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        try:
            stop_group(proc)
        finally:
            if self._log_fh is not None:
                self._log_fh.close()
                self._log_fh = None
            drop_database(self.postgres_url, self.database)

    def __enter__(self) -> "PrefectServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


__all__ = ["PrefectServer", "ServiceUnavailable", "health", "stop_group"]


def prefect_yaml_deployment_count() -> int:
    """How many deployments ``prefect deploy --all`` creates from the project's ``prefect.yaml``."""
    from ruamel.yaml import YAML

    from tests.services.base import ROOT

    return len(YAML(typ="safe").load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"])
