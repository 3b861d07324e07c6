"""The warm runner: one long-lived process per local Prefect server that runs Dukung's flow runs in-process.

``python -m flows.runner --home H --url U`` is started by the data folder's server supervisor
(``flows.prefect_server``) once the server answers, and stopped with it (same process group). It
imports Prefect and the flows once, opens the runtime once (catalog parsed, search index open), registers
a deployment ``<flow>/dukung-runner`` for the flows a CLI command hands over (``ingest``) and then takes
their scheduled flow runs: claimed (``Pending``, so no run is taken twice), run with Prefect's own engine
(``prefect.flow_engine.run_flow``: real flow and task runs, retries, logs) in a thread of this process, and
the result written to ``runs/<flow run id>.json`` for the caller (``flows.runner_client``). A caller rings
the doorbell (UDP on loopback) after creating a run; runs created otherwise (``prefect deployment run``)
are found by polling every few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

from config.errors import DukungError
from flows.crash_detection import ensure_crash_automation
from flows.runner_client import RUNNER_DEPLOYMENT, RUNS_DIR, result_path, runner_path, settings_fingerprint

#: Flow runs at the same time in one runner (they share one pool of parser processes).
LIMIT = 4
POLL_S = 5.0
KEEP_RESULTS_S = 24 * 3600


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, default=str), encoding="utf-8")
    tmp.replace(path)


def _prune(folder: Path) -> None:
    cutoff = time.time() - KEEP_RESULTS_S
    for old in (folder / RUNS_DIR).glob("*.json"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


class WarmRunner:
    def __init__(self, home: Path, url: str):
        from config.settings import get_settings
        from flows.prefect_server import prefect_dir

        self.home, self.url = home, url
        self.folder = prefect_dir(home)
        self.settings = get_settings()
        self.stopping = threading.Event()
        self.busy = 0
        self.reported: set[str] = set()  # runs whose final-state hook wrote the result
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(LIMIT, thread_name_prefix="dukung-run")

    def start(self) -> None:
        from prefect import get_client

        from flows import pipelines

        hooks = [self.report]
        self.flows = {f.name: f.with_options(on_completion=hooks, on_failure=hooks, on_crashed=hooks,
                                             on_cancellation=hooks)
                      for f in (pipelines.ingest_flow, pipelines.upload_batch_flow)}
        self.deployments = {name: str(f.to_deployment(name=RUNNER_DEPLOYMENT, tags=["dukung"]).apply())
                            for name, f in self.flows.items()}
        self.by_deployment = {dep: self.flows[name] for name, dep in self.deployments.items()}
        try:
            pipelines.runtime()  # opened now (catalog, records, index), not on the first run
        except DukungError as exc:  # a data folder not set up yet: opened by the first run instead
            print(f"[dukung] runner: {exc}", flush=True)
        self.client = get_client(sync_client=True)
        self.client.__enter__()
        self.crash_orphans()
        try:  # runs of Dukung commands' own processes that die are crashed by the server (not only ours)
            ensure_crash_automation(self.client)
        except Exception as exc:  # noqa: BLE001 - the runner still runs; a later start tries again
            print(f"[dukung] runner: {type(exc).__name__}: {exc}", flush=True)
        self.doorbell = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.doorbell.bind(("127.0.0.1", 0))
        _write_json(runner_path(self.folder), {
            "pid": os.getpid(), "url": self.url, "doorbell": self.doorbell.getsockname()[1],
            "deployments": self.deployments, "fingerprint": settings_fingerprint(self.settings),
            "started_at": time.time()})

    def crash_orphans(self) -> int:
        """Runs of the runner's deployments still PENDING or RUNNING when it starts were taken by a runner
        that died (there is one per data folder): they are marked CRASHED, with a result for a caller still
        following one, instead of staying "running" for ever (and keeping the server from its idle stop).
        Their files stay staged and in the records database; uploading again picks them up."""
        from uuid import UUID

        from prefect.client.schemas.filters import (
            FlowRunFilter,
            FlowRunFilterDeploymentId,
            FlowRunFilterState,
            FlowRunFilterStateType,
        )
        from prefect.client.schemas.objects import StateType
        from prefect.states import Crashed

        message = "runner berhenti saat menjalankan proses ini; unggah ulang untuk melanjutkan"
        runs = self.client.read_flow_runs(flow_run_filter=FlowRunFilter(
            deployment_id=FlowRunFilterDeploymentId(any_=[UUID(d) for d in self.deployments.values()]),
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING]))))
        for run in runs:
            self.client.set_flow_run_state(run.id, Crashed(message=message), force=True)
            _write_json(result_path(self.folder, str(run.id)), {"state": "CRASHED", "message": message})
        if runs:
            print(f"[dukung] runner: {len(runs)} proses yang terputus ditandai CRASHED", flush=True)
        return len(runs)

    def serve(self) -> None:
        while not self.stopping.is_set():
            self.doorbell.settimeout(POLL_S)
            try:
                self.doorbell.recv(64)
            except (TimeoutError, socket.timeout):
                pass
            except OSError:
                if self.stopping.is_set():
                    break
            try:
                self.take_scheduled()
            except Exception as exc:  # noqa: BLE001 - the server is busy or restarting: try again
                print(f"[dukung] runner: {type(exc).__name__}: {exc}", flush=True)
                time.sleep(1)

    def take_scheduled(self) -> None:
        from prefect.client.schemas.responses import SetStateStatus
        from prefect.states import Pending

        with self.lock:
            room = LIMIT - self.busy
        if room <= 0:
            return
        runs = self.client.get_scheduled_flow_runs_for_deployments(
            list(self.by_deployment), scheduled_before=datetime.now(timezone.utc) + timedelta(seconds=1),
            limit=room)
        for run in runs:
            claimed = self.client.set_flow_run_state(run.id, Pending())
            if claimed.status != SetStateStatus.ACCEPT:
                continue  # another runner or worker took it
            with self.lock:
                self.busy += 1
            # read here, on this thread: the client is not shared with the runs' threads
            self.pool.submit(self.execute, self.client.read_flow_run(run.id))

    def report(self, flow, flow_run, state) -> None:
        """The flow's hook on its final state: the result goes to the caller at once, before the engine
        winds down (it joins its heartbeat thread, which sleeps in one-second steps)."""
        outcome = {"state": state.type.value, "message": state.message}
        if state.is_completed():
            outcome["result"] = state.result()
        _write_json(result_path(self.folder, str(flow_run.id)), outcome)
        with self.lock:
            self.reported.add(str(flow_run.id))

    def execute(self, run) -> None:
        from prefect.flow_engine import run_flow

        path = result_path(self.folder, str(run.id))
        try:
            flow = self.by_deployment[str(run.deployment_id)]
            state = run_flow(flow, flow_run=run, return_type="state")
            outcome = {"state": state.type.value, "message": state.message}
            if state.is_completed():
                outcome["result"] = state.result()
        except BaseException as exc:  # noqa: BLE001 - whatever happened, the caller must hear of it
            outcome = {"state": "CRASHED", "message": f"{type(exc).__name__}: {exc}"}
        finally:
            with self.lock:
                self.busy -= 1
        with self.lock:
            reported = str(run.id) in self.reported
            self.reported.discard(str(run.id))
        if not reported:  # no hook ran (the engine itself failed); the caller may have read the hook's already
            _write_json(path, outcome)
        _prune(self.folder)

    def stop(self, *_) -> None:
        self.stopping.set()
        self.doorbell.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.runner")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--url", required=True)
    args = parser.parse_args(argv)
    os.environ["PREFECT_API_URL"] = args.url
    os.environ.setdefault("DUKUNG_HOME", str(args.home))  # the server's data folder
    runner = WarmRunner(args.home, args.url)
    signal.signal(signal.SIGTERM, runner.stop)
    signal.signal(signal.SIGINT, runner.stop)
    runner.start()
    runner.serve()
    with_runs = runner.busy
    runner.pool.shutdown(wait=with_runs == 0, cancel_futures=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
