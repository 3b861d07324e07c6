"""One local Prefect server per data folder, started once and shared by every Dukung process.

On the embedded defaults (no ``PREFECT_API_URL``) the flows still run as Prefect flow runs, recorded on
a Prefect server of this data folder: ``prefect server start`` on a free loopback port, its SQLite
database and log under ``<DUKUNG_HOME>/prefect/``. :func:`ensure_server` finds it through
``<DUKUNG_HOME>/prefect/server.json`` (URL and process id) and checks ``/api/health``; when there is
none, or it died, or the file is stale, it starts one under an exclusive lock
(``server.lock``, ``fcntl.flock``), so many processes asking at once start exactly one.

The server runs below a small supervisor (``python -m flows.prefect_server supervise``), the leader
of its own process group. The supervisor stops the server when it has been idle for
``DUKUNG_INGEST__PREFECT_IDLE_MINUTES`` (no client touched it and no flow run is running), when it
gets SIGTERM, or when its data folder disappears. Who stops it:

* ``dukung web`` and ``dukung serve`` stop the server they started when they stop;
* a server started by a CLI command (``dukung upload``, ``dukung sync``, ``dukung demo``) stays up for
  the next command and stops by itself after the idle time;
* ``dukung prefect stop`` stops it at once; ``dukung prefect status`` shows it.

Once the server answers, the supervisor also starts its warm runner (``flows.runner``: the flows loaded
once, runs handed to it by ``flows.runner_client``), in the same process group, so it stops with the server.

Nothing here imports Prefect: a client only needs the URL (set as ``PREFECT_API_URL`` before
Prefect is imported, or via ``temporary_settings`` where it is imported already).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from config.errors import DukungError
from flows.prefect_env import server_environment
from flows.runner_client import alive as _alive, mark_starting, start_runner

STATE_FILE = "server.json"
LOCK_FILE = "server.lock"
USED_FILE = "server.used"
LOG_FILE = "server.log"
STARTUP_TIMEOUT_S = 120.0
CHECK_EVERY_S = 15.0
#: A recorded server whose process is alive but whose API has not answered for this long is replaced.
STALE_AFTER_S = 60.0
RUNNER_RESTARTS = 3


class PrefectServerError(DukungError):
    """The local Prefect server could not be started."""


@dataclass(frozen=True)
class ServerInfo:
    url: str  #: the API URL, e.g. http://127.0.0.1:43121/api
    pid: int  #: the supervisor's pid (leader of the server's process group)
    port: int
    started_by: str
    started_at: float

    def as_dict(self) -> dict:
        return asdict(self)


def prefect_dir(home: Path) -> Path:
    """``<home>/prefect``: the local server's database, log, state and lock files (its PREFECT_HOME)."""
    path = (Path(home) / "prefect").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def health(url: str, timeout: float = 2.0) -> bool:
    """``GET <url>/health`` answers ``true``."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as resp:  # noqa: S310 - loopback only
            return resp.status == 200 and json.loads(resp.read() or b"false") is True
    except (OSError, ValueError, urllib.error.URLError):
        return False


def read_state(home: Path) -> ServerInfo | None:
    """The recorded server of this data folder, if any (not checked)."""
    try:
        data = json.loads((prefect_dir(home) / STATE_FILE).read_text(encoding="utf-8"))
        return ServerInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


def running_server(home: Path) -> ServerInfo | None:
    """The recorded server if its supervisor is alive and the API answers."""
    info = read_state(home)
    if info is not None and _alive(info.pid) and health(info.url):
        return info
    return None


def _patient_check(home: Path, patience: float = STALE_AFTER_S) -> ServerInfo | None:
    """Like :func:`running_server`, but a server whose process lives gets ``patience`` seconds to
    answer: a busy machine (30 uploads at once) must not make a healthy server look dead and be replaced."""
    info = read_state(home)
    if info is None:
        return None
    deadline = time.monotonic() + patience
    while _alive(info.pid):
        if health(info.url, timeout=5.0):
            return info
        if time.monotonic() > deadline:
            return None
        time.sleep(0.5)
    return None


def touch(home: Path) -> None:
    """Say the server is in use (the supervisor's idle clock starts again)."""
    with contextlib.suppress(OSError):
        (prefect_dir(home) / USED_FILE).touch()


@contextlib.contextmanager
def _locked(home: Path):
    with open(prefect_dir(home) / LOCK_FILE, "a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_server(home: Path, *, started_by: str = "cli", idle_minutes: float = 30.0,
                  timeout: float = STARTUP_TIMEOUT_S) -> tuple[ServerInfo, bool]:
    """The data folder's running server, started if needed; ``(info, started_here)``."""
    found = running_server(home)
    if found is not None:
        touch(home)
        return found, False
    with _locked(home):
        found = _patient_check(home)  # another process started it while we waited, or it is just slow
        if found is not None:
            touch(home)
            return found, False
        _stop_recorded(home)  # a stale record: a dead or hung server
        info = _start(home, started_by, idle_minutes, timeout)
        touch(home)
        return info, True


def _start(home: Path, started_by: str, idle_minutes: float, timeout: float) -> ServerInfo:
    folder = prefect_dir(home)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = folder / LOG_FILE
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(server_environment(folder))
    cmd = [sys.executable, "-m", "flows.prefect_server", "supervise", "--home", str(Path(home).resolve()),
           "--port", str(port), "--idle-minutes", str(idle_minutes)]
    started = time.monotonic()
    with open(log, "ab") as fh:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=folder)
    while not health(url, timeout=1.0):
        if proc.poll() is not None or time.monotonic() - started > timeout:
            _stop_group(proc.pid)
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise PrefectServerError(f"Server Prefect lokal tidak dapat dimulai (lihat {log}): {tail.strip()[-400:]}")
        time.sleep(0.2)
    info = ServerInfo(url=url, pid=proc.pid, port=port, started_by=started_by, started_at=time.time())
    tmp = folder / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(info.as_dict()), encoding="utf-8")
    tmp.replace(folder / STATE_FILE)
    return info


def _stop_group(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM the process group led by ``pid``, then SIGKILL what is left of it."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when it is our child
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _stop_recorded(home: Path) -> ServerInfo | None:
    info = read_state(home)
    if info is not None:
        _stop_group(info.pid)
    with contextlib.suppress(FileNotFoundError):
        (prefect_dir(home) / STATE_FILE).unlink()
    return info


def stop_server(home: Path) -> ServerInfo | None:
    """Stop the data folder's server (and everything it started); the record of what was stopped."""
    with _locked(home):
        return _stop_recorded(home)


# --- what Dukung's processes call ----------------------------------------------------------------

#: Servers this process started (``dukung web`` / ``dukung serve`` stop them when they stop).
_STARTED_HERE: list[Path] = []


def local_api_url(settings, *, started_by: str) -> str | None:
    """The API URL flows of this process should use: ``None`` when ``PREFECT_API_URL`` names a server
    (the operator's), else the data folder's local server, started if needed."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    info, started = ensure_server(settings.home, started_by=started_by,
                                  idle_minutes=settings.ingest.prefect_idle_minutes)
    if started and started_by in ("web", "serve"):
        _STARTED_HERE.append(Path(settings.home))
    return info.url


def connect(settings, *, started_by: str = "cli") -> str | None:
    """Before Prefect is imported: point this process at the data folder's server (see
    :func:`local_api_url`); returns the URL when it is the local one."""
    url = local_api_url(settings, started_by=started_by)
    if url:
        os.environ["PREFECT_API_URL"] = url
    return url


@contextlib.contextmanager
def flow_api(settings, *, started_by: str):
    """Run flows in this block against the data folder's server — unless Prefect already has an API
    (``PREFECT_API_URL``, a test harness in the caller's context). For processes that imported
    Prefect already (the web app's upload threads). Gives the local server's URL, else ``None``."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if get_current_settings().api.url:
        yield None
        return
    url = local_api_url(settings, started_by=started_by)
    if url is None:
        yield None
        return
    with temporary_settings(updates={PREFECT_API_URL: url}):
        touch(settings.home)
        yield url
    touch(settings.home)


def stop_started_here() -> None:
    """Stop the servers this process started (at the end of ``dukung web`` / ``dukung serve``), after
    sending them what Prefect still holds (logs, events): left for the exit, those would be retried
    against a stopped server and hold the process up."""
    if _STARTED_HERE:
        _flush_prefect()
    while _STARTED_HERE:
        stop_server(_STARTED_HERE.pop())


def _flush_prefect(timeout: float = 15.0) -> None:
    if "prefect" not in sys.modules:
        return

    def drain() -> None:
        try:
            from prefect.events.worker import EventsWorker
            from prefect.logging.handlers import APILogWorker

            for service in (APILogWorker, EventsWorker):
                service.drain_all(timeout=timeout, at_exit=False)
        except Exception:  # noqa: BLE001 - flushing is best effort; the runs are recorded already
            pass

    # in a thread of its own: called from the web app's (async) shutdown, drain_all would only hand back
    # a coroutine
    flusher = threading.Thread(target=drain, name="dukung-prefect-flush", daemon=True)
    flusher.start()
    flusher.join(2 * timeout + 5)


# --- the supervisor (runs in its own process group) -------------------------------------------------

def _running_flow_runs(url: str) -> int:
    body = json.dumps({"flow_runs": {"state": {"type": {"any_": ["RUNNING", "PENDING", "CANCELLING"]}}}}).encode()
    req = urllib.request.Request(f"{url}/flow_runs/count", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310 - loopback only
            return int(json.loads(resp.read()))
    except (OSError, ValueError, urllib.error.URLError):
        return 0


def _last_used(folder: Path, since: float) -> float:
    try:
        return max(since, (folder / USED_FILE).stat().st_mtime)
    except OSError:
        return since


def supervise(home: Path, port: int, idle_minutes: float) -> int:
    """Run ``prefect server start`` and stop it when idle, on SIGTERM, or when the data folder is gone."""
    folder = prefect_dir(home)
    url = f"http://127.0.0.1:{port}/api"
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, cwd=folder)  # same process group as us
    mark_starting(folder, url, os.getpid())  # the first caller waits for the runner, started below
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    ready_at = None  # the idle clock starts when the server first answers, not while it starts
    runner, restarts = None, 0  # the warm runner (flows.runner), started once the server answers
    idle_s = idle_minutes * 60
    while not stopping and server.poll() is None:
        time.sleep(min(CHECK_EVERY_S, max(0.5, idle_s / 4)) if ready_at else 0.5)
        if not folder.exists():
            break
        if ready_at is None:
            ready_at = time.time() if health(url) else None
            runner = start_runner(home, folder, url) if ready_at else None
            continue
        if runner.poll() is not None and restarts < RUNNER_RESTARTS:  # the warm runner died: a new one
            restarts += 1
            runner = start_runner(home, folder, url)
        if idle_s > 0 and time.time() - _last_used(folder, ready_at) > idle_s and not _running_flow_runs(url):
            print(f"[dukung] server Prefect menganggur {idle_minutes:g} menit: berhenti", flush=True)
            break
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    info = read_state(home) if folder.exists() else None
    if info is not None and info.pid == os.getpid():
        with contextlib.suppress(FileNotFoundError):
            (folder / STATE_FILE).unlink()
    # anything the server left behind (uvicorn, its services) is in our process group
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(os.getpgrp(), signal.SIGTERM)
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m flows.prefect_server")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("supervise", help="run the data folder's Prefect server until idle or stopped")
    run.add_argument("--home", type=Path, required=True)
    run.add_argument("--port", type=int, required=True)
    run.add_argument("--idle-minutes", type=float, default=30.0)
    args = parser.parse_args(argv)
    return supervise(args.home, args.port, args.idle_minutes)


if __name__ == "__main__":
    sys.exit(main())
