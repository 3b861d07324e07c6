"""Helpers shared by the service launchers: ports, waiting for health, caches, logs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("DUKUNG_TEST_CACHE", Path.home() / ".cache" / "dukung-test"))
LOG_DIR = ROOT / ".test-artifacts" / "services"


class ServiceUnavailable(RuntimeError):
    """A service could not be installed or started; the message says why in one line."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen | None = None,
              log: Path | None = None) -> None:
    """Poll ``check`` until it is true; fail early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise ServiceUnavailable(f"{what} berhenti saat mulai (kode {proc.returncode}). {tail}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.5)
    raise ServiceUnavailable(f"{what} tidak siap dalam {timeout:.0f} detik")


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback only
            return 200 <= resp.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def log_file(name: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    return LOG_DIR / f"{name}.log"


def run(cmd: list[str], *, timeout: float, env: dict | None = None, cwd: Path | None = None,
        what: str = "") -> subprocess.CompletedProcess:
    """Run an install/build step; a failure becomes ServiceUnavailable with the output's tail."""
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    except FileNotFoundError as exc:
        raise ServiceUnavailable(f"{what or cmd[0]}: perintah tidak ditemukan ({exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise ServiceUnavailable(f"{what or cmd[0]}: melebihi {timeout:.0f} detik") from exc
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-1500:]
        raise ServiceUnavailable(f"{what or ' '.join(cmd[:3])} gagal (kode {result.returncode}): {tail}")
    return result


def stop_process(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Restartable:
    """Kill a running server the hard way and start it again on the same ports and data (fault tests).

    A launcher calls :meth:`_remember` with its server command, ``Popen`` options and a readiness
    check once it started; :meth:`kill` sends SIGKILL to its process group (no clean shutdown, data
    kept) and :meth:`restart` runs the same command again and waits until it is ready.
    """

    proc: subprocess.Popen | None = None
    #: the log file's name under .test-artifacts/services (a private instance takes its own)
    log_name: str = ""

    def _remember(self, cmd: list[str], popen: dict, ready: Callable[[], bool], what: str,
                  timeout: float = 120) -> None:
        self._restart = (cmd, popen, ready, what, timeout)

    def kill(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)

    def restart(self) -> None:
        cmd, popen, ready, what, timeout = self._restart
        self.kill()
        self.proc = subprocess.Popen(cmd, **popen)
        wait_for(ready, timeout, what, self.proc)
