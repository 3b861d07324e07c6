"""The data folder's one local Prefect server, as users and operators meet it.

Two ``dukung upload`` commands on the embedded defaults (Prefect on, no ``PREFECT_API_URL``): the first
starts the data folder's server, the second reuses it (same process, no new server). Against that real
server the Prefect CLI works: ``prefect work-pool create``, ``prefect deploy --all`` from
``prefect.yaml`` (all five deployments), ``prefect deployment ls`` and ``prefect flow-run ls`` (the
uploads' flow runs). ``dukung prefect stop`` then leaves no process behind.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.prefect_helpers import cli_env, group_alive
from tests.services.base import ROOT

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

BIN = Path(sys.executable).parent


def _run(cmd: list[str], env: dict, timeout: float = 300, cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, env=env, cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}: {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.fixture
def home(tmp_path):
    from flows.prefect_server import stop_server

    home = tmp_path / "home"
    yield home
    stop_server(home)  # whatever the test left running


def test_cli_uploads_share_one_server_and_the_prefect_cli_works(home, evidence_folder):
    import json

    from flows.prefect_server import read_state

    env = cli_env(home)
    dukung = str(BIN / "dukung")
    _run([dukung, "init"], env)
    _run([dukung, "unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], env)
    first = json.loads(_run([dukung, "upload", str(evidence_folder), "-u", "DINKES-JBR", "-p", "2025",
                             "--format", "json"], env))
    assert first["new"] == 5 and first["processed"] == 5
    server = read_state(home)
    assert server is not None and server.started_by == "cli" and group_alive(server.pid)

    second = json.loads(_run([dukung, "upload", str(evidence_folder), "-u", "DINKES-JBR", "-p", "2025",
                              "--format", "json"], env))
    assert second["unchanged"] == 5
    assert read_state(home) == server, "the second upload started another Prefect server"
    assert "Berjalan" in _run([dukung, "prefect", "status"], env)

    # the Prefect CLI against the same server
    client = cli_env(home, PREFECT_API_URL=server.url, PREFECT_HOME=str(home / "prefect-client"),
                  DUKUNG_APP_DIR=str(ROOT))
    prefect = str(BIN / "prefect")
    _run([prefect, "work-pool", "create", "dukung-process", "--type", "process"], client)
    deployed = _run([prefect, "--no-prompt", "deploy", "--all"], client)
    from tests.services.prefect_server import prefect_yaml_deployment_count

    assert deployed.count("successfully created") == prefect_yaml_deployment_count() == 6, deployed
    listed = _run([prefect, "deployment", "ls"], client)
    for name in ("ingest/dukung", "check-completeness/dukung", "reindex/dukung", "sync-inbox/dukung",
                 "completeness-mail/dukung", "reconcile/dukung"):
        assert name in listed, listed
    runs = _run([prefect, "flow-run", "ls", "--flow-name", "ingest", "--state", "COMPLETED"], client)
    assert runs.count("ingest") >= 2 and "COMPLETED" in runs, runs

    assert "dihentikan" in _run([dukung, "prefect", "stop"], env)
    assert read_state(home) is None and not group_alive(server.pid)
