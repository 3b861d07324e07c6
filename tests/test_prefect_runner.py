"""The warm runner of the data folder's local Prefect server (flows/runner.py, flows/runner_client.py).

Against a real local server started as the CLI starts it: the runner comes up with the server, a
``dukung upload`` on the defaults is processed by it as a real deployment flow run (COMPLETED, with its
task runs, on the runner's ``ingest/dukung-runner`` deployment) and the second upload reuses the same
runner; a command with other settings does not use it; a failed run and a runner that died are reported
as errors, not waited for; ``dukung prefect stop`` leaves no runner process behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.prefect_helpers import alive, cli_env
from tests.services.base import ROOT

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

BIN = Path(sys.executable).parent


def _run(cmd: list[str], env: dict, expect: int = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == expect, f"{cmd}: {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _api(url: str, path: str, body: dict | None = None):
    import urllib.request

    req = urllib.request.Request(f"{url}{path}", data=None if body is None else json.dumps(body).encode(),
                                 method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def _ready_runner(home: Path, url: str) -> dict:
    from flows.prefect_server import prefect_dir
    from flows.runner_client import read_runner

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        runner = read_runner(prefect_dir(home))
        if runner and runner.get("url") == url and not runner.get("starting"):
            return runner
        time.sleep(0.3)
    raise AssertionError("the warm runner did not come up")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An initialised data folder whose local server (and runner) `dukung prefect start` started."""
    from flows.prefect_server import read_state, stop_server

    home = tmp_path_factory.mktemp("runner") / "home"
    env = cli_env(home)
    dukung = str(BIN / "dukung")
    _run([dukung, "init"], env)
    _run([dukung, "unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], env)
    _run([dukung, "prefect", "start"], env)
    server = read_state(home)
    try:
        yield home, env, server, _ready_runner(home, server.url)
    finally:
        stop_server(home)


def _state_after_running(url: str, run_id: str, timeout: float) -> dict:
    """The state of flow run ``run_id`` once it is no longer RUNNING (or still RUNNING after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        state = _api(url, f"/flow_runs/{run_id}")["state"]
        if state["type"] != "RUNNING" or time.monotonic() > deadline:
            return state
        time.sleep(1)


def _runs_of(url: str, deployment_id: str | None = None) -> list[dict]:
    body: dict = {"flows": {"name": {"any_": ["ingest"]}}, "sort": "START_TIME_DESC", "limit": 50}
    if deployment_id:
        body["flow_runs"] = {"deployment_id": {"any_": [deployment_id]}}
    return _api(url, "/flow_runs/filter", body)


def test_cli_uploads_are_real_flow_runs_on_the_one_warm_runner(served, evidence_folder):
    home, env, server, runner = served
    dukung = str(BIN / "dukung")
    first = json.loads(_run([dukung, "upload", str(evidence_folder), "-u", "DINKES-JBR", "-p", "2025", "-f", "json"],
                            env).stdout)
    assert first["new"] == 5 and first["processed"] == 5 and first["statuses"] == {"ok": 4, "failed": 1}
    assert first["indexed"] == 5

    runs = _runs_of(server.url, runner["deployments"]["ingest"])
    assert len(runs) == 1 and runs[0]["state"]["type"] == "COMPLETED", runs
    assert runs[0]["parameters"]["unit"] == "DINKES-JBR"
    tasks = _api(server.url, "/task_runs/filter", {"flow_runs": {"id": {"any_": [runs[0]["id"]]}}, "limit": 50})
    assert {t["name"].rsplit("-", 1)[0] for t in tasks} >= {"process-batch"}
    assert all(t["state"]["type"] == "COMPLETED" for t in tasks), tasks

    again = json.loads(_run([dukung, "upload", str(evidence_folder), "-u", "DINKES-JBR", "-p", "2025", "-f", "json"],
                            env).stdout)
    assert again["unchanged"] == 5 and again["processed"] == 0
    assert _ready_runner(home, server.url)["pid"] == runner["pid"], "a second runner was started"
    assert len(_runs_of(server.url, runner["deployments"]["ingest"])) == 2
    # the results were read by the commands: none left behind once the engine wound down
    from flows.prefect_server import prefect_dir

    time.sleep(3)
    assert not list((prefect_dir(home) / "runs").glob("*.json"))


def test_a_command_with_other_settings_runs_its_flow_itself(served, tmp_path):
    home, env, server, runner = served
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "catatan.txt").write_text("Catatan rapat zona integritas", encoding="utf-8")
    before = len(_runs_of(server.url))
    _run([str(BIN / "dukung"), "upload", str(folder), "-u", "DINKES-JBR", "-p", "2025"],
         {**env, "DUKUNG_INGEST__BATCH_SIZE": "7"})
    runs = _runs_of(server.url)
    assert len(runs) == before + 1
    assert runs[0]["deployment_id"] is None and runs[0]["state"]["type"] == "COMPLETED", runs[0]


def test_a_failed_run_and_a_dead_runner_are_errors_not_waits(served):
    from flows.prefect_server import prefect_dir
    from flows.runner_client import RunnerError, submit, wait_for

    home, env, server, runner = served
    folder = prefect_dir(home)
    # a run the flow cannot do (a staged report without its documents): FAILED, said so
    run = submit(server.url, runner, "ingest", {"source": "x", "unit": "DINKES-JBR", "year": 2025,
                                                "staged": {"report": {}}})
    with pytest.raises(RunnerError, match="gagal.*FAILED"):
        wait_for(server.url, folder, runner, run)
    assert _api(server.url, f"/flow_runs/{run['id']}")["state"]["type"] == "FAILED"

    # a runner that is gone, and a run no runner will take: the caller stops waiting within seconds
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    flow = _api(server.url, "/flows/", {"name": "ingest"})
    orphan = _api(server.url, "/flow_runs/", {"flow_id": flow["id"], "name": "orphan", "state": {"type": "PENDING"}})
    started = time.monotonic()
    with pytest.raises(RunnerError, match="berhenti sebelum selesai"):
        wait_for(server.url, folder, {**runner, "pid": dead.pid}, orphan)
    assert time.monotonic() - started < 30


def test_the_first_upload_waits_for_the_runner_and_stopping_the_server_stops_it(tmp_path):
    """The upload that starts the server is run by the runner too (it waits for it to come up); `dukung
    prefect stop` then leaves neither server nor runner."""
    from flows.prefect_server import read_state

    home = tmp_path / "home"
    env = cli_env(home)
    dukung = str(BIN / "dukung")
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "catatan.txt").write_text("Catatan rapat pembangunan zona integritas", encoding="utf-8")
    _run([dukung, "init"], env)
    _run([dukung, "unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], env)
    try:
        result = json.loads(_run([dukung, "upload", str(folder), "-u", "DINKES-JBR", "-p", "2025", "-f", "json"],
                                 env).stdout)
        assert result["processed"] == 1
        server = read_state(home)
        runner = _ready_runner(home, server.url)
        assert os.getpgid(runner["pid"]) == server.pid  # in the server's process group
        [run] = _runs_of(server.url)
        assert run["deployment_id"] == runner["deployments"]["ingest"] and run["state"]["type"] == "COMPLETED"
    finally:
        assert "dihentikan" in _run([dukung, "prefect", "stop"], env).stdout
    deadline = time.monotonic() + 30
    while alive(runner["pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(runner["pid"]), "the runner outlived its server"
    assert read_state(home) is None


def test_runs_a_killed_runner_left_running_are_marked_crashed_by_the_next_one(served):
    """Kill the runner while a run of its deployment is RUNNING: the supervisor starts a new runner, which
    marks the run CRASHED (it would otherwise stay RUNNING for ever and keep the server from its idle stop)."""
    import signal

    home, env, server, runner = served
    deployment = runner["deployments"]["ingest"]
    flow = _api(server.url, "/flows/", {"name": "ingest"})
    stuck = _api(server.url, "/flow_runs/", {"flow_id": flow["id"], "deployment_id": deployment, "name": "stuck",
                                             "state": {"type": "RUNNING"}})
    assert _api(server.url, f"/flow_runs/{stuck['id']}")["state"]["type"] == "RUNNING"
    os.kill(runner["pid"], signal.SIGKILL)
    state = _state_after_running(server.url, stuck["id"], 90)
    assert state["type"] == "CRASHED", state
    assert "unggah ulang" in (state.get("message") or "")
    from flows.prefect_server import prefect_dir
    from flows.runner_client import read_runner

    again = read_runner(prefect_dir(home))
    assert again and again["pid"] != runner["pid"] and alive(again["pid"])


_HANGING_FLOW = """
import os, time
from pathlib import Path
from flows.prefect_env import configure_prefect_environment
configure_prefect_environment(Path(os.environ["DUKUNG_HOME"]))
from prefect import flow
from prefect.runtime import flow_run

@flow(name="dukung-test-hang")
def hang():
    print(flow_run.id, flush=True)
    time.sleep(600)

hang()
"""


def test_a_flow_run_whose_own_process_is_killed_is_marked_crashed_by_the_server(served):
    """A flow run in a command's own process (as `dukung sync` runs it) has no runner to clean up after
    it: killed, it stops sending heartbeats, and the server's automation (flows/crash_detection.py,
    created when the runner starts) marks it CRASHED instead of leaving it RUNNING for ever."""
    import signal

    from flows.crash_detection import AUTOMATION_NAME, CRASH_MESSAGE, SILENCE

    home, env, server, _runner = served
    automations = _api(server.url, "/automations/filter", {"automations": {"name": {"any_": [AUTOMATION_NAME]}}})
    assert len(automations) == 1 and automations[0]["enabled"]
    proc = subprocess.Popen([sys.executable, "-c", _HANGING_FLOW], env={**env, "PREFECT_API_URL": server.url},
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        run_id = proc.stdout.readline().strip()
        assert run_id, "the flow did not start"
        deadline = time.monotonic() + 60
        while _api(server.url, f"/flow_runs/{run_id}")["state"]["type"] != "RUNNING":
            assert time.monotonic() < deadline, "the flow run never became RUNNING"
            time.sleep(0.5)
        time.sleep(2)  # its first heartbeat is sent when it starts running
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    state = _state_after_running(server.url, run_id, SILENCE.total_seconds() + 90)
    assert state["type"] == "CRASHED", state
    assert state.get("message") == CRASH_MESSAGE
