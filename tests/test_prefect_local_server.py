"""The data folder's local Prefect server (flows/prefect_server.py): many processes asking at once start
one; a killed server is replaced by the next command; an idle one stops by itself, leaving no process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.prefect_helpers import group_alive
from tests.services.base import ROOT

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

ASK = ("import json, sys; from pathlib import Path; from flows.prefect_server import ensure_server\n"
       "info, started = ensure_server(Path(sys.argv[1]), started_by='test', idle_minutes=float(sys.argv[2]))\n"
       "print(json.dumps({'pid': info.pid, 'url': info.url, 'started': started}))\n")


def _ask_at_once(home, n: int, idle_minutes: float) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    procs = [subprocess.Popen([sys.executable, "-c", ASK, str(home), str(idle_minutes)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-2000:]
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def test_one_server_per_data_folder_replaced_when_killed_and_stopped_when_idle(tmp_path):
    from flows.prefect_server import health, read_state, stop_server

    home = tmp_path / "home"
    try:
        answers = _ask_at_once(home, 3, idle_minutes=30)
        assert len({(a["pid"], a["url"]) for a in answers}) == 1, answers
        assert sum(a["started"] for a in answers) == 1, answers
        first = read_state(home)
        assert first is not None and first.pid == answers[0]["pid"] and health(first.url)

        # the server dies (kill -9 of its whole group): the next command starts a new one
        os.killpg(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while group_alive(first.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        [again] = _ask_at_once(home, 1, idle_minutes=0.05)  # this one stops after 3 s without use
        assert again["started"] and again["pid"] != first.pid and health(again["url"])

        deadline = time.monotonic() + 120
        while read_state(home) is not None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert read_state(home) is None, "the idle server did not stop"
        deadline = time.monotonic() + 30
        while group_alive(again["pid"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not group_alive(again["pid"]), "processes of the idle server are left behind"
        assert not health(again["url"])
    finally:
        stop_server(home)
