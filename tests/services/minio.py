"""MinIO for the S3 tests, built from source with ``go install`` (pinned) and cached.

The community MinIO server was archived upstream; the Go module proxy reachable here serves only
its last commit as a pseudo-version (``@latest``; the ``RELEASE.*`` tags are not semver and are
refused), so that commit is pinned. It builds with Go 1.26. The binary lives in
``CACHE_DIR/go-bin/minio-<version>/minio``; a second run skips the build.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.services.base import (
    CACHE_DIR,
    ServiceUnavailable,
    free_port,
    http_ok,
    log_file,
    run,
    stop_process,
    wait_for,
)

MINIO_MODULE = "github.com/minio/minio"
MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c"  # last commit of the archived community server
BUILD_TIMEOUT_S = 40 * 60


def go_env(**extra: str) -> dict[str, str]:
    """Environment for reproducible, offline-friendly Go builds (no toolchain download, no VCS stamping)."""
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOFLAGS="-buildvcs=false", CGO_ENABLED="0")
    env.update(extra)
    return env


def ensure_go_binary(name: str, version: str, binary: str, build: Callable[[Path], None]) -> Path:
    """Return ``CACHE_DIR/go-bin/<name>-<version>/<binary>``, building it once with ``build(bin_dir)``.

    A file lock keeps two parallel test runs from building at the same time; the build time is
    printed and kept beside the binary (``build-seconds``).
    """
    if shutil.which("go") is None:
        raise ServiceUnavailable(f"{name}: perintah 'go' tidak ditemukan; pasang Go ≥ 1.24 untuk membangun {name}")
    bin_dir = CACHE_DIR / "go-bin" / f"{name}-{version}"
    path = bin_dir / binary
    if path.is_file() and os.access(path, os.X_OK):
        return path
    bin_dir.mkdir(parents=True, exist_ok=True)
    with open(bin_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        print(f"[layanan] {name}: membangun {name} {version} dengan Go (sekali saja, beberapa menit)…", flush=True)
        started = time.monotonic()
        build(bin_dir)
        seconds = time.monotonic() - started
        if not path.is_file():
            raise ServiceUnavailable(f"{name}: build selesai tetapi {path} tidak ada")
        (bin_dir / "build-seconds").write_text(f"{seconds:.1f}\n")
        print(f"[layanan] {name}: dibangun dalam {seconds:.1f} detik → {path}", flush=True)
    return path


def _build_minio(bin_dir: Path) -> None:
    run(["go", "install", f"{MINIO_MODULE}@{MINIO_VERSION}"], timeout=BUILD_TIMEOUT_S,
        env=go_env(GOBIN=str(bin_dir)), cwd=bin_dir, what=f"go install {MINIO_MODULE}@{MINIO_VERSION}")


class MinioService:
    name = "minio"
    env = ("DUKUNG_TEST_MINIO_ENDPOINT", "DUKUNG_TEST_MINIO_ACCESS_KEY", "DUKUNG_TEST_MINIO_SECRET_KEY")

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        binary = ensure_go_binary("minio", MINIO_VERSION, "minio", _build_minio)
        data = workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        port, console_port = free_port(), free_port()
        access_key, secret_key = "dukungtest", secrets.token_hex(16)
        proc_env = dict(env)
        proc_env.update(
            MINIO_ROOT_USER=access_key,
            MINIO_ROOT_PASSWORD=secret_key,
            MINIO_UPDATE="off",
            MINIO_CALLHOME_ENABLE="off",
            MINIO_BROWSER="off",
            MINIO_PROMETHEUS_AUTH_TYPE="jwt",
            HOME=str(workdir),  # keeps ~/.minio (certs dir) out of the real home
        )
        log = log_file("minio")
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(
            [str(binary), "server", str(data), "--address", f"127.0.0.1:{port}",
             "--console-address", f"127.0.0.1:{console_port}", "--certs-dir", str(workdir / "certs"), "--quiet"],
            stdout=self._log, stderr=subprocess.STDOUT, env=proc_env, cwd=workdir, start_new_session=True)
        endpoint = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: http_ok(f"{endpoint}/minio/health/live") and http_ok(f"{endpoint}/minio/health/ready"),
                     timeout=60, what="MinIO", proc=self.proc, log=log)
        except ServiceUnavailable:
            self.stop()
            raise
        return {"DUKUNG_TEST_MINIO_ENDPOINT": endpoint, "DUKUNG_TEST_MINIO_ACCESS_KEY": access_key,
                "DUKUNG_TEST_MINIO_SECRET_KEY": secret_key}

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None


SERVICE = MinioService()
