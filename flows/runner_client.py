"""The CLI's side of the warm runner (``flows.runner``): hand a flow run to it and follow it, without Prefect.

The data folder's local Prefect server (``flows.prefect_server``) has a companion process, the warm
runner, started by the same supervisor (so under the same lock, in the same process group, stopped with
the server). It has Prefect, the flows and an open runtime loaded already. A CLI command then does not
import Prefect or run the flow in its own process: it creates a flow run of the runner's deployment
through the server's REST API (``POST /deployments/{id}/create_flow_run``), rings the runner's doorbell
(one UDP datagram on loopback) and waits for the run's result file. The run is a real Prefect
deployment flow run (``prefect flow-run ls`` shows it, tasks retried as the flows say).

A runner is used only when it runs with exactly the settings of the caller (``settings_fingerprint``);
otherwise, or when none is ready, the caller runs the flow in its own process as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from config.errors import DukungError

RUNNER_FILE = "runner.json"
RUNS_DIR = "runs"
#: The deployments the runner serves are ``<flow name>/dukung-runner``.
RUNNER_DEPLOYMENT = "dukung-runner"
#: How long a caller waits for a runner that is still starting (it imports Prefect and the flows).
READY_WAIT_S = 90.0
POLL_S = 0.1
#: While waiting for a result, the run's state on the server is read this often (a lost run is noticed).
STATE_EVERY_S = 2.0
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


class RunnerError(DukungError):
    """A flow run handed to the warm runner did not end with a result."""


def settings_fingerprint(settings) -> str:
    """A hash of the effective settings: a runner started with other settings is not used."""
    return hashlib.sha256(settings.model_dump_json().encode()).hexdigest()[:16]


def runner_path(folder: Path) -> Path:
    return Path(folder) / RUNNER_FILE


def start_runner(home: Path, folder: Path, url: str) -> subprocess.Popen:
    """Start the warm runner for the server at ``url`` (called by the supervisor, in its process group)."""
    env = {**os.environ, "PREFECT_API_URL": url}
    proc = subprocess.Popen([sys.executable, "-m", "flows.runner", "--home", str(home), "--url", url],
                            env=env, stdin=subprocess.DEVNULL, cwd=folder)
    mark_starting(folder, url, proc.pid)
    return proc


def mark_starting(folder: Path, url: str, pid: int) -> None:
    """Say a runner for ``url`` is on its way (``pid``: the process to watch meanwhile): callers wait for
    it. The supervisor says so before its server answers, then with the runner's pid; the runner
    replaces it when it is ready."""
    tmp = runner_path(folder).with_name(f".{RUNNER_FILE}.starting")
    tmp.write_text(json.dumps({"pid": pid, "url": url, "starting": True}), encoding="utf-8")
    tmp.replace(runner_path(folder))


def alive(pid: int) -> bool:
    """The process ``pid`` exists (``pid`` > 0)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_runner(folder: Path) -> dict | None:
    try:
        state = json.loads(runner_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pid = int(state.get("pid") or 0) if isinstance(state, dict) else 0
    return state if pid > 0 and alive(pid) else None


def ready_runner(settings, folder: Path, url: str, *, wait_s: float = READY_WAIT_S) -> dict | None:
    """The runner of the server at ``url`` with the caller's settings, waiting while one starts; ``None``
    when there is none (or it runs with other settings)."""
    deadline = time.monotonic() + wait_s
    while True:
        runner = read_runner(folder)
        if runner is None or runner.get("url") != url or time.monotonic() > deadline:
            return None  # none, or one that died starting, or another server's
        if not runner.get("starting"):
            return runner if runner.get("fingerprint") == settings_fingerprint(settings) else None
        time.sleep(0.2)


#: A busy server (30 uploads at once) answers 503 or 429 for a while; as Prefect's own client does,
#: such answers and dropped connections are tried again, with growing pauses (about 30 s in all).
RETRY_CODES = {429, 502, 503, 504}
RETRY_DELAYS_S = (0.5, 1, 2, 4, 8, 15)


def _api(url: str, method: str, path: str, body: dict | None = None, timeout: float = 30.0):
    data = None if body is None else json.dumps(body).encode()
    for attempt, pause in enumerate((*RETRY_DELAYS_S, None)):
        req = urllib.request.Request(f"{url}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback only
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode(errors="replace")
            if exc.code not in RETRY_CODES or pause is None:
                raise RunnerError(f"Server Prefect lokal menolak permintaan ({exc.code}): {detail}") from None
        except (OSError, ValueError) as exc:
            if pause is None:
                raise RunnerError(f"Server Prefect lokal tidak menjawab: {exc}") from None
        time.sleep(pause)


def submit(url: str, runner: dict, flow_name: str, parameters: dict) -> dict:
    """Create a flow run of the runner's deployment of ``flow_name`` and ring its doorbell; the flow run."""
    deployment = runner["deployments"][flow_name]
    # tried again on a busy server: the key makes a second try return the run the first one made
    run = _api(url, "POST", f"/deployments/{deployment}/create_flow_run",
               {"parameters": parameters, "idempotency_key": uuid.uuid4().hex})
    ring(runner)
    return run


def ring(runner: dict) -> None:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"run", ("127.0.0.1", int(runner["doorbell"])))


def result_path(folder: Path, flow_run_id: str) -> Path:
    return Path(folder) / RUNS_DIR / f"{flow_run_id}.json"


def wait_for(url: str, folder: Path, runner: dict, flow_run: dict, *, on_poll=None) -> object:
    """Wait until the runner wrote the run's result; the flow's return value. A failed run, a runner
    that died, or a run that ended on the server without a result raises :class:`RunnerError`."""
    path = result_path(folder, flow_run["id"])
    checked = time.monotonic()
    while not path.exists():
        if on_poll is not None:
            on_poll()
        time.sleep(POLL_S)
        if time.monotonic() - checked < STATE_EVERY_S:
            continue
        checked = time.monotonic()
        state = (_api(url, "GET", f"/flow_runs/{flow_run['id']}").get("state") or {}).get("type")
        if path.exists():
            break
        if not alive(int(runner["pid"])) or (state in TERMINAL and not path.exists()):
            time.sleep(0.5)  # a result written just now
            if not path.exists():
                raise RunnerError(f"Pemrosesan berhenti sebelum selesai (flow run {flow_run['name']}, status "
                                  f"{state}); berkas sudah tersimpan dan diproses lagi pada rekonsiliasi berikutnya.")
    outcome = json.loads(path.read_text(encoding="utf-8"))
    with contextlib.suppress(OSError):
        path.unlink()
    if outcome["state"] != "COMPLETED":
        raise RunnerError(f"Pemrosesan gagal (flow run {flow_run['name']}, {outcome['state']}): "
                          f"{outcome.get('message') or ''}".rstrip(": "))
    return outcome["result"]


def run_on_runner(settings, folder: Path, url: str, flow_name: str, parameters: dict) -> bool:
    """Run ``flow_name`` on the warm runner and wait for it; False (nothing done) when no runner with
    these settings serves ``url``. A failed run raises :class:`RunnerError`."""
    runner = ready_runner(settings, folder, url)
    if runner is None:
        return False
    wait_for(url, folder, runner, submit(url, runner, flow_name, parameters))
    return True
